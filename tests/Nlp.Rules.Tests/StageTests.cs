using System.Collections.Immutable;
using Nlp.Core.Formats;
using Nlp.Core.Model;
using Nlp.Core.Pipeline;
using Nlp.Core.Schema;

namespace Nlp.Rules.Tests;

/// <summary>The "numbers" stage: how rule entities merge with a tagger's, confidence, order and validity.</summary>
public class StageTests
{
    private const string Text = "In 1931 ten thousand Americans moved to the USSR, and the Second World War began in 1939.";

    private static Entity Tagged(string text, string mention, string label, string id, int from = 0)
    {
        int start = text.IndexOf(mention, from, StringComparison.Ordinal);
        Assert.True(start >= 0, mention);
        return new Entity(id, new Span(start, start + mention.Length), label, 0.8);
    }

    private static Document Doc(string text, params Entity[] entities) =>
        new Document("d1", text) { Entities = entities.ToImmutableArray() };

    private static List<string> Summary(Document d) => d.Entities.Select(e => $"{e.Label} {d.TextOf(e.Span)}").ToList();

    [Fact]
    public void On_a_bare_document_the_stage_adds_the_rule_entities_with_confidence_and_values()
    {
        var d = new NumericEntityStage().Process(Doc(Text));
        // "Second" is part of a name (the Second World War), so no ORDINAL.
        Assert.Equal(["DATE 1931", "CARDINAL ten thousand", "DATE 1939"], Summary(d));
        var count = d.Entities.Single(e => d.TextOf(e.Span) == "ten thousand");
        Assert.Equal(10000L, (long?)count.Extra?["normalized"]);
        Assert.Equal("rules", (string?)count.Extra?["source"]);
        Assert.Equal(Math.Round(RuleManifest.Default.Confidence("CARDINAL"), 4), count.Confidence);
    }

    [Fact]
    public void A_taggers_wider_expression_of_another_label_keeps_the_number_the_rules_saw_inside_it()
    {
        const string text = "Each year on 28 December a bell rings; the first winter was hard; they got 600 grams of bread.";
        var tagger = Doc(text, Tagged(text, "28 December", "DATE", "T1"), Tagged(text, "the first winter", "DATE", "T2"),
            Tagged(text, "600 grams", "QUANTITY", "T3"));
        var d = new NumericEntityStage().Process(tagger);
        Assert.Contains("DATE 28 December", Summary(d));
        Assert.Contains("DATE the first winter", Summary(d));
        Assert.Contains("QUANTITY 600 grams", Summary(d));
        Assert.DoesNotContain(Summary(d), s => s is "CARDINAL 28" or "ORDINAL first" or "CARDINAL 600");
        Assert.Contains(d.Entities, e => d.TextOf(e.Span) == "28 December" && e.Extra?["normalized"] is not null);
    }

    [Fact]
    public void A_rule_entity_replaces_overlapping_tagger_entities_of_the_seven_labels()
    {
        // The tagger labelled "1931 ten" as a CARDINAL and "Americans" as NORP.
        var tagger = Doc(Text, new Entity("T1", new Span(3, 11), "CARDINAL", 0.6), Tagged(Text, "Americans", "NORP", "T2"));
        var d = new NumericEntityStage().Process(tagger);
        Assert.DoesNotContain(d.Entities, e => e.Id == "T1");
        Assert.Contains("DATE 1931", Summary(d));
        Assert.Contains("CARDINAL ten thousand", Summary(d));
        Assert.Contains("NORP Americans", Summary(d));
    }

    [Fact]
    public void Tagger_entities_of_other_labels_win_over_rule_entities()
    {
        // An EVENT name with an ordinal inside, and a PERSON span a rule would overlap.
        string text = "After the Great Terror of 1937, Third Secretary Ivanov left in 1938.";
        var tagger = Doc(text, Tagged(text, "the Great Terror of 1937", "EVENT", "T1"), Tagged(text, "Third Secretary Ivanov", "PERSON", "T2"));
        var d = new NumericEntityStage().Process(tagger);
        Assert.Equal(["EVENT the Great Terror of 1937", "PERSON Third Secretary Ivanov", "DATE 1938"], Summary(d));
    }

