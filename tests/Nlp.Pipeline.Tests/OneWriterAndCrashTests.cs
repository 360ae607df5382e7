using System.Text;
using Microsoft.Data.Sqlite;
using Newtonsoft.Json.Linq;
using Nlp.Pipeline.Extraction;
using Nlp.Sinks.Database;
using Npgsql;

namespace Nlp.Pipeline.Tests;

/// <summary>
/// What a user relies on when runs overlap or die: one writer per output and database, a second run told who holds
/// it (or waiting with --wait), a lost database ending the run in one line with what was committed kept, a killed
/// run's row finalized by the next run, and a resume after any crash point neither losing nor duplicating a document.
/// </summary>
public sealed class OneWriterAndCrashTests
{
    private static string Corpus(string root, int count)
    {
        string dir = Path.Combine(root, "corpus");
        Directory.CreateDirectory(dir);
        for (int i = 0; i < count; i++)
            File.WriteAllText(Path.Combine(dir, $"doc-{i:000}.txt"), $"Report {i}. In {1920 + i % 20} the families of village {i} were deported.\n");
        return dir;
    }

    private static ExtractionOptions Options(string root, string input, string? db = null, string output = "documents.jsonl") => new()
    {
        Inputs = [input],
        OutputPath = Path.Combine(root, "out", output),
        Database = db,
        Workers = 2,
        ModelsDirectory = FakeEventStage.ModelsFolder(root),
    };

    private static ExtractionRunner Runner(ExtractionOptions options, Action<ExtractionProgress>? progress = null, Action<string>? notice = null) =>
        new(options, FakeEventStage.Catalog()) { OnProgress = progress, OnNotice = notice };

    private static List<string> Ids(string jsonl) => File.ReadAllLines(jsonl).Select(l => (string)JObject.Parse(l)["id"]!).ToList();

    /// <summary>After everything: each of the <paramref name="count"/> documents once in the JSONL and once in the database.</summary>
    private static void AssertEachDocumentOnce(ExtractionOptions options, int count)
    {
        var ids = Ids(options.OutputPath);
        Assert.Equal(count, ids.Count);
        Assert.Equal(count, ids.Distinct().Count());
        Assert.Equal((long)count, DatabaseDump.Count(options.DatabaseValue!, "documents"));
        Assert.Equal((long)count, DatabaseDump.Count(options.DatabaseValue!, "events"));
    }

    [Fact]
    public void ASecondRunOnTheSameOutputRefusesAtOnceNamingTheFirstAndTouchesNothing()
    {
        string root = TestDatabases.TempDir();
        string dir = Corpus(root, 12);
        File.WriteAllText(Path.Combine(dir, "a-empty.txt"), ""); // read first: errors.jsonl has a line the second run must keep
        var options = Options(root, dir);
        Exception? refused = null;
        string? errorsDuring = null;
        var first = Runner(options, p =>
        {
            if (p.Done != 4 || refused is not null) return;
            // The first run is in the middle of writing: a second one on the same output starts now.
            long before = new FileInfo(options.OutputPath).Length;
            refused = Record.Exception(() => Runner(options with { Database = "none" }).Run());
            Assert.Equal(before, new FileInfo(options.OutputPath).Length);
            errorsDuring = File.ReadAllText(options.ErrorsPath);
        }).Run();

        var e = Assert.IsType<ResourceLockedException>(refused);
        Assert.Contains(options.OutputPath, e.Message);
        Assert.Contains($"process {Environment.ProcessId} on {Environment.MachineName}, started ", e.Message);
        Assert.Contains("--wait", e.Message);
        Assert.DoesNotContain('\n', e.Message);
        Assert.Equal(12, first.Written);
        Assert.Contains("a-empty.txt", errorsDuring);
        AssertEachDocumentOnce(options, 12);
    }

    [Fact]
    public void ASecondRunOnTheSameDatabaseRefusesNamingTheRunThatHoldsIt()
    {
        string root = TestDatabases.TempDir();
        string dir = Corpus(root, 3);
        string db = "sqlite:" + Path.Combine(root, "shared.db");
        using (var holder = DatabaseSink.Open(DatabaseUrl.Parse(db)))
        {
            holder.BeginRun("p", [], []);
            var e = Assert.Throws<ResourceLockedException>(() => Runner(Options(root, dir, db, "other.jsonl")).Run());
            Assert.Contains("database sqlite:", e.Message);
            Assert.Contains($"process {Environment.ProcessId}", e.Message);
            Assert.False(File.Exists(Path.Combine(root, "out", "other.jsonl")));
        }
        Assert.Equal(3, Runner(Options(root, dir, db, "other.jsonl")).Run().Written);
    }

