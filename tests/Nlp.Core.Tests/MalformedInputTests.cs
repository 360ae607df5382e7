using System.Text;
using Nlp.Core.Formats;
using Nlp.Core.Schema;

namespace Nlp.Core.Tests;

/// <summary>Every defect of an input line stops the read with one message that names file, line and problem.</summary>
public class MalformedInputTests
{
    private const string Good = """{"id":"good","text":"Moscow","entities":[{"start":0,"end":6,"label":"GPE"}]}""";

    // "Fitzroy Maclean of the British Embassy arrived in Moscow."
    //  PERSON [0,15)  ORG [23,38)  "arrived" [39,46)  GPE [50,56)
    private const string MacleanText = "Fitzroy Maclean of the British Embassy arrived in Moscow.";
    private const string MacleanEntities =
        """[{"id":"T1","start":0,"end":15,"label":"PERSON"},{"id":"T2","start":23,"end":38,"label":"ORG"},{"id":"T3","start":50,"end":56,"label":"GPE"}]""";

    private static string Maclean(string rest = "") =>
        $$"""{"id":"bad","text":"{{MacleanText}}","entities":{{MacleanEntities}}{{rest}}}""";

    public static TheoryData<string, string, string> BadLines => new()
    {
        { "truncated JSON", """{"id":"bad","text":"Moscow","entities":[{"start":0,""", "malformed JSON" },
        { "offsets past the end", """{"id":"bad","text":"Moscow","entities":[{"start":2,"end":9,"label":"GPE"}]}""", "out of range" },
        { "end equal to start", """{"id":"bad","text":"Moscow","entities":[{"start":3,"end":3,"label":"GPE"}]}""", "must be greater than start" },
        { "end before start", """{"id":"bad","text":"Moscow","entities":[{"start":4,"end":2,"label":"GPE"}]}""", "must be greater than start" },
        { "negative start", """{"id":"bad","text":"Moscow","entities":[{"start":-1,"end":2,"label":"GPE"}]}""", "out of range" },
        { "unknown entity label", """{"id":"bad","text":"Moscow","entities":[{"start":0,"end":6,"label":"CITY"}]}""", "unknown entity label \"CITY\"" },
        { "role not of the event type",
            Maclean(""","events":[{"type":"MIGRATE","trigger":{"start":39,"end":46},"arguments":[{"role":"Victim","start":0,"end":15}]}]"""),
            "role \"Victim\" does not belong to MIGRATE" },
        { "unknown event type",
            Maclean(""","events":[{"type":"PARTY","trigger":{"start":39,"end":46},"arguments":[]}]"""),
            "unknown event type \"PARTY\"" },
        { "relation head not an entity span",
            Maclean(""","relations":[{"type":"MEMBER_OF","head":{"start":8,"end":15},"tail":{"start":23,"end":38}}]"""),
            "is not the span of an entity" },
        { "relation tail not an entity span",
            Maclean(""","relations":[{"type":"MEMBER_OF","head":{"start":0,"end":15},"tail":{"start":31,"end":38}}]"""),
            "tail [31,38) is not the span of an entity" },
        { "relation head label not allowed",
            Maclean(""","relations":[{"type":"LOCATED_IN","head":{"start":0,"end":15},"tail":{"start":50,"end":56}}]"""),
            "head label PERSON not allowed for LOCATED_IN" },
        { "unknown relation type",
            Maclean(""","relations":[{"type":"FRIEND_OF","head":{"start":0,"end":15},"tail":{"start":23,"end":38}}]"""),
            "unknown relation type \"FRIEND_OF\"" },
        { "confidence above 1", """{"id":"bad","text":"Moscow","entities":[{"start":0,"end":6,"label":"GPE","confidence":1.5}]}""", "confidence 1.5 is not between 0 and 1" },
        { "confidence below 0", """{"id":"bad","text":"Moscow","entities":[{"start":0,"end":6,"label":"GPE","confidence":-0.1}]}""", "is not between 0 and 1" },
        { "confidence a string", """{"id":"bad","text":"Moscow","entities":[{"start":0,"end":6,"label":"GPE","confidence":"high"}]}""", "\"confidence\" must be a number" },
        { "array line", """[1,2,3]""", "must be a JSON object" },
        { "number line", """42""", "must be a JSON object" },
        { "two objects on a line", """{"id":"a","text":"x"} {"id":"b","text":"y"}""", "malformed JSON" },
        { "duplicate entity ids", """{"id":"bad","text":"Moscow Kiev","entities":[{"id":"T1","start":0,"end":6,"label":"GPE"},{"id":"T1","start":7,"end":11,"label":"GPE"}]}""", "duplicate id \"T1\"" },
        { "duplicate ids across layers", Maclean(""","events":[{"id":"T2","type":"TRAVEL","trigger":{"start":39,"end":46},"arguments":[]}]"""), "duplicate id \"T2\"" },
        { "missing id", """{"text":"Moscow"}""", "missing \"id\"" },
        { "missing text", """{"id":"bad"}""", "missing or non-string \"text\"" },
        { "start not an integer", """{"id":"bad","text":"Moscow","entities":[{"start":"0","end":6,"label":"GPE"}]}""", "\"start\" must be an integer" },
        { "missing label", """{"id":"bad","text":"Moscow","entities":[{"start":0,"end":6}]}""", "missing or empty \"label\"" },
        { "entities not an array", """{"id":"bad","text":"Moscow","entities":{"start":0}}""", "\"entities\" must be an array" },
        { "event without trigger", Maclean(""","events":[{"type":"TRAVEL","arguments":[]}]"""), "missing \"trigger\" object" },
        { "meta not an object", """{"id":"bad","text":"Moscow","meta":"x"}""", "\"meta\" must be an object" },
        { "tokens overlapping", """{"id":"bad","text":"Moscow","tokens":[{"start":0,"end":4},{"start":2,"end":6}]}""", "must be ordered and must not overlap" },
    };

