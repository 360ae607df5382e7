using System.Text;
using Newtonsoft.Json.Linq;
using Nlp.Pipeline.Extraction;

namespace Nlp.Pipeline.Tests;

public sealed class ExtractionTests
{
    private static string Corpus(string root, int count)
    {
        string dir = Path.Combine(root, "corpus");
        Directory.CreateDirectory(Path.Combine(dir, "sub"));
        for (int i = 0; i < count; i++)
        {
            // Some in a subfolder: folders are read recursively.
            string folder = i % 3 == 0 ? Path.Combine(dir, "sub") : dir;
            File.WriteAllText(Path.Combine(folder, $"doc-{i:000}.txt"),
                $"Report {i}.\n\nIn {1920 + i % 20} the families of village {i} were deported to Kazakhstan. " +
                $"Some returned in {1940 + i % 10}, others never did.\n");
        }
        return dir;
    }

    private static ExtractionOptions Options(string root, string input, string? db = null, int workers = 2, bool eventsOnly = false) => new()
    {
        Inputs = [input],
        OutputPath = Path.Combine(root, "out", eventsOnly ? "events.jsonl" : "documents.jsonl"),
        Database = db,
        Workers = workers,
        EventsOnly = eventsOnly,
        ModelsDirectory = FakeEventStage.ModelsFolder(root),
    };

    private static ExtractionSummary Run(ExtractionOptions options, CancellationToken cancel = default, Action<ExtractionProgress>? progress = null) =>
        new ExtractionRunner(options, FakeEventStage.Catalog()) { OnProgress = progress }.Run(cancel);

    private static List<JObject> Lines(string path) => File.ReadAllLines(path).Select(JObject.Parse).ToList();

    private static string DbUrl(ExtractionOptions o) => o.DatabaseValue!;

    [Fact]
    public void ExtractsAFolderInInputOrderWithProvenanceAndNormalizedValues()
    {
        string root = TestDatabases.TempDir();
        var options = Options(root, Corpus(root, 12), workers: 3);
        var summary = Run(options);

        Assert.Equal((12, 0, 0, 0), (summary.Written, summary.Skipped, summary.Failed, summary.ExitCode));
        var lines = Lines(options.OutputPath);
        var expectedOrder = Nlp.Text.Loading.InputFiles.Expand(options.Inputs).Select(f => Path.GetFileNameWithoutExtension(f)!).ToList();
        Assert.Equal(expectedOrder, lines.Select(l => (string)l["id"]!).ToList());

        var first = lines[0];
        var provenance = (JObject)first["provenance"]!;
        Assert.Equal(64, ((string)provenance["sha256"]!).Length);
        Assert.True(Path.IsPathRooted((string)provenance["path"]!));
        Assert.Contains(provenance["models"]!, m => ((string)m["version"]!).StartsWith("sha256:", StringComparison.Ordinal) && (string)m["name"]! == "fake-deport");
        var date = first["entities"]![0]!;
        Assert.Equal((string)date["text"]!, (string)date["normalized"]!);
        Assert.Equal(0.9, (double)date["confidence"]!);
        var argument = first["events"]![0]!["arguments"]![0]!;
        Assert.Equal("DATE", (string)argument["entity_type"]!);
        Assert.Equal("deported", (string)first["events"]![0]!["trigger"]!["text"]!);
        Assert.Null(first["tokens"]); // left out unless asked for
        Assert.NotNull(first["sentences"]);

        Assert.Equal(12L, DatabaseDump.Count(DbUrl(options), "documents"));
        Assert.Equal(12L, DatabaseDump.Count(DbUrl(options), "events"));
        Assert.Equal(0, new FileInfo(options.ErrorsPath).Length);
    }

