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

    [Fact]
    public void Finetune_starts_from_a_model_replays_a_sample_and_records_both_in_the_manifest()
    {
        var dir = TestPaths.TempDir();
        var corrections = Corrections(dir, _ => ["entities", "events", "relations"]);
        string start = Path.Combine(dir, "rel"), tuned = Path.Combine(dir, "rel-ft");
        Assert.Equal(0, CliResult.Run("train", "relations", "--train", Dev, "--dev", Dev, "--out", start).ExitCode);

        var run = CliResult.Run("train", "relations", "--init-from", start, "--train", corrections, "--replay", Dev, "--replay-fraction", "0.4",
            "--dev", Dev, "--out", tuned);
        Assert.True(run.ExitCode == 0, run.Error);
        Assert.Contains("replay: 6 of 15 documents of the original training data (seed 13)", run.Error);
        Assert.Contains("finetune relations: L-BFGS stopped after", run.Out);
        var manifest = JObject.Parse(File.ReadAllText(Path.Combine(tuned, "manifest.json")));
        Assert.Equal(0.4, (double)manifest["recipe"]!["settings"]!["replay_fraction"]!);
        Assert.EndsWith("rel", (string)manifest["recipe"]!["settings"]!["init_from"]!);
        Assert.Equal(2, ((JArray)manifest["recipe"]!["training_data"]!).Count); // the corrections and the replay file, with their hashes
        Assert.Equal(JObject.Parse(File.ReadAllText(Path.Combine(start, "manifest.json")))["thresholds"]!.ToString(), manifest["thresholds"]!.ToString());

        // Without --replay-fraction a max-ent finetune replays all of it: a quarter let the model drift toward that quarter.
        var all = CliResult.Run("train", "relations", "--init-from", start, "--train", corrections, "--replay", Dev, "--dev", Dev, "--out", tuned + "-all");
        Assert.True(all.ExitCode == 0, all.Error);
        Assert.Contains("replay: 15 of 15 documents of the original training data (seed 13)", all.Error);
    }

    [Fact]
    public void Finetune_usage_errors_exit_2()
    {
        var dir = TestPaths.TempDir();
        string model = Path.Combine(TestPaths.RepoRoot, "models", "events");
        (string, string[])[] cases =
        [
            ("--replay needs --init-from", ["train", "events", "--train", Dev, "--dev", Dev, "--out", dir, "--replay", Dev]),
            ("must differ from --init-from", ["train", "events", "--init-from", model, "--train", Dev, "--dev", Dev, "--out", model]),
            ("no such model folder", ["train", "relations", "--init-from", Path.Combine(dir, "none"), "--train", Dev, "--dev", Dev, "--out", dir]),
            ("--encoder: a finetune reads the features as --init-from", ["train", "events", "--init-from", model, "--train", Dev, "--dev", Dev, "--out", dir, "--encoder", "minilm-l4-v2-int8"]),
            ("--replay-fraction: expected a share between 0 and 1", ["train", "events", "--init-from", model, "--train", Dev, "--dev", Dev, "--out", dir, "--replay", Dev, "--replay-fraction", "1.5"]),
            ("--hidden: a finetune keeps the architecture", ["train", "ner", "--init-from", Path.Combine(TestPaths.RepoRoot, "models", "ner"), "--train", Dev, "--dev", Dev, "--out", dir, "--hidden", "64"]),
        ];
        foreach (var (message, args) in cases)
        {
            var run = CliResult.Run(args);
            Assert.True(run.ExitCode == 2, $"{message}: exit {run.ExitCode}, {run.Error}");
            Assert.Contains(message, run.Error);
        }
    }
}