    [Theory]
    [MemberData(nameof(BadLines))]
    public void BadLine_FailPolicy_ThrowsNamingFileLineAndProblem(string what, string badLine, string expectedReason)
    {
        using var dir = new TempDir();
        // Line 1 good, line 2 blank, line 3 bad: blank lines count in the numbering.
        var path = dir.Write("input.jsonl", Good + "\n\n" + badLine + "\n" + Good + "\n");

        var reader = new JsonlReader(new ReaderOptions { OnBadLine = BadLinePolicy.Fail });
        var ex = Assert.Throws<DocumentFormatException>(() => reader.Read(path).ToList());

        Assert.True(ex.File == path, what);
        Assert.True(ex.Line == 3, $"{what}: line {ex.Line}");
        Assert.Contains(expectedReason, ex.Reason);
        Assert.StartsWith($"{path}:3: ", ex.Message);
    }

    [Fact]
    public void ValidationErrors_AreCounted_WhenThereAreSeveral()
    {
        using var dir = new TempDir();
        var path = dir.WriteLines("input.jsonl",
            """{"id":"bad","text":"Moscow Kiev","entities":[{"start":0,"end":6,"label":"CITY"},{"start":7,"end":11,"label":"TOWN"}]}""");
        var ex = Assert.Throws<DocumentFormatException>(() => JsonlReader.ReadAll(path));
        Assert.Contains("unknown entity label \"CITY\"", ex.Reason);
        Assert.Contains("(and 1 more errors)", ex.Reason);
    }

    [Fact]
    public void InvalidUtf8_OnTheFirstLine_IsReportedWithFileAndLine()
    {
        using var dir = new TempDir();
        var bytes = Encoding.UTF8.GetBytes("{\"id\":\"a\",\"text\":\"caf").Concat(new byte[] { 0xC3, 0x28 })
            .Concat(Encoding.UTF8.GetBytes("\"}\n")).ToArray();
        var path = dir.WriteBytes("latin.jsonl", bytes);

        var ex = Assert.Throws<DocumentFormatException>(() => JsonlReader.ReadAll(path));
        Assert.Equal(path, ex.File);
        Assert.Equal(1, ex.Line);
        Assert.Contains("not valid UTF-8", ex.Reason);
    }

    [Fact]
    public void InvalidUtf8_SkipPolicy_IsCountedAsAProblem()
    {
        using var dir = new TempDir();
        var path = dir.WriteBytes("latin.jsonl", Encoding.UTF8.GetBytes("{\"id\":\"a\",\"text\":\"caf").Concat(new byte[] { 0xFF })
            .Concat(Encoding.UTF8.GetBytes("\"}\n")).ToArray());
        var reader = new JsonlReader(new ReaderOptions { OnBadLine = BadLinePolicy.Skip });
        Assert.Empty(reader.Read(path).ToList());
        Assert.Equal(1, reader.SkippedCount);
        Assert.Contains("not valid UTF-8", reader.Problems[0].Reason);
    }