    [Fact]
    public void Each_worker_loads_each_model_once_and_disposes_it_at_the_end()
    {
        string root = TestDatabases.TempDir();
        var counter = new ModelCounter();
        var options = Options(root, Corpus(root, 40), workers: 3);
        var summary = new ExtractionRunner(options, FakeEventStage.Catalog(counter)).Run();
        Assert.Equal(40, summary.Written);
        Assert.Equal(3, counter.Loads);      // not 1 + workers: the order is checked from the stages' declarations
        Assert.Equal(3, counter.Disposals);
    }

    [Fact]
    public void A_failing_document_in_a_batch_fails_alone_and_its_batch_is_written()
    {
        string root = TestDatabases.TempDir();
        string dir = Path.Combine(root, "corpus");
        Directory.CreateDirectory(dir);
        // Small documents: all of them go to the workers in one batch.
        for (int i = 0; i < 6; i++)
            File.WriteAllText(Path.Combine(dir, $"doc-{i}.txt"), i == 2 ? "POISON in 1931." : $"They were deported in {1931 + i}.");
        var options = Options(root, dir, workers: 1);
        var summary = Run(options);
        Assert.Equal((5, 1), (summary.Written, summary.Failed));
        Assert.Equal(["doc-0", "doc-1", "doc-3", "doc-4", "doc-5"], Lines(options.OutputPath).Select(l => (string)l["id"]!).ToList());
        var error = JObject.Parse(Assert.Single(File.ReadAllLines(options.ErrorsPath)));
        Assert.Equal("events", (string)error["stage"]!);
        Assert.Contains("cannot read this document", (string)error["reason"]!);
    }

    [Fact]
    public void BadFilesAreReportedAndTheGoodOnesAllWritten()
    {
        string root = TestDatabases.TempDir();
        string dir = Corpus(root, 5);
        File.WriteAllBytes(Path.Combine(dir, "binary.txt"), [0x7F, 0x45, 0x4C, 0x46, 0x00, 0x01, 0x02]);
        File.WriteAllText(Path.Combine(dir, "empty.md"), "");
        File.WriteAllText(Path.Combine(dir, "blank.txt"), "  \n\n ");
        File.WriteAllBytes(Path.Combine(dir, "cp1251.txt"), [0xCA, 0xF3, 0xEB, 0xE0, 0xEA, 0x81, 0x20, 0x31, 0x39, 0x33, 0x30]); // 0x81: no Windows-1252 character
        File.WriteAllText(Path.Combine(dir, "big.txt"), new string('x', 3000) + " deported in 1931.");
        File.WriteAllText(Path.Combine(dir, "poison.txt"), "This POISON document was deported in 1933.");
        File.WriteAllText(Path.Combine(dir, "mixed.jsonl"),
            "{\"id\": \"j1\", \"text\": \"Deportees were deported in 1935.\"}\n" +
            "{\"id\": \"j2\", \"text\": \n" +
            "{\"id\": \"j3\", \"text\": \"In 1936 it went on.\"}\n");
        var options = Options(root, dir) with { MaxBytes = 2000 };

        var summary = Run(options);

        Assert.Equal(1, summary.ExitCode);
        var errors = Lines(options.ErrorsPath);
        string Reason(string file) => (string)errors.Single(e => ((string)e["path"]!).EndsWith(file))["reason"]!;
        Assert.Contains("binary content", Reason("binary.txt"));
        Assert.Contains("empty file", Reason("empty.md"));
        Assert.Contains("no text", Reason("blank.txt"));
        // Not refused any more: read as Windows-1252 with the undefined byte replaced, and a warning line.
        Assert.Equal("warning", (string)errors.Single(e => ((string)e["path"]!).EndsWith("cp1251.txt"))["severity"]!);
        Assert.Contains("larger than the limit", Reason("big.txt"));
        Assert.Contains("cannot read this document", Reason("poison.txt"));
        Assert.Equal("events", (string)errors.Single(e => ((string)e["path"]!).EndsWith("poison.txt"))["stage"]!);
        Assert.Contains(":2:", Reason("mixed.jsonl")); // the bad line, by number
        Assert.Equal(7, errors.Count);
        Assert.Equal(6, summary.Failed);

        var ids = Lines(options.OutputPath).Select(l => (string)l["id"]!).Order().ToList();
        Assert.Equal(["cp1251", "doc-000", "doc-001", "doc-002", "doc-003", "doc-004", "j1", "j3"], ids);
        Assert.Equal(8L, DatabaseDump.Count(DbUrl(options), "documents"));
    }

