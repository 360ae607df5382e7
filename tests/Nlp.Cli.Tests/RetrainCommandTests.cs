using Newtonsoft.Json.Linq;
using Nlp.Core.Formats;
using Nlp.Core.Manifests;
using Nlp.Pipeline.Versions;

namespace Nlp.Cli.Tests;

/// <summary>A tiny relation model trained once (8 training and 5 dev documents of training-data), in a tree laid out
/// like the repository (training-data/, models/); each test retrains a copy of its models folder. It is the fast
/// profile's relation model (models/relations; the accurate profile's, models/relations-minilm, reads an encoder), so the
/// tests retrain with <c>--profile fast</c>.</summary>
public sealed class TinyRelationsTree
{
    public string Root { get; } = TestPaths.TempDir();

    public TinyRelationsTree()
    {
        Directory.CreateDirectory(Path.Combine(Root, "training-data"));
        string train = Path.Combine(Root, "training-data", "train.jsonl"), dev = Path.Combine(Root, "training-data", "dev.jsonl");
        File.WriteAllLines(train, File.ReadLines(Path.Combine(TestPaths.RepoRoot, "training-data", "train.jsonl")).Take(8));
        File.WriteAllLines(dev, File.ReadLines(Path.Combine(TestPaths.RepoRoot, "training-data", "dev.jsonl")).Take(5));
        var result = CliResult.Run("train", "relations", "--train", train, "--dev", dev, "--out", Path.Combine(Root, "models", "relations"));
        if (result.ExitCode != 0) throw new InvalidOperationException(result.Error);
    }

    /// <summary>A copy of the models folder, and corrections made of the given documents of train.jsonl (from line 9 on).</summary>
    public string Models()
    {
        string models = Path.Combine(TestPaths.TempDir(), "models");
        string from = Path.Combine(Root, "models", "relations"), to = Path.Combine(models, "relations");
        Directory.CreateDirectory(to);
        foreach (var file in Directory.EnumerateFiles(from)) File.Copy(file, Path.Combine(to, Path.GetFileName(file)));
        return models;
    }
}

public sealed class RetrainCommandTests(TinyRelationsTree tree) : IClassFixture<TinyRelationsTree>
{
    /// <summary>Documents 9-12 of the training data as corrections, each marking the layers given as reviewed (null: no mark).</summary>
    static string Corrections(params string[]?[] reviewed)
    {
        var lines = File.ReadLines(Path.Combine(TestPaths.RepoRoot, "training-data", "train.jsonl")).Skip(8).Take(reviewed.Length).ToList();
        string path = Path.Combine(TestPaths.TempDir(), "corrections.jsonl");
        File.WriteAllLines(path, lines.Select((line, i) =>
        {
            var doc = JObject.Parse(line);
            if (reviewed[i] is { } layers) doc["meta"] = new JObject { ["reviewed"] = new JArray(layers) };
            return doc.ToString(Newtonsoft.Json.Formatting.None);
        }));
        return path;
    }

    [Fact]
    public void Full_retrain_trains_on_the_recipe_and_the_reviewed_corrections_and_force_makes_it_current()
    {
        string models = tree.Models();
        string relations = Path.Combine(models, "relations");
        var before = ManifestFile.Read(relations);
        string corrections = Corrections(["relations"], null, ["entities"]);

        var result = CliResult.Run("retrain", "--corrections", corrections, "--stages", "relations", "--mode", "full", "--models", models, "--profile", "fast", "--force");

        Assert.True(result.ExitCode == 0, result.Error);
        Assert.Contains("2 of 3 corrected documents review relations", result.Out);
        Assert.Contains("dev.jsonl", result.Out);
        var now = ManifestFile.Read(relations);
        Assert.NotEqual(before.Version, now.Version);
        Assert.Equal("relations", now.Name);
        Assert.Equal([now.Version, before.Version], ModelVersions.List(relations).Select(v => v.Version));
        // The recipe: the old training data, then the corrections it learned from (the one reviewing only entities left out).
        Assert.Equal(before.Recipe.TrainingData.Select(f => f.Sha256), now.Recipe.TrainingData.SkipLast(1).Select(f => f.Sha256));
        var learned = JsonlReader.ReadAll(now.Recipe.TrainingData[^1].Path);
        Assert.Equal(2, learned.Count);
        Assert.DoesNotContain(Path.GetFileName(models), Directory.EnumerateDirectories(Path.GetDirectoryName(models)!).Select(Path.GetFileName).Where(n => n!.StartsWith('.')));
        Assert.DoesNotContain(Directory.EnumerateDirectories(models), d => Path.GetFileName(d).StartsWith('.'));
    }

    [Fact]
    public void Finetune_starts_from_the_current_weights_and_learns_the_corrections()
    {
        string models = tree.Models();
        string relations = Path.Combine(models, "relations");
        var before = ManifestFile.Read(relations);
        string corrections = Corrections(["relations"], ["relations"], ["relations"], ["relations"]);
        var gold = JsonlReader.ReadAll(corrections);
        double F1On(string model) => VersionComparison.Compare(model, model, gold, "corrections").Layers.Single().F1A;
        double beforeF1 = F1On(relations);

        var result = CliResult.Run("retrain", "--corrections", corrections, "--stages", "relations", "--models", models, "--profile", "fast", "--force");

        Assert.True(result.ExitCode == 0, result.Error);
        Assert.Contains("--init-from", result.Error);
        // The corrections scored out of fold (3 folds by default), beside dev.
        Assert.Contains("corrections fold 3/3", result.Error);
        Assert.Matches(@"corrections \(3-fold\)\s+relations\s+4\s", result.Out);
        var now = ManifestFile.Read(relations);
        Assert.NotEqual(before.Version, now.Version);
        Assert.Contains(ModelVersions.List(relations), v => v.Version == before.Version && !v.Current);
        Assert.NotNull(now.Recipe.Settings.Value<string>("init_from"));
        // What the user corrected is learned: the finetuned model scores higher on the corrected documents.
        Assert.True(F1On(relations) > beforeF1, $"relations F1 on the corrections {beforeF1:F2} -> {F1On(relations):F2}");
    }

