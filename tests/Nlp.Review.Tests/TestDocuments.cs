using System.Collections.Immutable;
using System.Text;
using Newtonsoft.Json.Linq;
using Nlp.Core.Formats;
using Nlp.Core.Model;

namespace Nlp.Review.Tests;

/// <summary>Small prediction files for the tests: a hostile document (markup and a script in its text, labels and
/// meta), and a plain one with an event and a relation.</summary>
internal static class TestDocuments
{
    public const string HostileText = "Ivan <script>window.pwned=1</script> met <b>Petrov</b> in Moscow.\nSecond line 🙂 Kiev.";

    public static Document Hostile()
    {
        var text = HostileText;
        int ivan = text.IndexOf("Ivan", StringComparison.Ordinal), moscow = text.IndexOf("Moscow", StringComparison.Ordinal);
        int petrov = text.IndexOf("<b>Petrov</b>", StringComparison.Ordinal), kiev = text.IndexOf("Kiev", StringComparison.Ordinal);
        return new Document("hostile-<img src=x onerror=alert(1)>", text)
        {
            Entities = [
                new Entity(null, new Span(ivan, ivan + 4), "PERSON", 0.91),
                new Entity(null, new Span(petrov, petrov + 13), "PERSON", 0.35),
                new Entity(null, new Span(moscow, moscow + 6), "GPE", 0.88),
                new Entity(null, new Span(kiev, kiev + 4), "GPE", 0.62),
            ],
            Meta = new JObject { ["title"] = "<script>window.pwnedTitle=1</script>" },
        };
    }

    public static Document Deportation()
    {
        const string text = "In 1937 the NKVD deported Koreans from Vladivostok to Kazakhstan.\n\nStalin led the NKVD. Later Petrov was arrested in Moscow.";
        Span At(string s, int from = 0) { int i = text.IndexOf(s, from, StringComparison.Ordinal); return new Span(i, i + s.Length); }
        var nkvd2 = At("NKVD", At("Stalin").Start);
        return new Document("deportation", text)
        {
            Entities = [
                new Entity(null, At("1937"), "DATE", 0.97),
                new Entity(null, At("NKVD"), "ORG", 0.93),
                new Entity(null, At("Koreans"), "NORP", 0.40),
                new Entity(null, At("Vladivostok"), "GPE", 0.95),
                new Entity(null, At("Kazakhstan"), "GPE", 0.94),
                new Entity(null, At("Stalin"), "PERSON", 0.30),
                new Entity(null, nkvd2, "ORG", 0.90),
                new Entity(null, At("Petrov"), "PERSON", 0.85),
                new Entity(null, At("Moscow"), "GPE", 0.92),
            ],
            Events = [new Event(null, "DEPORT", At("deported"), [
                new Argument("Agent", At("NKVD"), 0.8), new Argument("Deportee", At("Koreans"), 0.7),
                new Argument("Time", At("1937"), 0.9)], 0.85)],
            Relations = [new Relation(null, "LEADER_OF", At("Stalin"), nkvd2, 0.55)],
        };
    }

    public static string WriteJsonl(string path, params Document[] docs)
    {
        File.WriteAllText(path, string.Concat(docs.Select(d => DocumentJson.Serialize(d) + "\n")), new UTF8Encoding(false));
        return path;
    }
}

/// <summary>A temporary folder, deleted with its content on dispose.</summary>
public sealed class TempFolder : IDisposable
{
    public string Path { get; } = Directory.CreateTempSubdirectory("nlp-review-tests-").FullName;

    public string File(string name) => System.IO.Path.Combine(Path, name);

    public void Dispose()
    {
        try { Directory.Delete(Path, recursive: true); } catch (IOException) { }
    }
}
