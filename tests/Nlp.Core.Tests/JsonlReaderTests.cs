using Newtonsoft.Json.Linq;
using Nlp.Core.Formats;
using Nlp.Core.Model;
using static Nlp.Core.Tests.TestData;

namespace Nlp.Core.Tests;

public class JsonlReaderTests
{
    [Fact]
    public void AnnotationMdExample_Parses_WithEntitiesEventAndOffsetsAsWritten()
    {
        using var dir = new TempDir();
        var path = dir.WriteLines("example.jsonl", AnnotationMdExample);

        var reader = new JsonlReader();
        var docs = reader.Read(path).ToList();

        var doc = Assert.Single(docs);
        Assert.Equal("doc-17", doc.Id);
        Assert.Equal(ExampleText, doc.Text);
        Assert.Equal(
            new[] { ("T1", 3, 7, "DATE"), ("T2", 8, 20, "CARDINAL"), ("T3", 21, 30, "NORP"), ("T4", 43, 47, "GPE") },
            doc.Entities.Select(e => (e.Id!, e.Start, e.End, e.Label)).ToArray());
        var ev = Assert.Single(doc.Events);
        Assert.Equal("E1", ev.Id);
        Assert.Equal("MIGRATE", ev.Type);
        Assert.Equal(Moved, ev.Trigger);
        Assert.Equal("moved", doc.TextOf(ev.Trigger));
        Assert.Equal(
            new[] { ("Migrant", 21, 30), ("Destination", 43, 47), ("Time", 3, 7), ("Count", 8, 20) },
            ev.Arguments.Select(a => (a.Role, a.Start, a.End)).ToArray());
        Assert.Empty(doc.Relations);
        Assert.Null(doc.Sentences);
        Assert.Null(doc.Tokens);
        Assert.Null(doc.Meta);
        Assert.Null(doc.Extra);
        Assert.Equal(0, reader.SkippedCount);
    }

    [Fact]
    public void AnnotationMdExample_OffsetsOfUssr_AreOffByOne_AndTheReaderWarns()
    {
        // ANNOTATION.md gives GPE "USSR" as 43-47, which is " USS" in the text; the reader accepts it
        // (the edge rule is a warning) but says so.
        using var dir = new TempDir();
        var path = dir.WriteLines("example.jsonl", AnnotationMdExample);
        var reader = new JsonlReader();
        var doc = reader.Read(path).Single();

        Assert.Equal(" USS", doc.TextOf(doc.Entities[3].Span));
        Assert.Contains(reader.Warnings, w => w.Contains("white space") && w.Contains(":1:"));
    }

    [Fact]
    public void CorrectedExample_SpansCoverTheIntendedWords_WithoutWarnings()
    {
        using var dir = new TempDir();
        var path = dir.WriteLines("example.jsonl", CorrectedExample);
        var reader = new JsonlReader();
        var doc = reader.Read(path).Single();

        Assert.Equal(new[] { "1931", "ten thousand", "Americans", "USSR" }, doc.Entities.Select(e => doc.TextOf(e.Span)).ToArray());
        Assert.Equal(new[] { "Americans", "USSR", "1931", "ten thousand" }, doc.Events[0].Arguments.Select(a => doc.TextOf(a.Span)).ToArray());
        Assert.Empty(reader.Warnings);
    }

    [Fact]
    public void ReadAll_ReadsEveryLine_AndSkipsBlankLines()
    {
        using var dir = new TempDir();
        var path = dir.Write("two.jsonl",
            """{"id":"a","text":"Moscow"}""" + "\n\n   \n" + """{"id":"b","text":"Kiev","entities":[{"start":0,"end":4,"label":"GPE"}]}""" + "\n");

        var docs = JsonlReader.ReadAll(path);

        Assert.Equal(new[] { "a", "b" }, docs.Select(d => d.Id).ToArray());
        Assert.Equal("GPE", docs[1].Entities.Single().Label);
        Assert.Null(docs[1].Entities.Single().Id);
    }