    [Fact]
    public void WithWaitASecondRunWaitsForTheFirstToReleaseThenRuns()
    {
        string root = TestDatabases.TempDir();
        var options = Options(root, Corpus(root, 5)) with { Wait = true };
        var waiting = new ManualResetEventSlim();
        var holder = FileLock.Acquire(options.OutputPath + ".lock", options.OutputPath);
        var second = Task.Factory.StartNew(
            () => Runner(options, notice: n => { if (n.Contains("waiting for it to finish")) waiting.Set(); }).Run(),
            TaskCreationOptions.LongRunning);

        Assert.True(waiting.Wait(TimeSpan.FromSeconds(60)), "the second run never said it was waiting");
        Assert.False(second.IsCompleted);
        Assert.False(File.Exists(options.OutputPath));
        holder.Dispose();

        var summary = second.GetAwaiter().GetResult();
        Assert.Equal(5, summary.Written);
        AssertEachDocumentOnce(options, 5);
    }

    [Fact]
    public void AKilledRunsRowIsFinalizedAsAbandonedByTheNextRun()
    {
        string root = TestDatabases.TempDir();
        var options = Options(root, Corpus(root, 4));
        string url = options.DatabaseValue!;
        var doc = SampleDocuments.Deportation();
        // A run killed after one document: its row is never finished, and the system released its lock.
        using (var killed = DatabaseSink.Open(DatabaseUrl.Parse(url)))
        {
            killed.BeginRun("p", [], []);
            killed.Write(doc, SampleDocuments.ProvenanceOf(doc));
        }
        var notices = new List<string>();
        Runner(options, notice: notices.Add).Run();

        Assert.Contains(notices, n => n.Contains($"run 1 (process {Environment.ProcessId} on {Environment.MachineName}") && n.Contains("marked abandoned"));
        Assert.Equal("abandoned", DatabaseDump.Scalar(url, "SELECT status FROM runs WHERE run_id = 1"));
        Assert.Equal(1L, Convert.ToInt64(DatabaseDump.Scalar(url, "SELECT documents_written FROM runs WHERE run_id = 1")));
        Assert.NotEqual(DBNull.Value, DatabaseDump.Scalar(url, "SELECT finished_at FROM runs WHERE run_id = 1"));
        Assert.Equal("finished", DatabaseDump.Scalar(url, "SELECT status FROM runs WHERE run_id = 2"));
        Assert.Equal(0L, Convert.ToInt64(DatabaseDump.Scalar(url, "SELECT COUNT(*) FROM runs WHERE finished_at IS NULL")));
    }

    [Fact]
    public void ADatabaseVersion1IsUpgradedAndItsUnfinishedRunsFinalized()
    {
        string url = TestDatabases.SqliteUrl();
        using (DatabaseSink.Open(DatabaseUrl.Parse(url))) { }
        // Back to version 1: runs without status, owner or end.
        using (var c = DatabaseDump.Open(url))
        {
            using var cmd = c.CreateCommand();
            cmd.CommandText = """
                DROP TABLE runs;
                CREATE TABLE runs (run_id INTEGER PRIMARY KEY, started_at TEXT NOT NULL, finished_at TEXT, pipeline TEXT NOT NULL, models TEXT NOT NULL,
                    inputs TEXT NOT NULL, documents_written INTEGER NOT NULL DEFAULT 0, documents_skipped INTEGER NOT NULL DEFAULT 0,
                    documents_failed INTEGER NOT NULL DEFAULT 0);
                INSERT INTO runs (started_at, pipeline, models, inputs) VALUES ('2024-01-01T00:00:00Z', 'p', '[]', '[]');
                UPDATE nlp_schema SET version = 1;
                """;
            cmd.ExecuteNonQuery();
        }
        using (var sink = DatabaseSink.Open(DatabaseUrl.Parse(url))) Assert.Single(sink.AbandonedRuns);
        Assert.Equal(2L, Convert.ToInt64(DatabaseDump.Scalar(url, "SELECT version FROM nlp_schema")));
        Assert.Equal("abandoned", DatabaseDump.Scalar(url, "SELECT status FROM runs"));
    }