    [Fact]
    public void AnInterruptedRunResumesWithoutLossOrDuplicates()
    {
        // More documents than the batches a run holds between reading and writing (2 × workers of up to 32), so
        // that a cancelled run leaves some undone.
        const int Count = 300;
        string root = TestDatabases.TempDir();
        var options = Options(root, Corpus(root, Count));
        using (var cancel = new CancellationTokenSource())
        {
            var first = Run(options, cancel.Token, p => { if (p.Done >= 10) cancel.Cancel(); });
            Assert.True(first.Cancelled);
            Assert.InRange(first.Written, 10, Count - 1);
        }
        int afterKill = File.ReadAllLines(options.OutputPath).Length;

        // A kill in the middle of a write leaves a torn last line (and its document is not in the database yet).
        var bytes = File.ReadAllBytes(options.OutputPath);
        int lastStart = Array.LastIndexOf(bytes, (byte)'\n', bytes.Length - 2) + 1;
        string lastId = (string)JObject.Parse(Encoding.UTF8.GetString(bytes, lastStart, bytes.Length - lastStart))["id"]!;
        File.WriteAllBytes(options.OutputPath, bytes[..(lastStart + (bytes.Length - lastStart) / 2)]);
        DatabaseDump.Scalar(DbUrl(options), $"DELETE FROM documents WHERE doc_id = '{lastId}'");

        var second = Run(options);
        Assert.False(second.Cancelled);
        Assert.Equal(afterKill - 1, second.Skipped);
        Assert.Equal(Count - (afterKill - 1), second.Written);
        var ids = Lines(options.OutputPath).Select(l => (string)l["id"]!).ToList();
        Assert.Equal(Count, ids.Count);
        Assert.Equal(Count, ids.Distinct().Count());
        Assert.Equal((long)Count, DatabaseDump.Count(DbUrl(options), "documents"));
        Assert.Equal((long)Count, DatabaseDump.Count(DbUrl(options), "events"));
    }

    [Fact]
    public void RunningAgainChangesNothing()
    {
        string root = TestDatabases.TempDir();
        var options = Options(root, Corpus(root, 8));
        Run(options);
        var jsonl = File.ReadAllBytes(options.OutputPath);
        var rows = DatabaseDump.Rows(DbUrl(options));

        var again = Run(options);
        Assert.Equal((0, 8, 0), (again.Written, again.Skipped, again.ExitCode));
        Assert.Equal(jsonl, File.ReadAllBytes(options.OutputPath));
        Assert.Equal(rows, DatabaseDump.Rows(DbUrl(options)));
    }

    [Fact]
    public void AChangedDocumentOrModelReplacesItsResults()
    {
        string root = TestDatabases.TempDir();
        string dir = Corpus(root, 6);
        var options = Options(root, dir);
        Run(options);

        File.WriteAllText(Path.Combine(dir, "doc-001.txt"), "In 1937 they were deported again, and in 1938 again.");
        var changed = Run(options);
        Assert.Equal((1, 5), (changed.Written, changed.Skipped));
        var lines = Lines(options.OutputPath);
        Assert.Equal(6, lines.Count);
        Assert.Contains("1937", (string)lines.Single(l => (string)l["id"]! == "doc-001")["text"]!);
        Assert.Equal(6L, DatabaseDump.Count(DbUrl(options), "documents"));
        Assert.Equal(2L, Convert.ToInt64(DatabaseDump.Scalar(DbUrl(options),
            "SELECT COUNT(*) FROM entities e JOIN documents d ON d.document_id = e.document_id WHERE d.doc_id = 'doc-001'")));

        // A new model version makes every result stale: all are redone and replaced, none duplicated.
        string version = Nlp.Core.Manifests.ManifestFile.Read(Path.Combine(FakeEventStage.ModelsFolder(root, 0.7), "fake-events")).Version;
        var upgraded = Run(options);
        Assert.Equal((6, 0), (upgraded.Written, upgraded.Skipped));
        lines = Lines(options.OutputPath);
        Assert.Equal(6, lines.Count);
        Assert.All(lines, l => Assert.Contains(version, l["provenance"]!["pipeline"]!.ToString()));
        Assert.Equal(6L, DatabaseDump.Count(DbUrl(options), "documents"));
    }

