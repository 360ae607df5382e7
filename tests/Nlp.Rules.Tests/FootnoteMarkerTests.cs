using System.Collections.Immutable;
using Nlp.Core.Model;

namespace Nlp.Rules.Tests;

/// <summary>ANNOTATION.md: footnote markers ("[1]", "[12]", "Samarkand.1") are never entities, and never CARDINAL.</summary>
public class FootnoteMarkerTests
{
    const string Text = "The Kalmyks were deported in 1943.[1] Some 93,000 people went to Siberia.[12] " +
                        "Others reached Samarkand.1 In 1957, 4 families returned,3 and the rate was 1.5 per cent (p. 45).";

    static List<string> Numbers(Document d) =>
        d.Entities.Where(e => NumericLabels.Contains(e.Label)).Select(e => $"{e.Label} {d.TextOf(e.Span)}").ToList();

    [Fact]
    public void The_numbers_stage_makes_no_entity_of_a_footnote_marker()
    {
        var d = new NumericEntityStage().Process(new Document("d", Text));
        var found = Numbers(d);
        Assert.Contains("DATE 1943", found);
        Assert.Contains("CARDINAL 93,000", found);
        Assert.Contains("CARDINAL 4", found);
        Assert.DoesNotContain(found, f => f is "CARDINAL 1" or "CARDINAL 12" or "CARDINAL 3");
    }

    [Fact]
    public void A_taggers_cardinal_on_a_marker_is_dropped_and_real_numbers_stay()
    {
        int one = Text.IndexOf("[1]", StringComparison.Ordinal) + 1;
        int three = Text.IndexOf(",3 ", StringComparison.Ordinal) + 1;
        int four = Text.IndexOf(" 4 ", StringComparison.Ordinal) + 1;
        var tagged = new Document("d", Text)
        {
            Entities = [new Entity("T1", new Span(one, one + 1), "CARDINAL", 0.9), new Entity("T2", new Span(three, three + 1), "CARDINAL", 0.9),
                        new Entity("T3", new Span(four, four + 1), "CARDINAL", 0.9)],
        };
        var d = new NumericEntityStage().Process(tagged);
        Assert.DoesNotContain(d.Entities, e => e.Span.Start == one || e.Span.Start == three);
        Assert.Contains(d.Entities, e => e.Span.Start == four && e.Label == "CARDINAL");
    }

    [Theory]
    [InlineData("see [7] below", "7", true)]
    [InlineData("Samarkand.12 The", "12", true)]
    [InlineData("Moscow\u00B9 and", "\u00B9", true)]
    [InlineData("a rate of 1.5 per cent", "5", false)]
    [InlineData("p. 45", "45", false)]
    [InlineData("in [1937] the", "1937", false)]
    [InlineData("In 1957, 4 families", "4", false)]
    public void What_counts_as_a_marker(string text, string number, bool marker)
    {
        int start = text.IndexOf(number, StringComparison.Ordinal);
        Assert.Equal(marker, FootnoteMarkers.IsMarker(text, new Span(start, start + number.Length)));
    }
}
