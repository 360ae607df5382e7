using System.Text;
using Newtonsoft.Json.Linq;
using Nlp.Pipeline.Extraction;

namespace Nlp.Pipeline.Tests;

/// <summary>What a user sees from a run over a folder of files real archives hold: output, errors.jsonl, exit code.</summary>
public sealed class BadInputExtractionTests
{
    private const string Prose = "In 1931 the families of the village were deported to Kazakhstan. Some returned in 1941.";

    private static (ExtractionSummary Summary, ExtractionOptions Options, List<string> Notices) Run(string root, string input, string? encoding = null)
    {
        var options = new ExtractionOptions
        {
            Inputs = [input],
            OutputPath = Path.Combine(root, "out", "documents.jsonl"),
            Database = "none",
            ModelsDirectory = FakeEventStage.ModelsFolder(root),
            Encoding = encoding,
        };
        var notices = new List<string>();
        var summary = new ExtractionRunner(options, FakeEventStage.Catalog()) { OnNotice = n => { lock (notices) notices.Add(n); } }.Run();
        return (summary, options, notices);
    }

    private static List<JObject> Lines(string path) => File.ReadAllLines(path).Select(JObject.Parse).ToList();

    [Fact]
    public void Damaged_but_readable_files_are_extracted_with_a_warning_and_a_loop_is_only_a_notice()
    {
        string root = TestDatabases.TempDir();
        string dir = Path.Combine(root, "archive");
        Directory.CreateDirectory(Path.Combine(dir, "sub"));
        File.WriteAllText(Path.Combine(dir, "good.txt"), Prose);
        File.WriteAllBytes(Path.Combine(dir, "sub", "wide.txt"), Encoding.Unicode.GetBytes(Prose)); // UTF-16 without a mark
        File.WriteAllBytes(Path.Combine(dir, "nul.txt"), Encoding.UTF8.GetBytes(Prose.Replace(" village", "\0village")));
        File.WriteAllBytes(Path.Combine(dir, "mixed.txt"), [.. Encoding.UTF8.GetBytes("Les déportés, "), 0xE9, .. Encoding.UTF8.GetBytes(Prose)]);
        File.WriteAllText(Path.Combine(dir, "scan.pdf"), Prose); // a text file named .pdf
        Directory.CreateSymbolicLink(Path.Combine(dir, "sub", "back"), "..");

        var (summary, options, notices) = Run(root, dir);

        Assert.Equal((5, 0, 0), (summary.Written, summary.Failed, summary.ExitCode));
        Assert.Equal(3, summary.Warnings);
        var docs = Lines(options.OutputPath).ToDictionary(l => (string)l["id"]!);
        Assert.Equal(["good", "mixed", "nul", "scan", "wide"], docs.Keys.Order());
        Assert.Equal("utf-16", (string?)docs["wide"]["meta"]!["encoding"]);
        Assert.Equal(Prose, (string?)docs["wide"]["text"]);
        Assert.Equal(Prose.Length, ((string)docs["nul"]["text"]!).Length);
        Assert.Equal("text", (string?)docs["scan"]["meta"]!["format"]);

        var warnings = Lines(options.ErrorsPath);
        Assert.All(warnings, w => Assert.Equal("warning", (string?)w["severity"]));
        string Warning(string file) => (string)warnings.Single(w => ((string)w["path"]!).EndsWith(file))["reason"]!;
        Assert.Contains("not valid UTF-8", Warning("mixed.txt"));
        Assert.Contains("NUL", Warning("nul.txt"));
        Assert.Contains("no PDF header", Warning("scan.pdf"));
        Assert.Contains(notices, n => n.Contains("back") && n.Contains("(a loop)"));
    }

    [Fact]
    public void The_named_encoding_is_used_and_recorded()
    {
        string root = TestDatabases.TempDir();
        string file = Path.Combine(root, "prikaz.txt");
        const string text = "В 1937 году приказ НКВД был подписан в Москве.";
        File.WriteAllBytes(file, CodePagesEncodingProvider.Instance.GetEncoding("koi8-r")!.GetBytes(text));

        var (summary, options, _) = Run(root, file, encoding: "koi8-r");

        Assert.Equal((1, 0), (summary.Written, summary.Warnings));
        var doc = Assert.Single(Lines(options.OutputPath));
        Assert.Equal(text, (string?)doc["text"]);
        Assert.Equal("koi8-r", (string?)doc["meta"]!["encoding"]);
    }

    [Fact]
    public void An_unreadable_subfolder_is_reported_in_errors_jsonl_and_the_run_goes_on()
    {
        string root = TestDatabases.TempDir();
        string dir = Path.Combine(root, "archive");
        string locked = Path.Combine(dir, "locked");
        Directory.CreateDirectory(locked);
        File.WriteAllText(Path.Combine(dir, "good.txt"), Prose);
        File.WriteAllText(Path.Combine(locked, "hidden.txt"), Prose);
        File.SetUnixFileMode(locked, UnixFileMode.None);
        try
        {
            try
            {
                Directory.EnumerateFileSystemEntries(locked).ToList();
                return; // root lists everything: nothing to observe here (checked as an ordinary user instead)
            }
            catch (UnauthorizedAccessException)
            {
            }

            var (summary, options, _) = Run(root, dir);

            Assert.Equal((1, 1, 1), (summary.Written, summary.Failed, summary.ExitCode));
            var error = Assert.Single(Lines(options.ErrorsPath));
            Assert.Equal(locked, (string?)error["path"]);
            Assert.Equal("error", (string?)error["severity"]);
            Assert.Contains("permission denied", (string?)error["reason"]);
        }
        finally
        {
            File.SetUnixFileMode(locked, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
    }
}
