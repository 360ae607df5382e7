using System.Text;
using Newtonsoft.Json.Linq;

namespace Nlp.Cli.Tests;

/// <summary>
/// One folder of the files real archives hold, good documents among them, extracted once with the shipped models as a
/// user would: every readable document comes out (with a warning where it was repaired), every other file is named in
/// errors.jsonl, the run ends with exit 1 because some files failed, offsets point into each document's text, and a
/// second run resumes without losing or repeating anything. The README's "What happens to bad input" lists these kinds.
/// </summary>
public sealed class BadInputCorpusTests
{
    const string Prose = "In 1931 the NKVD deported the families of the village of Ivanovka to Kazakhstan. " +
                         "Some of them returned to Ukraine in 1941, and 300 settlers stayed in Karaganda.\n";

    /// <summary>Builds the corpus; returns the ids that must come out and the file names that must be reported.</summary>
    static (string[] Extracted, string[] Reported) Build(string dir)
    {
        Directory.CreateDirectory(dir);
        void Text(string name, string text) => File.WriteAllText(Path.Combine(dir, name), text);
        void Bytes(string name, byte[] bytes) => File.WriteAllBytes(Path.Combine(dir, name), bytes);
        var utf8 = Encoding.UTF8;

        Text("good.txt", Prose);
        Text("page.html", $"<html><body><script>alert(1)</script><p>{Prose}</p></body></html>");
        Bytes("utf16 without mark.txt", Encoding.Unicode.GetBytes(Prose));                       // UTF-16, no BOM
        Bytes("mixed.txt", [.. utf8.GetBytes("Les déportés: "), 0xE9, 0xA0, .. utf8.GetBytes(Prose)]);   // stray bytes
        Bytes("cp1251.txt", CodePagesEncodingProvider.Instance.GetEncoding(1251)!.GetBytes("Приказ НКВД 1937 года о депортации.\n"));
        Bytes("nul.txt", utf8.GetBytes(Prose.Replace(" village", "\0village")));
        Bytes("controls.txt", utf8.GetBytes(Prose.Replace("families", "fam\u0001il\u0007ies")));
        Text("zero width and bidi.txt", Prose.Replace("Kazakhstan", "Kazakh\u200Bstan").Replace("Ukraine", "\u202BUkraine\u202C"));
        Text("scan.pdf", Prose);                                                                   // text named .pdf
        Text("furniture only.txt", "Moscow 1937");
        Text("run-on.txt", string.Concat(Enumerable.Repeat(Prose.Replace(".", "").Replace("\n", " "), 200)));  // ~33 KB, no sentence end: one "sentence" of 6,000 tokens
        Text("long line.txt", string.Concat(Enumerable.Repeat(Prose.TrimEnd('\n') + " ", 400)));             // ~70 KB on one line
        Text("«quoted» 'name' \"x\".txt", Prose);
        Text("Донесение.txt", Prose);
        var deep = Path.Combine([dir, .. Enumerable.Repeat("d", 30)]);
        Directory.CreateDirectory(deep);
        File.WriteAllText(Path.Combine(deep, "deep.txt"), Prose);
        Directory.CreateDirectory(Path.Combine(dir, "sub"));
        File.CreateSymbolicLink(Path.Combine(dir, "sub", "good again.txt"), Path.Combine(dir, "good.txt"));  // the same file twice
        Directory.CreateSymbolicLink(Path.Combine(dir, "sub", "loop"), "..");                                   // a loop

        Text("empty.txt", "");
        Text("blank.txt", " \n\t\n ");
        Bytes("picture.txt", [0x89, .. "PNG\r\n\u001a\n"u8, .. new byte[2000]]);                        // an image named .txt
        Bytes("broken.pdf", "%PDF-1.4 this is not a PDF"u8.ToArray());
        File.CreateSymbolicLink(Path.Combine(dir, "dangling.txt"), Path.Combine(dir, "gone.txt"));       // a broken link
        using (var huge = File.Create(Path.Combine(dir, "huge.txt"))) huge.SetLength(200L << 20);        // 200 MB, sparse

        string[] extracted = ["good", "page", "utf16 without mark", "mixed", "cp1251", "nul", "controls", "zero width and bidi",
            "scan", "furniture only", "run-on", "long line", "«quoted» 'name' \"x\"", "Донесение", "deep"];
        string[] reported = ["empty.txt", "blank.txt", "picture.txt", "broken.pdf", "dangling.txt", "huge.txt"];
        return (extracted, reported);
    }

    [Fact]
    public void Every_readable_document_comes_out_every_other_file_is_named_and_a_second_run_loses_nothing()
    {
        string root = TestPaths.TempDir();
        string input = Path.Combine(root, "archive");
        var (extracted, reported) = Build(input);
        string output = Path.Combine(root, "out", "documents.jsonl");
        string models = Path.Combine(TestPaths.RepoRoot, "models");

        var run = CliResult.Run("extract", input, "--out", output, "--models", models, "--workers", "2");

        Assert.True(run.ExitCode == 1, run.Error);
        var docs = File.ReadAllLines(output).Select(JObject.Parse).ToList();
        Assert.Equal(extracted.Order(), docs.Select(d => (string)d["id"]!).Order());
        foreach (var doc in docs)
        {
            string text = (string)doc["text"]!;
            var spans = (doc["entities"] as JArray ?? []).Concat(doc["tokens"] as JArray ?? []);
            Assert.All(spans, s => Assert.InRange((int)s["end"]!, (int)s["start"]! + 1, text.Length));
        }
        var byId = docs.ToDictionary(d => (string)d["id"]!);
        Assert.NotEmpty((JArray)byId["run-on"]["entities"]!);          // the model stages ran on it
        Assert.NotEmpty((JArray)byId["furniture only"]["entities"]!);
        Assert.Equal("utf-16", (string?)byId["utf16 without mark"]["meta"]!["encoding"]);

        var errors = File.ReadAllLines(Path.Combine(root, "out", "errors.jsonl")).Select(JObject.Parse).ToList();
        var failures = errors.Where(e => (string?)e["severity"] == "error").Select(e => Path.GetFileName((string)e["path"]!)).Order();
        Assert.Equal(reported.Order(), failures);
        var warned = errors.Where(e => (string?)e["severity"] == "warning").Select(e => Path.GetFileName((string)e["path"]!)).ToHashSet();
        Assert.Superset(new HashSet<string> { "mixed.txt", "cp1251.txt", "nul.txt", "controls.txt", "scan.pdf" }, warned);
        Assert.Equal("windows-1251", (string?)byId["cp1251"]["meta"]!["encoding"]);   // guessed from its letters, with a warning
        Assert.StartsWith("Приказ НКВД", (string)byId["cp1251"]["text"]!);
        Assert.Contains("loop", run.Error);

        var again = CliResult.Run("extract", input, "--out", output, "--models", models, "--workers", "2");
        Assert.True(again.ExitCode == 1, again.Error);
        Assert.Contains($"0 document(s) extracted, {extracted.Length} already done", again.Error);
        Assert.Equal(extracted.Length, File.ReadAllLines(output).Length);
    }
}
