using Newtonsoft.Json.Linq;

namespace Nlp.Cli.Tests;

/// <summary>The train events / train relations commands and predict --keep-entities, end to end on the small dev file.</summary>
public class TrainEventsAndRelationsCommandTests
{
    private static string Dev => Path.Combine(TestPaths.RepoRoot, "training-data", "dev.jsonl");

    [Fact]
    public void Train_relations_and_events_write_manifests_and_predict_events_scores_with_eval()
    {
        var dir = TestPaths.TempDir();
        string rel = Path.Combine(dir, "rel"), ev = Path.Combine(dir, "ev"), pred = Path.Combine(dir, "pred.jsonl");

        var r = CliResult.Run("train", "relations", "--train", Dev, "--dev", Dev, "--out", rel, "--epochs", "2");
        Assert.True(r.ExitCode == 0, r.Error);
        Assert.Contains("final relations: L-BFGS stopped after", r.Out); // relations train with L-BFGS: --epochs is for --optimizer sgd
        var e = CliResult.Run("train", "events", "--train", Dev, "--dev", Dev, "--out", ev, "--epochs", "2");
        Assert.True(e.ExitCode == 0, e.Error);
        Assert.Contains("final triggers: epoch 2/2", e.Out); // events train with SGD by default

        var manifest = JObject.Parse(File.ReadAllText(Path.Combine(ev, "manifest.json")));
        Assert.Equal(2, (int)manifest["format_version"]!);
        Assert.Equal("events", (string)manifest["kind"]!);
        Assert.Matches("^sha256:[0-9a-f]{12}$", (string)manifest["version"]!);
        Assert.NotNull(manifest["scores"]!["dev"]!["triggers"]);
        Assert.Equal("nlp train events", (string?)manifest["recipe"]!["command"]);
        Assert.Equal(64, ((string)manifest["recipe"]!["training_data"]![0]!["sha256"]!).Length);

        // The gold entities are kept: relations and events are predicted over them.
        var p = CliResult.Run("predict", "--input", Dev, "--output", pred, "--keep-entities", "--stages", "relations,events",
            "--events-model", ev, "--relations-model", rel, "--thresholds", "trigger=0.3");
        Assert.True(p.ExitCode == 0, p.Error);
        var eval = CliResult.Run("eval", "--gold", Dev, "--pred", pred, "--json");
        Assert.Equal(0, eval.ExitCode);
        var scores = JObject.Parse(eval.Out);
        // Trained on the same file, the models must find most of its triggers and relations.
        Assert.True((double)scores["triggers"]!["micro"]!["f1"]! > 50, eval.Out);
        Assert.True((double)scores["relations"]!["micro"]!["f1"]! > 50, eval.Out);
    }

    [Fact]
    public void Bad_options_are_usage_errors()
    {
        var dir = TestPaths.TempDir();
        Assert.Equal(2, CliResult.Run("predict", "--input", Dev, "--output", Path.Combine(dir, "o.jsonl"), "--keep-entities", "--stages", "sentiment").ExitCode);
        Assert.Equal(2, CliResult.Run("predict", "--input", Dev, "--output", Path.Combine(dir, "o.jsonl"), "--keep-entities", "--stages", "events", "--thresholds", "x").ExitCode);
        // Without --keep-entities nothing provides the entities the events stage reads.
        var noEntities = CliResult.Run("predict", "--input", Dev, "--output", Path.Combine(dir, "o.jsonl"), "--stages", "events");
        Assert.Equal(2, noEntities.ExitCode);
        Assert.Contains("requires Entities", noEntities.Error);
        Assert.Equal(2, CliResult.Run("train", "events", "--train", Dev, "--dev", Dev, "--out", dir, "--wordnet", dir).ExitCode);
        // An unknown encoder or codebook size is refused before anything is read, as the tagger's --encoder is.
        var encoder = CliResult.Run("train", "events", "--train", Path.Combine(dir, "missing.jsonl"), "--dev", Dev, "--out", dir, "--encoder", "bogus");
        Assert.Equal(2, encoder.ExitCode);
        Assert.Contains("unknown encoder 'bogus'", encoder.Error);
        Assert.Equal(2, CliResult.Run("train", "relations", "--train", Dev, "--dev", Dev, "--out", dir, "--encoder", "minilm-l4-v2-int8",
            "--context-clusters", "64,1").ExitCode);
        Assert.Equal(1, CliResult.Run("train", "events", "--train", Path.Combine(dir, "missing.jsonl"), "--dev", Dev, "--out", dir).ExitCode);
        var noModel = CliResult.Run("predict", "--input", Dev, "--output", Path.Combine(dir, "o.jsonl"), "--keep-entities", "--stages", "events", "--events-model", dir);
        Assert.Equal(1, noModel.ExitCode);
        Assert.Contains("manifest", noModel.Error);
    }
}
