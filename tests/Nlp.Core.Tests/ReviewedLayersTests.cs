using Nlp.Core.Formats;
using Nlp.Core.Model;

namespace Nlp.Core.Tests;

public class ReviewedLayersTests
{
    static Document Read(string meta)
    {
        using var dir = new TempDir();
        var path = dir.WriteLines("c.jsonl", $$"""{"id": "d1", "text": "Text.", "meta": {{meta}}}""");
        return JsonlReader.ReadAll(path).Single();
    }

    [Fact]
    public void GoldDocumentWithoutTheKey_CountsForEveryLayer()
    {
        var doc = Read("""{"source": "seed"}""");
        Assert.Equal(Layer.Entities | Layer.Events | Layer.Relations, ReviewedLayers.Of(doc));
        Assert.True(ReviewedLayers.Covers(new Document("x", "no meta"), Layer.Events));
    }

    [Fact]
    public void ReviewedLayersListed_CountOnlyThose()
    {
        var doc = Read("""{"reviewed": ["entities", "relations"], "reviewed_at": "2026-12-06T10:00:00Z", "reviewer": "ann"}""");
        Assert.Equal(Layer.Entities | Layer.Relations, ReviewedLayers.Of(doc));
        Assert.False(ReviewedLayers.Covers(doc, Layer.Events));
        Assert.Equal(Layer.None, ReviewedLayers.Of(Read("""{"reviewed": []}""")));
    }

    [Fact]
    public void ForLayer_KeepsTheDocumentsThatCountInOrder()
    {
        var docs = new[]
        {
            new Document("gold", "a"),
            new Document("ents", "b") { Meta = new() { ["reviewed"] = new Newtonsoft.Json.Linq.JArray("entities") } },
            new Document("all", "c") { Meta = new() { ["reviewed"] = new Newtonsoft.Json.Linq.JArray("events", "entities") } },
        };
        Assert.Equal(["gold", "all"], ReviewedLayers.For(docs, Layer.Events).Select(d => d.Id));
        Assert.Equal(["gold", "ents", "all"], ReviewedLayers.For(docs, Layer.Entities).Select(d => d.Id));
    }

    [Theory]
    [InlineData("""{"reviewed": ["entities", "tokens"]}""", "unknown layer \"tokens\"")]
    [InlineData("""{"reviewed": "entities"}""", "must be an array")]
    public void BadReviewedValue_IsAFormatErrorNamingFileAndLine(string meta, string reason)
    {
        using var dir = new TempDir();
        var path = dir.WriteLines("c.jsonl", """{"id": "ok", "text": "Fine."}""", $$"""{"id": "d2", "text": "Text.", "meta": {{meta}}}""");
        var e = Assert.Throws<DocumentFormatException>(() => JsonlReader.ReadAll(path).ToList());
        Assert.Contains($"{path}:2:", e.Message);
        Assert.Contains("document d2", e.Message);
        Assert.Contains(reason, e.Message);
    }
}