    [Fact]
    public void Read_WindowsLineEndings_AreAccepted()
    {
        using var dir = new TempDir();
        var path = dir.Write("crlf.jsonl", """{"id":"a","text":"x"}""" + "\r\n" + """{"id":"b","text":"y"}""" + "\r\n");
        Assert.Equal(new[] { "a", "b" }, JsonlReader.ReadAll(path).Select(d => d.Id).ToArray());
    }

    [Fact]
    public void Read_MissingFile_NamesTheFile()
    {
        using var dir = new TempDir();
        var missing = dir.File("nope.jsonl");
        var ex = Assert.Throws<DocumentFormatException>(() => JsonlReader.ReadAll(missing));
        Assert.Equal(missing, ex.File);
        Assert.Contains("no such file", ex.Reason);
    }

    [Fact]
    public void RoundTrip_ParseSerializeParse_GivesEqualContent()
    {
        var original = DocumentJson.Parse(CorrectedExample);
        var again = DocumentJson.Parse(DocumentJson.Serialize(original));

        AssertSameContent(original, again);
        Assert.Equal(original.Id, again.Id);
        Assert.Equal(original.Text, again.Text);
        Assert.Equal(original.Entities.Select(e => (e.Id, e.Span, e.Label)), again.Entities.Select(e => (e.Id, e.Span, e.Label)));
        Assert.Equal(original.Events[0].Arguments.Select(a => (a.Role, a.Span)), again.Events[0].Arguments.Select(a => (a.Role, a.Span)));
        // The serialized document is the input document, field for field.
        Assert.True(JToken.DeepEquals(JObject.Parse(CorrectedExample), DocumentJson.ToJObject(again)));
    }

    private static readonly string WithUnknownFields = """
        {"id":"p1","text":"Fitzroy Maclean of the British Embassy arrived in Moscow.","model":"ner-v3","scores":{"a":1},
        "sentences":[{"start":0,"end":57}],"tokens":[{"start":0,"end":7},{"start":8,"end":15}],
        "zones":[{"start":50,"end":56,"kind":"heading"}],"meta":{"title":"Memoirs","year":1949,"schema":"domain"},
        "entities":[{"id":"T1","start":0,"end":15,"label":"PERSON","confidence":0.9,"text":"Fitzroy Maclean","norm":{"wikidata":"Q123"}},
        {"id":"T2","start":23,"end":38,"label":"ORG","confidence":0.75},{"id":"T3","start":50,"end":56,"label":"GPE"}],
        "events":[{"id":"E1","type":"TRAVEL","trigger":{"start":39,"end":46,"text":"arrived","lemma":"arrive"},
        "arguments":[{"role":"Traveler","start":0,"end":15,"confidence":0.5,"head_word":"Maclean"},{"role":"Destination","start":50,"end":56}],
        "confidence":0.8,"realis":"actual"}],
        "relations":[{"id":"R1","type":"MEMBER_OF","head":{"start":0,"end":15,"text":"Fitzroy Maclean"},"tail":{"start":23,"end":38,"note":"t"},
        "confidence":0.6,"source_model":"rel-v1"}]}
        """.ReplaceLineEndings("");