    [Fact]
    public void ACrashBetweenTheJsonlWriteAndTheDatabaseCommitStopsInOneLineAndResumesWithoutLossOrDuplicate()
    {
        string root = TestDatabases.TempDir();
        var options = Options(root, Corpus(root, 20));
        string url = options.DatabaseValue!;
        // From the fifth document on the database refuses every commit, as a full disk or a dying server would.
        var e = Assert.Throws<DatabaseFailedException>(() => Runner(options, p =>
        {
            if (p.Done == 4) DatabaseDump.Scalar(url, "CREATE TRIGGER crash BEFORE INSERT ON documents BEGIN SELECT RAISE(FAIL, 'simulated crash'); END");
        }).Run());
        Assert.StartsWith("database sqlite:", e.Message);
        Assert.Contains("simulated crash", e.Message);
        Assert.DoesNotContain('\n', e.Message);
        Assert.Equal(4L, DatabaseDump.Count(url, "documents")); // what was committed stays
        Assert.Equal(5, Ids(options.OutputPath).Count);        // the fifth reached the JSONL first

        DatabaseDump.Scalar(url, "DROP TRIGGER crash");
        var notices = new List<string>();
        var resumed = Runner(options, notice: notices.Add).Run();
        Assert.Equal((16, 4), (resumed.Written, resumed.Skipped)); // the fifth again, for the database only
        Assert.Contains(notices, n => n.Contains("marked abandoned"));
        AssertEachDocumentOnce(options, 20);
    }

    [Fact]
    public void ATornLastJsonlLineIsCutWithANoticeAndItsDocumentWrittenAgain()
    {
        string root = TestDatabases.TempDir();
        var options = Options(root, Corpus(root, 10));
        Runner(options).Run();
        // A power loss after the database commit but before the line reached the disk: half of it is there.
        var bytes = File.ReadAllBytes(options.OutputPath);
        int lastStart = Array.LastIndexOf(bytes, (byte)'\n', bytes.Length - 2) + 1;
        File.WriteAllBytes(options.OutputPath, bytes[..(lastStart + 20)]);

        var notices = new List<string>();
        var resumed = Runner(options, notice: notices.Add).Run();

        Assert.Equal((1, 9, 0), (resumed.Written, resumed.Skipped, resumed.ExitCode));
        Assert.Contains(notices, n => n.Contains(options.OutputPath) && n.Contains("partial last line"));
        AssertEachDocumentOnce(options, 10);
    }

    [PostgresFact]
    public void ALostPostgresConnectionEndsTheRunInOneLineKeepsTheCommittedRowsAndTheNextRunFinishes()
    {
        string root = TestDatabases.TempDir();
        string app = "nlp-lost-" + Guid.NewGuid().ToString("N")[..8];
        string url = TestDatabases.PostgresSchemaUrl() + "&ApplicationName=" + app;
        var options = Options(root, Corpus(root, 12), url);

        var e = Assert.Throws<DatabaseFailedException>(() => Runner(options, p =>
        {
            if (p.Done != 3) return;
            // The server ends this run's session, as a restart or a dropped network would.
            using var admin = new NpgsqlConnection(DatabaseUrl.Parse(TestDatabases.PostgresUrl!).ConnectionString);
            admin.Open();
            using var kill = new NpgsqlCommand("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = @app", admin);
            kill.Parameters.AddWithValue("app", app);
            kill.ExecuteNonQuery();
        }).Run());

        Assert.StartsWith($"lost the connection to database {DatabaseUrl.Parse(url).Display}: ", e.Message);
        Assert.DoesNotContain('\n', e.Message);
        Assert.IsAssignableFrom<IOException>(e); // the CLI prints it as one "error:" line and exits 1
        Assert.Equal(3L, DatabaseDump.Count(url, "documents"));
        Assert.Equal("running", DatabaseDump.Scalar(url, "SELECT status FROM runs"));

        var resumed = Runner(options).Run();
        Assert.Equal(0, resumed.ExitCode);
        Assert.Equal("abandoned", DatabaseDump.Scalar(url, "SELECT status FROM runs WHERE run_id = 1"));
        Assert.Equal(3L, Convert.ToInt64(DatabaseDump.Scalar(url, "SELECT documents_written FROM runs WHERE run_id = 1")));
        AssertEachDocumentOnce(options, 12);
    }

    [PostgresFact]
    public void ASecondRunOnTheSamePostgresSchemaRefusesNamingTheFirst()
    {
        string root = TestDatabases.TempDir();
        string url = TestDatabases.PostgresSchemaUrl();
        using (var holder = DatabaseSink.Open(DatabaseUrl.Parse(url)))
        {
            holder.BeginRun("p", [], []);
            var e = Assert.Throws<ResourceLockedException>(() => Runner(Options(root, Corpus(root, 2), url)).Run());
            Assert.Contains($"is in use by run 1 (process {Environment.ProcessId} on {Environment.MachineName}", e.Message);
        }
        // Released on Dispose (the pooled connection would otherwise keep the session's lock).
        Assert.Equal(2, Runner(Options(root, Path.Combine(root, "corpus"), url)).Run().Written);
    }
}
