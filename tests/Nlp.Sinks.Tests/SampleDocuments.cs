using System.Collections.Immutable;
using Newtonsoft.Json.Linq;
using Nlp.Core.Model;

namespace Nlp.Sinks.Tests;

/// <summary>Documents with every layer, quotes that would break naive SQL, and characters outside the BMP.</summary>
internal static class SampleDocuments
{
    public const string Text =
        "O'Brien wrote: \"Łódź\" 🚂 — in 1937 the NKVD deported 172,000 Koreans from the Far East to Kazakhstan; '; DROP TABLE documents; --";

    public static Document Deportation(string text = Text, string id = "doc-'1'")
    {
        Span S(string part) { int i = text.IndexOf(part, StringComparison.Ordinal); return new Span(i, i + part.Length); }
        var entities = ImmutableArray.Create(
            new Entity("T1", S("O'Brien"), "PERSON", 0.91),
            new Entity("T2", S("Łódź"), "GPE", 0.8),
            new Entity("T3", S("1937"), "DATE", 0.99, new JObject { ["normalized"] = "1937" }),
            new Entity("T4", S("NKVD"), "ORG", 0.97),
            new Entity("T5", S("172,000"), "CARDINAL", 0.95, new JObject { ["normalized"] = 172000, ["unit"] = "people" }),
            new Entity("T6", S("Koreans"), "NORP", 0.9),
            new Entity("T7", S("Far East"), "LOC", 0.7),
            new Entity("T8", S("Kazakhstan"), "GPE", 0.88));
        var ev = new Event("E1", "DEPORT", S("deported"), ImmutableArray.Create(
            new Argument("Agent", S("NKVD"), 0.8),
            new Argument("Time", S("1937"), 0.9),
            new Argument("Count", S("172,000"), 0.85),
            new Argument("Deportee", S("Koreans"), 0.75),
            new Argument("Origin", S("the Far East"), 0.5),
            new Argument("Destination", S("Kazakhstan"), 0.7)), 0.83);
        var relation = new Relation("R1", "ORIGIN", S("O'Brien"), S("Łódź"), 0.6);
        return new Document(id, text)
        {
            Sentences = ImmutableArray.Create(new Span(0, text.Length)),
            Entities = entities,
            Events = ImmutableArray.Create(ev),
            Relations = ImmutableArray.Create(relation),
            Meta = new JObject { ["title"] = "Quotes ' and \" and ünïcödé" },
        };
    }

    public static Provenance ProvenanceOf(Document doc, string path = "/archive/o'brien/letter.txt", string pipeline = "segment=segment@1") =>
        new(path, doc.Id, Provenance.Sha256Of(doc.Text), pipeline, [new ModelStamp("segment", "segment", "1")], DateTimeOffset.UtcNow);
}
