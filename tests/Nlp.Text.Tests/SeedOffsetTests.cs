using Nlp.Core.Formats;
using Nlp.Core.Model;
using Nlp.Core.Schema;
using Nlp.Text.Normalization;
using Nlp.Text.Tokenization;

namespace Nlp.Text.Tests;

/// <summary>The stage on the three seeds: every span in original offsets, and each token's repaired form recoverable.</summary>
public class SeedOffsetTests
{
    public static TheoryData<string> SeedNames => new(Seeds.All);

    private static Document Segmented(string name) => new TextStage().Process(new Document(name, Seeds.Read(name)));

    [Theory]
    [MemberData(nameof(SeedNames))]
    public void Each_tokens_original_span_gives_back_its_normalized_text(string name)
    {
        var original = Seeds.Read(name);
        var normalized = TextNormalizer.Normalize(original);
        var tokens = new TokenBuffer();
        Tokenizer.Tokenize(normalized.Text, tokens);
        Assert.True(tokens.Count > 500);
        foreach (var token in tokens.AsSpan())
        {
            var expected = normalized.Text[token.Start..token.End];
            var span = normalized.ToOriginal(token.Start, token.End);
            Assert.Equal(expected, TokenText.Surface(original, span));
        }
    }

    [Theory]
    [MemberData(nameof(SeedNames))]
    public void Tokens_and_sentences_are_ordered_trimmed_and_aligned(string name)
    {
        var doc = Segmented(name);
        var tokens = doc.Tokens!.Value;
        var sentences = doc.Sentences!.Value;
        Assert.NotEmpty(sentences);
        AssertOrderedAndTrimmed(doc.Text, tokens);
        AssertOrderedAndTrimmed(doc.Text, sentences);

        // Every token lies in exactly one sentence, and sentences start and end on token boundaries.
        var starts = tokens.Select(t => t.Start).ToHashSet();
        var ends = tokens.Select(t => t.End).ToHashSet();
        int s = 0;
        foreach (var token in tokens)
        {
            while (sentences[s].End <= token.Start) s++;
            Assert.True(sentences[s].Contains(token), $"token {token} \"{doc.TextOf(token)}\" is outside sentence {sentences[s]}");
        }
        Assert.All(sentences, x => Assert.True(starts.Contains(x.Start) && ends.Contains(x.End)));
    }

    [Theory]
    [MemberData(nameof(SeedNames))]
    public void The_segmented_document_passes_the_validator_and_survives_the_jsonl_round_trip(string name)
    {
        var doc = Segmented(name);
        Assert.DoesNotContain(DocumentValidator.Validate(doc, Schemas.Domain), p => p.Severity == Severity.Error);
        var back = DocumentJson.Parse(DocumentJson.Serialize(doc));
        Assert.Equal(doc.Tokens!.Value.ToArray(), back.Tokens!.Value.ToArray());
        Assert.Equal(doc.Sentences!.Value.ToArray(), back.Sentences!.Value.ToArray());
        Assert.Equal(doc.Zones!.Value.ToArray(), back.Zones!.Value.ToArray());
        Assert.Equal(doc.Text, back.Text);
    }

    [Fact]
    public void Maclean_split_by_the_extraction_is_one_token()
    {
        var doc = Segmented(Seeds.Long);
        int split = doc.Text.IndexOf("Mac-\n\nlean decided", StringComparison.Ordinal);
        Assert.True(split > 0);
        var token = doc.Tokens!.Value.Single(t => t.Start == split);
        Assert.Equal(split + "Mac-\n\nlean".Length, token.End);
        Assert.Equal("Maclean", TokenText.Surface(doc.Text, token));
    }

    [Fact]
    public void Other_line_break_repairs_on_the_long_seed()
    {
        var doc = Segmented(Seeds.Long);
        var surfaces = doc.Tokens!.Value.Select(t => TokenText.Surface(doc.Text, t)).ToHashSet();
        Assert.Contains("individuals", surfaces);   // "individ-\nuals"
        Assert.Contains("nationalities", surfaces); // "nationali-\nties—Poles"
        Assert.Contains("Carpatho-Ukraine", surfaces);
        Assert.Contains("cross-border", surfaces);
        Assert.Contains("Turko-Tartar", surfaces);
        Assert.DoesNotContain("proces-sion", surfaces);
        Assert.DoesNotContain("So-viet", surfaces);
    }

    [Fact]
    public void Footnote_sentences_never_mix_with_body_text()
    {
        var doc = Segmented(Seeds.Long);
        var footnotes = doc.Zones!.Value.Where(z => z.Kind == Zone.Footnote).ToList();
        Assert.NotEmpty(footnotes);
        foreach (var sentence in doc.Sentences!.Value)
        foreach (var zone in footnotes)
            if (zone.Span.Overlaps(sentence))
                Assert.True(zone.Span.Contains(sentence), $"sentence \"{doc.TextOf(sentence)}\" crosses footnote {zone.Span}");
    }

    [Fact]
    public void Page_furniture_is_not_tokenized()
    {
        var doc = Segmented(Seeds.Long);
        var furniture = doc.Zones!.Value.Where(z => z.Kind == Zone.Furniture).ToList();
        Assert.Contains(furniture, z => doc.TextOf(z.Span) == "Origins of Soviet Ethnic Cleansing 827");
        Assert.DoesNotContain(doc.Tokens!.Value, t => furniture.Any(z => z.Span.Overlaps(t)));
    }

    private static void AssertOrderedAndTrimmed(string text, IReadOnlyList<Span> spans)
    {
        for (int i = 0; i < spans.Count; i++)
        {
            var span = spans[i];
            Assert.False(span.IsEmpty);
            Assert.False(char.IsWhiteSpace(text[span.Start]), $"{span} starts with white space");
            Assert.False(char.IsWhiteSpace(text[span.End - 1]), $"{span} ends with white space");
            if (i > 0) Assert.True(span.Start >= spans[i - 1].End, $"{span} overlaps {spans[i - 1]}");
        }
    }
}
