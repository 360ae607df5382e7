using System.Collections.Immutable;
using System.Text;
using Newtonsoft.Json.Linq;
using Nlp.Core.Formats;
using Nlp.Core.Model;

namespace Nlp.Core.Tests;

/// <summary>A temporary directory, deleted with everything in it on dispose.</summary>
public sealed class TempDir : IDisposable
{
    public TempDir()
    {
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "nlp-core-tests-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Path);
    }

    public string Path { get; }

    public string File(string name) => System.IO.Path.Combine(Path, name);

    /// <summary>Writes UTF-8 text (no BOM) exactly as given, with no newline translation.</summary>
    public string Write(string name, string content)
    {
        var full = File(name);
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(full)!);
        System.IO.File.WriteAllText(full, content, new UTF8Encoding(false));
        return full;
    }

    public string WriteBytes(string name, byte[] content)
    {
        var full = File(name);
        System.IO.File.WriteAllBytes(full, content);
        return full;
    }

    /// <summary>Writes one JSONL line per argument, each terminated by '\n'.</summary>
    public string WriteLines(string name, params string[] lines) =>
        Write(name, string.Concat(lines.Select(l => l + "\n")));

    public string Subdir(string name)
    {
        var full = File(name);
        Directory.CreateDirectory(full);
        return full;
    }

    public void Dispose()
    {
        try { Directory.Delete(Path, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }
}

public static class TestData
{
    public const string ExampleText = "In 1931 ten thousand Americans moved to the USSR.";

    /// <summary>The example document of ANNOTATION.md, verbatim except that it is on one line.</summary>
    public const string AnnotationMdExample =
        """{"id": "doc-17", "text": "In 1931 ten thousand Americans moved to the USSR.", "entities": [ {"id": "T1", "start": 3, "end": 7, "label": "DATE"}, {"id": "T2", "start": 8, "end": 20, "label": "CARDINAL"}, {"id": "T3", "start": 21, "end": 30, "label": "NORP"}, {"id": "T4", "start": 43, "end": 47, "label": "GPE"}], "events": [ {"id": "E1", "type": "MIGRATE", "trigger": {"start": 31, "end": 36}, "arguments": [{"role": "Migrant", "start": 21, "end": 30}, {"role": "Destination", "start": 43, "end": 47}, {"role": "Time", "start": 3, "end": 7}, {"role": "Count", "start": 8, "end": 20}]}], "relations": []}""";

    /// <summary>The same document with the offsets of "USSR" as the text has them (44-48).</summary>
    public static string CorrectedExample => AnnotationMdExample.Replace("\"start\": 43, \"end\": 47", "\"start\": 44, \"end\": 48");

    /// <summary>Spans in the example text, as UTF-16 (= code point) offsets.</summary>
    public static readonly Span Y1931 = new(3, 7), TenThousand = new(8, 20), Americans = new(21, 30),
        Moved = new(31, 36), The = new(40, 43), Ussr = new(44, 48), TenThousandAmericans = new(8, 30);

    public static Document Doc(string id, string text,
        IEnumerable<Entity>? entities = null, IEnumerable<Event>? events = null, IEnumerable<Relation>? relations = null) =>
        new(id, text)
        {
            Entities = entities?.ToImmutableArray() ?? ImmutableArray<Entity>.Empty,
            Events = events?.ToImmutableArray() ?? ImmutableArray<Event>.Empty,
            Relations = relations?.ToImmutableArray() ?? ImmutableArray<Relation>.Empty,
        };

    public static Entity Ent(Span span, string label, double? confidence = null) => new(null, span, label, confidence);

    public static Event Evt(string type, Span trigger, params Argument[] args) => new(null, type, trigger, args.ToImmutableArray());

    public static Argument Arg(string role, Span span, double? confidence = null) => new(role, span, confidence);

    public static Relation Rel(string type, Span head, Span tail, double? confidence = null) => new(null, type, head, tail, confidence);

    public static JObject Json(Document doc) => DocumentJson.ToJObject(doc);

    /// <summary>Structural equality of two documents, through their JSON form (offsets, labels, extras, meta).</summary>
    public static void AssertSameContent(Document expected, Document actual)
    {
        var e = Json(expected);
        var a = Json(actual);
        Assert.True(JToken.DeepEquals(e, a), $"documents differ:\nexpected {e.ToString(Newtonsoft.Json.Formatting.None)}\nactual   {a.ToString(Newtonsoft.Json.Formatting.None)}");
    }
}
