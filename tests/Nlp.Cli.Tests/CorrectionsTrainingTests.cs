using Newtonsoft.Json.Linq;

namespace Nlp.Cli.Tests;

/// <summary>`nlp train events|relations --train CORRECTIONS`: the extraction output, edited and marked reviewed, is training data as it is.</summary>
public class CorrectionsTrainingTests
{
    static string Dev => Path.Combine(TestPaths.RepoRoot, "training-data", "dev.jsonl");

    /// <summary>The samples extracted with the fast profile, each record marked reviewed for the layers <paramref name="reviewed"/> gives it.</summary>
    static string Corrections(string dir, Func<int, string[]> reviewed)
    {
        string output = Path.Combine(dir, "documents.jsonl");
        var run = CliResult.Run("extract", Path.Combine(TestPaths.RepoRoot, "samples"), "--out", output, "--db", "none",
            "--models", Path.Combine(TestPaths.RepoRoot, "models"), "--profile", "fast");
        Assert.True(run.ExitCode == 0, run.Error);
        var lines = File.ReadAllLines(output).Select((line, i) =>
        {
            var record = JObject.Parse(line);
            ((JObject)record["meta"]!)["reviewed"] = new JArray(reviewed(i).Cast<object>().ToArray());
            record["meta"]!["reviewer"] = "test";
            return record.ToString(Newtonsoft.Json.Formatting.None);
        }).ToList();
        string corrections = Path.Combine(dir, "corrections.jsonl");
        File.WriteAllLines(corrections, lines);
        return corrections;
    }

    [Fact]
    public void Extraction_records_marked_reviewed_train_the_layers_they_mark()
    {
        var dir = TestPaths.TempDir();
        var corrections = Corrections(dir, i => i == 0 ? ["entities"] : ["entities", "events", "relations"]);

        var events = CliResult.Run("train", "events", "--train", corrections, "--dev", Dev, "--out", Path.Combine(dir, "ev"), "--epochs", "2");
        Assert.True(events.ExitCode == 0, events.Error);
        Assert.Contains("training: 1 of 5 documents do not mark their events reviewed (meta.reviewed) and are left out", events.Error);
        Assert.Contains("read 4 training documents", events.Out);
        Assert.True(File.Exists(Path.Combine(dir, "ev", "manifest.json")));
    }

    [Fact]
    public void Corrections_that_review_no_document_for_the_layer_are_a_usage_error()
    {
        var dir = TestPaths.TempDir();
        var corrections = Corrections(dir, _ => ["entities"]);
        var relations = CliResult.Run("train", "relations", "--train", corrections, "--dev", Dev, "--out", Path.Combine(dir, "rel"));
        Assert.Equal(2, relations.ExitCode);
        Assert.Contains("training: no document has its relations reviewed (meta.reviewed)", relations.Error);

        File.WriteAllText(Path.Combine(dir, "bad.jsonl"), "{\"id\": \"d\", \"text\": \"x\", \"meta\": {\"reviewed\": [\"entity\"]}}\n");
        var bad = CliResult.Run("train", "events", "--train", Path.Combine(dir, "bad.jsonl"), "--dev", Dev, "--out", Path.Combine(dir, "ev"));
        Assert.NotEqual(0, bad.ExitCode);
        Assert.Contains("bad.jsonl:1: document d: meta.reviewed: unknown layer \"entity\"", bad.Error);
    }
}