    [Fact]
    public void Tagger_entities_of_the_seven_labels_that_no_rule_matched_are_kept_with_a_value()
    {
        string text = "They waited a fortnight and then some twenty more, he said.";
        var tagger = Doc(text, Tagged(text, "a fortnight", "DATE", "T1"), Tagged(text, "twenty", "CARDINAL", "T2"));
        var d = new NumericEntityStage().Process(tagger);
        // "twenty" is found by the rules too: the rule's entity replaces the tagger's.
        var kept = d.Entities.Single(e => e.Id == "T1");
        Assert.Equal(0.8, kept.Confidence);
        Assert.Null(kept.Extra?["normalized"]); // "a fortnight" cannot be resolved by the normalizer: kept as is
        var twenty = d.Entities.Single(e => d.TextOf(e.Span) == "twenty");
        Assert.Equal("rules", (string?)twenty.Extra?["source"]);

        string text2 = "They counted 1,200 heads.";
        var tagged = Doc(text2, new Entity("T9", new Span(13, 18), "QUANTITY", 0.7));   // "1,200" as QUANTITY, a span the rules call CARDINAL
        var d2 = new NumericEntityStage().Process(tagged);
        Assert.Equal(["CARDINAL 1,200"], Summary(d2));
    }

    [Fact]
    public void A_kept_tagger_entity_gets_the_normalized_value_when_it_can_be_computed()
    {
        // The rules leave page numbers alone; a tagger that calls one a CARDINAL keeps it, now with its value.
        string text = "See GARF 3316/64/220 (1926): 17, for the decree.";
        var tagger = Doc(text, Tagged(text, "17", "CARDINAL", "T1", 28));
        var d = new NumericEntityStage().Process(tagger);
        var kept = d.Entities.Single(e => e.Id == "T1");
        Assert.Equal(17L, (long?)kept.Extra?["normalized"]);
        Assert.Contains("DATE 1926", Summary(d));
    }

    [Fact]
    public void Output_is_sorted_has_unique_ids_and_is_valid()
    {
        var docs = JsonlReader.ReadAll(TestPaths.TrainingData("dev.jsonl"));
        var stage = new NumericEntityStage();
        foreach (var gold in docs)
        {
            // Gold entities of the other labels stand in for a tagger that ran before.
            var input = gold with { Entities = gold.Entities.Where(e => !NumericLabels.Contains(e.Label)).ToImmutableArray(), Events = [], Relations = [] };
            var d = stage.Process(input);
            Assert.DoesNotContain(DocumentValidator.Validate(d, Schemas.Domain), p => p.Severity == Severity.Error);
            for (int i = 1; i < d.Entities.Length; i++)
                Assert.True(d.Entities[i - 1].Span.CompareTo(d.Entities[i].Span) <= 0, "entities must be sorted");
            Assert.Equal(d.Entities.Length, d.Entities.Select(e => e.Id).Distinct().Count());
            Assert.All(d.Entities, e => Assert.True(e.Span.End <= d.Text.Length && !char.IsWhiteSpace(d.Text[e.Span.Start])));
            // Names the tagger found are never removed.
            Assert.Equal(input.Entities.Length, d.Entities.Count(e => !NumericLabels.Contains(e.Label)));
        }
    }

    [Fact]
    public void Running_the_stage_twice_changes_nothing()
    {
        var stage = new NumericEntityStage();
        var once = stage.Process(Doc(Text, Tagged(Text, "Americans", "NORP", "T1")));
        var twice = stage.Process(once);
        Assert.Equal(once.Entities.Select(e => (e.Id, e.Span, e.Label, e.Confidence)), twice.Entities.Select(e => (e.Id, e.Span, e.Label, e.Confidence)));
    }

    [Fact]
    public void The_stage_fits_a_pipeline_after_segmentation_or_alone()
    {
        var stage = new NumericEntityStage();
        Assert.Equal("numbers", stage.Name);
        var pipeline = new DocumentPipeline([stage]);
        Assert.True(pipeline.Produces.HasFlag(Layer.Entities));
        Assert.Equal(Summary(stage.Process(Doc(Text))), Summary(pipeline.Process(Doc(Text))));
    }
}