    [Fact]
    public void A_new_version_worse_on_dev_beyond_noise_is_kept_beside_the_current_one()
    {
        string models = tree.Models();
        string relations = Path.Combine(models, "relations");
        var before = ManifestFile.Read(relations);
        // "Corrections" that say ten times over that the training documents have no relations at all (a finetune replays
        // all of the training data, so fewer copies are outweighed by it).
        string poison = Path.Combine(TestPaths.TempDir(), "no-relations.jsonl");
        var docs = File.ReadLines(Path.Combine(tree.Root, "training-data", "train.jsonl")).Select(JObject.Parse).ToList();
        File.WriteAllLines(poison, Enumerable.Range(0, 10).SelectMany(k => docs.Select(d =>
        {
            var copy = (JObject)d.DeepClone();
            copy["id"] = $"{d["id"]}-copy{k}";
            copy["relations"] = new JArray();
            copy["meta"] = new JObject { ["reviewed"] = new JArray("relations") };
            return copy.ToString(Newtonsoft.Json.Formatting.None);
        })));

        // The cross-source set counts too: here a copy of dev under another name stands for it.
        string other = Path.Combine(TestPaths.TempDir(), "other-source.jsonl");
        File.Copy(Path.Combine(tree.Root, "training-data", "dev.jsonl"), other);
        var result = CliResult.Run("retrain", "--corrections", poison, "--stages", "relations", "--models", models, "--profile", "fast", "--dev-other", other,
            "--folds", "0");

        Assert.True(result.ExitCode == 0, result.Error);
        Assert.Contains("B worse beyond noise", result.Out);
        Assert.Contains("worse beyond noise on dev.jsonl, other-source.jsonl", result.Out);
        Assert.Contains("stays current", result.Out);
        Assert.Equal(before.Version, ManifestFile.Read(relations).Version);
        var versions = ModelVersions.List(relations);
        Assert.Equal(2, versions.Count);
        Assert.False(versions[1].Current);
    }

    [Fact]
    public void A_finetune_replays_the_training_files_it_finds_and_names_the_missing_one()
    {
        string models = tree.Models();
        string relations = Path.Combine(models, "relations");
        // The recipe also names a file this machine does not have (as the shipped relation model names a converted
        // corpus in the trainer's cache).
        var manifest = Newtonsoft.Json.Linq.JObject.Parse(File.ReadAllText(ManifestFile.PathIn(relations)));
        ((JArray)manifest["recipe"]!["training_data"]!).Add(new JObject { ["path"] = "/nonexistent/conll04-domain.jsonl", ["sha256"] = "", ["size"] = 0 });
        File.WriteAllText(ManifestFile.PathIn(relations), manifest.ToString());

        // A full retrain needs every file: it stops, naming the missing one, and the current version stays.
        var full = CliResult.Run("retrain", "--corrections", Corrections(["relations"]), "--stages", "relations", "--models", models, "--profile", "fast",
            "--mode", "full");
        Assert.NotEqual(0, full.ExitCode);
        Assert.Contains("/nonexistent/conll04-domain.jsonl is not there", full.Error);
        Assert.Single(ModelVersions.List(relations));

        var result = CliResult.Run("retrain", "--corrections", Corrections(["relations"], ["relations"]), "--stages", "relations", "--models", models,
            "--profile", "fast", "--folds", "0", "--force");

        Assert.True(result.ExitCode == 0, result.Error);
        Assert.Contains("/nonexistent/conll04-domain.jsonl is not there", result.Error);
        Assert.Contains("the finetune replays the other training files", result.Error);
        Assert.Contains("--replay " + Path.Combine(tree.Root, "training-data", "train.jsonl"), result.Error);
        Assert.DoesNotContain("corrections (", result.Out);
        Assert.Equal(2, ModelVersions.List(relations).Count);
    }

    [Fact]
    public void Corrections_that_review_no_layer_of_a_stage_do_not_retrain_it()
    {
        string models = tree.Models();
        var result = CliResult.Run("retrain", "--corrections", Corrections(["entities"]), "--stages", "relations", "--models", models, "--profile", "fast");
        Assert.True(result.ExitCode == 0, result.Error);
        Assert.Contains("nothing to learn", result.Out);
        Assert.Single(ModelVersions.List(Path.Combine(models, "relations")));
    }

    [Theory]
    [InlineData("--mode", "partial", "partial")]
    [InlineData("--stages", "segment", "'segment' cannot be retrained")]
    [InlineData("--stages", "relations,events", "no model 'relations-minilm'")]
    [InlineData("--folds", "1", "--folds: expected 0 (none) or at least 2, got 1")]
    public void Usage_errors_exit_2_before_anything_is_trained(string option, string value, string message)
    {
        string models = tree.Models();
        var result = CliResult.Run("retrain", "--corrections", Corrections([null]), option, value, "--models", models);
        Assert.Equal(2, result.ExitCode);
        Assert.Contains(message, result.Error);
        Assert.Single(ModelVersions.List(Path.Combine(models, "relations")));
    }

    [Fact]
    public void A_missing_corrections_file_is_a_usage_error_naming_it()
    {
        var result = CliResult.Run("retrain", "--corrections", "nope.jsonl", "--models", tree.Models());
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("nope.jsonl", result.Error);
    }
}
