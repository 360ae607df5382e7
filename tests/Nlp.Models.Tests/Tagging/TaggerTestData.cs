using System.Collections.Immutable;
using Nlp.Core.Model;

namespace Nlp.Models.Tests.Tagging;

/// <summary>Small tokenized documents built from "word/TAG" strings, e.g. "Anna/B-PER lives/O in/O Oslo/B-LOC".</summary>
static class TaggerTestData
{
    public static Document Doc(string id, params string[] sentences)
    {
        var text = new System.Text.StringBuilder();
        var tokens = ImmutableArray.CreateBuilder<Span>();
        var sentenceSpans = ImmutableArray.CreateBuilder<Span>();
        var entities = ImmutableArray.CreateBuilder<Entity>();
        foreach (var sentence in sentences)
        {
            if (text.Length > 0) text.Append('\n');
            int sentenceStart = text.Length;
            (int Start, string Label)? open = null;
            int lastEnd = 0;
            foreach (var item in sentence.Split(' '))
            {
                int slash = item.LastIndexOf('/');
                string word = item[..slash], tag = item[(slash + 1)..];
                if (text.Length > sentenceStart) text.Append(' ');
                if (open is { } o && !tag.StartsWith("I-"))
                {
                    entities.Add(new Entity(null, new Span(o.Start, lastEnd), o.Label));
                    open = null;
                }
                int start = text.Length;
                text.Append(word);
                tokens.Add(new Span(start, text.Length));
                if (tag.StartsWith("B-")) open = (start, tag[2..]);
                lastEnd = text.Length;
            }
            if (open is { } last) entities.Add(new Entity(null, new Span(last.Start, lastEnd), last.Label));
            sentenceSpans.Add(new Span(sentenceStart, text.Length));
        }
        return new Document(id, text.ToString())
        {
            Tokens = tokens.ToImmutable(),
            Sentences = sentenceSpans.ToImmutable(),
            Entities = entities.ToImmutable(),
        };
    }

    public static List<Document> Tiny() =>
    [
        Doc("a", "Anna/B-PER Berg/I-PER lives/O in/O Oslo/B-LOC ./O", "She/O works/O for/O Acme/B-ORG Corp/I-ORG ./O"),
        Doc("b", "Boris/B-PER visited/O Paris/B-LOC and/O Rome/B-LOC ./O", "The/O Acme/B-ORG Corp/I-ORG office/O is/O in/O Oslo/B-LOC ./O"),
        Doc("c", "Carla/B-PER Diaz/I-PER met/O Boris/B-PER in/O Rome/B-LOC ./O", "Nothing/O happened/O there/O ./O"),
        Doc("d", "Globex/B-ORG hired/O Anna/B-PER Berg/I-PER ./O", "Paris/B-LOC is/O far/O from/O Oslo/B-LOC ./O"),
    ];

    /// <summary>A saved tagger, loaded back, tags the tiny documents (annotations removed) exactly as the trained one.</summary>
    public static void AssertSamePredictions(Nlp.Models.Tagging.EntityTagger trained, Nlp.Models.Tagging.EntityTagger loaded)
    {
        var input = Tiny().Select(d => d.WithoutAnnotations()).ToList();
        var before = trained.Predict(input);
        var after = loaded.Predict(input);
        for (int d = 0; d < input.Count; d++)
            Assert.Equal(before[d].Entities.ToList(), after[d].Entities.ToList());
    }

    /// <summary>Loading a model folder whose lexicon file was removed fails with an error naming the file.</summary>
    public static void AssertLoadRefusedWithout(string folder, string fileName)
    {
        File.Delete(Path.Combine(folder, fileName));
        var e = Assert.Throws<FileNotFoundException>(() => Nlp.Models.Tagging.EntityTagger.Load(folder));
        Assert.Contains(fileName, e.Message);
    }

    public static Nlp.Models.Tagging.TaggerSettings TinySettings(int epochs = 40) => new()
    {
        WordDim = 16, CasingDim = 4, CharDim = 8, CharFilters = 8, HiddenSize = 16, Dropout = 0.1, WordDropout = 0,
        MinWordCount = 1, Epochs = epochs, BatchSize = 2, LearningRate = 0.02, LearningRateDecay = 1, Seed = 5,
    };
}