    [Fact]
    public void RoundTrip_KeepsUnknownFieldsOnEveryLevel()
    {
        using var dir = new TempDir();
        var input = dir.WriteLines("in.jsonl", WithUnknownFields);
        var output = dir.File("out.jsonl");

        var docs = JsonlReader.ReadAll(input);
        JsonlWriter.WriteFile(output, docs);
        var again = JsonlReader.ReadAll(output).Single();

        AssertSameContent(docs[0], again);
        Assert.Equal("ner-v3", (string)again.Extra!["model"]!);
        Assert.Equal(1, (int)again.Extra["scores"]!["a"]!);
        Assert.Equal("Q123", (string)again.Entities[0].Extra!["norm"]!["wikidata"]!);
        Assert.Equal("Fitzroy Maclean", (string)again.Entities[0].Extra!["text"]!);
        Assert.Equal("actual", (string)again.Events[0].Extra!["realis"]!);
        Assert.Equal("arrive", (string)again.Events[0].TriggerExtra!["lemma"]!);
        Assert.Equal("Maclean", (string)again.Events[0].Arguments[0].Extra!["head_word"]!);
        Assert.Equal("rel-v1", (string)again.Relations[0].Extra!["source_model"]!);
        Assert.Equal("Fitzroy Maclean", (string)again.Relations[0].HeadExtra!["text"]!);
        Assert.Equal("t", (string)again.Relations[0].TailExtra!["note"]!);
        Assert.Equal("Memoirs", (string)again.Meta!["title"]!);
        Assert.Equal(1949, (int)again.Meta["year"]!);
        Assert.Equal(0.9, again.Entities[0].Confidence);
        Assert.Equal(0.5, again.Events[0].Arguments[0].Confidence);
        Assert.Equal(0.8, again.Events[0].Confidence);
        Assert.Equal(0.6, again.Relations[0].Confidence);
        Assert.Equal(new[] { new Span(0, 57) }, again.Sentences!.Value.ToArray());
        Assert.Equal(2, again.Tokens!.Value.Length);
        Assert.Equal(new Zone(new Span(50, 56), "heading"), again.Zones!.Value.Single());

        // Field for field the same as the input line (JSON objects compare regardless of key order).
        Assert.True(JToken.DeepEquals(JObject.Parse(WithUnknownFields), JObject.Parse(File.ReadAllText(output).TrimEnd('\n'))));
    }

    [Fact]
    public void Writer_WritesOneLinePerDocument_WithLfEndings()
    {
        using var dir = new TempDir();
        var path = dir.File("sub/out.jsonl");
        var docs = new[] { Doc("a", "one\ntwo"), Doc("b", "three") };

        JsonlWriter.WriteFile(path, docs);

        var content = File.ReadAllText(path);
        Assert.Equal(2, content.Count(c => c == '\n'));
        Assert.DoesNotContain("\r", content);
        Assert.False(File.Exists(path + ".tmp"));
        Assert.Equal(new[] { "a", "b" }, JsonlReader.ReadAll(path).Select(d => d.Id).ToArray());
        Assert.Equal("one\ntwo", JsonlReader.ReadAll(path)[0].Text);
    }

    [Fact]
    public void Writer_IncludeSpanText_AddsText_WhichReadersIgnore()
    {
        var doc = DocumentJson.Parse(CorrectedExample);
        var json = DocumentJson.ToJObject(doc, new JsonOutputOptions { IncludeSpanText = true });

        Assert.Equal("USSR", (string)json["entities"]![3]!["text"]!);
        Assert.Equal("moved", (string)json["events"]![0]!["trigger"]!["text"]!);
        Assert.Equal("Americans", (string)json["events"]![0]!["arguments"]![0]!["text"]!);

        var again = DocumentJson.Parse(json.ToString(Newtonsoft.Json.Formatting.None));
        Assert.Equal(doc.Entities.Select(e => (e.Span, e.Label)), again.Entities.Select(e => (e.Span, e.Label)));
    }

    [Fact]
    public void Confidence_IsWrittenRoundedToFourDecimals()
    {
        var doc = Doc("a", "Moscow", [Ent(new Span(0, 6), "GPE", 0.123456789)]);
        Assert.Equal(0.1235, (double)DocumentJson.ToJObject(doc)["entities"]![0]!["confidence"]!);
    }

    // "😀" (U+1F600) is one code point but two UTF-16 units.
    private const string EmojiText = "😀 Fitzroy Maclean went to 𝕸oscow.";