    [Fact]
    public void NulByte_IsReportedAsBinaryContent()
    {
        using var dir = new TempDir();
        var path = dir.Write("bin.jsonl", Good + "\n" + "{\"id\":\"a\0\"}" + "\n");
        var ex = Assert.Throws<DocumentFormatException>(() => JsonlReader.ReadAll(path));
        Assert.Equal(2, ex.Line);
        Assert.Contains("binary content", ex.Reason);
    }

    [Fact]
    public void SkipPolicy_ReturnsGoodLinesAroundABadOne_AndNamesItsLine()
    {
        using var dir = new TempDir();
        var path = dir.WriteLines("mixed.jsonl",
            """{"id":"d1","text":"Moscow"}""",
            """{"id":"d2","text":"Kiev"}""",
            """{"id":"bad","text":"Moscow","entities":[{"start":0,"end":60,"label":"GPE"}]}""",
            """{"id":"d3","text":"Minsk"}""",
            """{"id":"d4","text":"Riga"}""");

        var reader = new JsonlReader(new ReaderOptions { OnBadLine = BadLinePolicy.Skip });
        var docs = reader.Read(path).ToList();

        Assert.Equal(new[] { "d1", "d2", "d3", "d4" }, docs.Select(d => d.Id).ToArray());
        Assert.Equal(1, reader.SkippedCount);
        var problem = Assert.Single(reader.Problems);
        Assert.Equal(3, problem.Line);
        Assert.Equal(path, problem.File);
        Assert.Contains(":3:", problem.Message);
        Assert.Contains("out of range", problem.Reason);
    }

    [Fact]
    public void SkipPolicy_SeveralBadLines_AreAllCounted()
    {
        using var dir = new TempDir();
        var path = dir.WriteLines("mixed.jsonl", "not json", Good, "[]", Good, """{"id":"x","text":"a","entities":[{"start":0,"end":1,"label":"PER"}]}""");
        var reader = new JsonlReader(new ReaderOptions { OnBadLine = BadLinePolicy.Skip });
        Assert.Equal(2, reader.Read(path).Count());
        Assert.Equal(new int?[] { 1, 3, 5 }, reader.Problems.Select(p => p.Line).ToArray());
    }

    private const string PerDoc = """{"id":"c","text":"Peter Blackburn","entities":[{"start":0,"end":15,"label":"PER"}]""";

    [Fact]
    public void MetaSchemaConll2003_MakesPerValid()
    {
        using var dir = new TempDir();
        var path = dir.WriteLines("conll.jsonl", PerDoc + ""","meta":{"schema":"conll2003"}}""");
        var doc = JsonlReader.ReadAll(path).Single();
        Assert.Equal("PER", doc.Entities[0].Label);
    }

    [Fact]
    public void DomainSchema_RejectsPer()
    {
        using var dir = new TempDir();
        var noMeta = dir.WriteLines("domain.jsonl", PerDoc + "}");
        var ex = Assert.Throws<DocumentFormatException>(() => JsonlReader.ReadAll(noMeta));
        Assert.Contains("unknown entity label \"PER\"", ex.Reason);
        Assert.Contains("schema domain", ex.Reason);

        var explicitDomain = dir.WriteLines("domain2.jsonl", PerDoc + ""","meta":{"schema":"domain"}}""");
        Assert.Throws<DocumentFormatException>(() => JsonlReader.ReadAll(explicitDomain));
    }

    [Fact]
    public void ReaderOptionsSchema_OverridesMetaSchema()
    {
        using var dir = new TempDir();
        var path = dir.WriteLines("conll.jsonl", PerDoc + ""","meta":{"schema":"conll2003"}}""");
        var ex = Assert.Throws<DocumentFormatException>(() => JsonlReader.ReadAll(path, new ReaderOptions { Schema = Schemas.Domain }));
        Assert.Contains("PER", ex.Reason);
    }

    [Fact]
    public void UnknownMetaSchema_FallsBackToDomain()
    {
        using var dir = new TempDir();
        var path = dir.WriteLines("x.jsonl", PerDoc + ""","meta":{"schema":"no-such-schema"}}""");
        Assert.Throws<DocumentFormatException>(() => JsonlReader.ReadAll(path));
    }

    [Fact]
    public void Schemas_ByName_IsCaseInsensitive_AndListsKnownNamesWhenUnknown()
    {
        Assert.Same(Schemas.Conll2003, Schemas.ByName("CoNLL2003"));
        var ex = Assert.Throws<ArgumentException>(() => Schemas.ByName("ontonotes"));
        Assert.Contains("domain, conll2003, conll04", ex.Message);
    }
}