    [Fact]
    public void EventsOnlyWritesSelfContainedEventsAndResumes()
    {
        string root = TestDatabases.TempDir();
        string dir = Corpus(root, 10);
        File.WriteAllText(Path.Combine(dir, "quiet.txt"), "Nothing happened here in 1925.");
        var options = Options(root, dir, db: "none", eventsOnly: true);
        Run(options);
        var events = Lines(options.OutputPath);
        Assert.Equal(10, events.Count);
        var e = events[0];
        Assert.Equal("DEPORT", (string)e["type"]!);
        Assert.Equal("deported", (string)e["trigger"]!["text"]!);
        Assert.Contains("deported to Kazakhstan", (string)e["sentence"]!["text"]!);
        var argument = e["arguments"]![0]!;
        Assert.Equal(("Time", "DATE"), ((string)argument["role"]!, (string)argument["entity_type"]!));
        Assert.Equal((string)argument["text"]!, (string)argument["normalized"]!);
        Assert.Equal(0.8, (double)e["confidence"]!);
        Assert.NotNull(e["document_id"]);
        Assert.NotNull(e["path"]);

        // Killed after a document's events but before its completion record: its events are dropped and redone.
        var docs = File.ReadAllLines(options.OutputPath + ".docs.jsonl");
        Assert.Equal(11, docs.Length); // the quiet document counts as done too
        File.WriteAllLines(options.OutputPath + ".docs.jsonl", docs[..^2]);
        var again = Run(options);
        Assert.Equal(2, again.Written);
        var after = Lines(options.OutputPath);
        Assert.Equal(10, after.Count);
        Assert.Equal(10, after.Select(l => (string)l["document_id"]!).Distinct().Count());
    }

    [PostgresFact]
    public void PostgresRunWritesTheSameAndADocumentItRefusesIsReported()
    {
        string root = TestDatabases.TempDir();
        string dir = Corpus(root, 4);
        File.WriteAllText(Path.Combine(dir, "nul.jsonl"), "{\"id\": \"nul\", \"text\": \"Deported in 1931 \\u0000 with a NUL.\"}\n");
        var options = Options(root, dir, db: TestDatabases.PostgresSchemaUrl());
        var summary = Run(options);

        Assert.Equal((1, 4, 1), (summary.ExitCode, summary.Written, summary.Failed));
        var error = Lines(options.ErrorsPath).Single();
        Assert.Equal(("database", "nul"), ((string)error["stage"]!, (string)error["document_id"]!));
        Assert.Equal(4L, DatabaseDump.Count(options.Database!, "documents"));
        Assert.Equal(5, File.ReadAllLines(options.OutputPath).Length);

        var sqlite = Options(TestDatabases.TempDir(), dir);
        Run(sqlite);
        Assert.Equal(DatabaseDump.Rows(sqlite.DatabaseValue!).Where(r => !r.Contains("| nul |")).Select(WithoutPath),
            DatabaseDump.Rows(options.Database!).Select(WithoutPath));
    }

    /// <summary>Rows without the document path and pipeline, which differ between the two runs' folders.</summary>
    private static string WithoutPath(string row) => row.StartsWith("document", StringComparison.Ordinal)
        ? string.Join(" | ", row.Split(" | ").Where((_, i) => i is not (1 or 4)))
        : row;
}