    [Fact]
    public void CodePointOffsets_InFile_BecomeUtf16InMemory()
    {
        // Code points: 😀=0, ' '=1, "Fitzroy Maclean"=2..17, " went to "=17..26, 𝕸=26, "oscow"=27..32, '.'=32
        string line = new JObject
        {
            ["id"] = "e", ["text"] = EmojiText,
            ["entities"] = new JArray(
                new JObject { ["start"] = 2, ["end"] = 17, ["label"] = "PERSON" },
                new JObject { ["start"] = 26, ["end"] = 32, ["label"] = "GPE" }),
            ["tokens"] = new JArray(new JObject { ["start"] = 0, ["end"] = 1 }, new JObject { ["start"] = 2, ["end"] = 9 }),
            ["sentences"] = new JArray(new JObject { ["start"] = 0, ["end"] = 33 }),
        }.ToString(Newtonsoft.Json.Formatting.None);
        using var dir = new TempDir();
        var path = dir.WriteLines("emoji.jsonl", line);

        var doc = JsonlReader.ReadAll(path).Single();

        Assert.Equal(new Span(3, 18), doc.Entities[0].Span);
        Assert.Equal("Fitzroy Maclean", doc.TextOf(doc.Entities[0].Span));
        Assert.Equal(new Span(27, 34), doc.Entities[1].Span);
        Assert.Equal("𝕸oscow", doc.TextOf(doc.Entities[1].Span));
        Assert.Equal("😀", doc.TextOf(doc.Tokens!.Value[0]));
        Assert.Equal(EmojiText, doc.TextOf(doc.Sentences!.Value[0]));

        // Written back, the offsets are code points again.
        var written = DocumentJson.ToJObject(doc);
        Assert.True(JToken.DeepEquals(JObject.Parse(line)["entities"], written["entities"]));
        Assert.True(JToken.DeepEquals(JObject.Parse(line)["tokens"], written["tokens"]));
        Assert.True(JToken.DeepEquals(JObject.Parse(line)["sentences"], written["sentences"]));
    }

    [Fact]
    public void CodePointOffsets_RangeCheck_UsesTheCodePointLength()
    {
        // 33 code points (35 UTF-16 units): end 35 is past the end in the file's terms.
        string line = """{"id":"e","text":"TEXT","entities":[{"start":26,"end":35,"label":"GPE"}]}""".Replace("TEXT", EmojiText);
        var ex = Assert.Throws<DocumentFormatException>(() => DocumentJson.Parse(line));
        Assert.Contains("out of range", ex.Reason);
        Assert.Contains("33 characters", ex.Reason);
    }

    [Fact]
    public void OffsetMap_ConvertsBothWays()
    {
        var map = new OffsetMap("a😀b");
        Assert.False(map.IsIdentity);
        Assert.Equal(3, map.CodePointLength);
        Assert.Equal(new[] { 0, 1, 3, 4 }, Enumerable.Range(0, 4).Select(map.ToUtf16).ToArray());
        Assert.Equal(0, map.ToCodePoint(0));
        Assert.Equal(1, map.ToCodePoint(1));
        Assert.Equal(2, map.ToCodePoint(3));
        Assert.Equal(3, map.ToCodePoint(4));

        var plain = new OffsetMap("abc");
        Assert.True(plain.IsIdentity);
        Assert.Equal(2, plain.ToUtf16(2));
    }

    [Fact]
    public void IntegerDocumentId_IsReadAsString()
    {
        var doc = DocumentJson.Parse("""{"id":17,"text":"x"}""");
        Assert.Equal("17", doc.Id);
    }

    [Fact]
    public void ValidateOff_PassesUnknownLabelsThrough()
    {
        using var dir = new TempDir();
        var path = dir.WriteLines("x.jsonl", """{"id":"a","text":"Moscow","entities":[{"start":0,"end":6,"label":"CITY"}]}""");
        var doc = JsonlReader.ReadAll(path, new ReaderOptions { Validate = false }).Single();
        Assert.Equal("CITY", doc.Entities[0].Label);
    }
}
