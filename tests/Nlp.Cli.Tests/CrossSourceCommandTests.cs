using Newtonsoft.Json.Linq;
using Nlp.Core.Formats;
using Nlp.Core.Manifests;

namespace Nlp.Cli.Tests;

/// <summary>
/// The cross-source yardstick's commands on a tiny corpus of three sources: <c>nlp folds</c> writes one fold per
/// source, <c>nlp eval --cross-source</c> scores each fold, the mean and dev-other; and the CoNLL04 corpus mapped to
/// the domain schema for relation training.
/// </summary>
public class CrossSourceCommandTests
{
    static string Doc(string id, string source, string text, string entities) =>
        $$$"""{"id":"{{{id}}}","text":"{{{text}}}","entities":[{{{entities}}}],"events":[],"relations":[],"meta":{"source":"{{{source}}}"}}""";

    static readonly string Moscow = """{"id":"T1","start":0,"end":6,"label":"GPE"}""";

    [Fact]
    public void Folds_hold_each_source_out_and_eval_reports_every_set_and_the_mean()
    {
        var dir = TestPaths.TempDir();
        string train = Path.Combine(dir, "train.jsonl"), dev = Path.Combine(dir, "dev.jsonl"), work = Path.Combine(dir, "work");
        File.WriteAllLines(train, [Doc("a1", "a.txt", "Moscow.", Moscow), Doc("b1", "b.txt", "Moscow.", Moscow), Doc("c1", "c.txt", "Moscow.", Moscow)]);
        File.WriteAllLines(dev, [Doc("a2", "a.txt", "Moscow.", Moscow), Doc("c2", "c.txt", "Moscow.", Moscow)]);

        var folds = CliResult.Run("folds", "--train", train, "--dev", dev, "--out", work);
        Assert.Equal(0, folds.ExitCode);
        Assert.Equal(["a1", "a2"], JsonlReader.ReadAll(Path.Combine(work, "loso-a", "test.jsonl")).Select(d => d.Id));
        Assert.Equal(["b1", "c1"], JsonlReader.ReadAll(Path.Combine(work, "loso-a", "train.jsonl")).Select(d => d.Id));
        Assert.Equal(["c2"], JsonlReader.ReadAll(Path.Combine(work, "loso-a", "dev.jsonl")).Select(d => d.Id));
        Assert.Equal(["b1"], JsonlReader.ReadAll(Path.Combine(work, "loso-b", "test.jsonl")).Select(d => d.Id));

        // Predictions: perfect on a and c, nothing found on b; dev-other half right.
        foreach (var fold in new[] { "loso-a", "loso-c" })
            File.Copy(Path.Combine(work, fold, "test.jsonl"), Path.Combine(work, fold, "predicted.jsonl"));
        File.WriteAllLines(Path.Combine(work, "loso-b", "predicted.jsonl"), [Doc("b1", "b.txt", "Moscow.", "")]);
        Directory.CreateDirectory(Path.Combine(work, "dev-other"));
        File.WriteAllLines(Path.Combine(work, "dev-other", "test.jsonl"), [Doc("o1", "dev-other", "Moscow.", Moscow), Doc("o2", "dev-other", "Moscow.", Moscow)]);
        File.WriteAllLines(Path.Combine(work, "dev-other", "predicted.jsonl"), [Doc("o1", "dev-other", "Moscow.", Moscow), Doc("o2", "dev-other", "Moscow.", "")]);

        var eval = CliResult.Run("eval", "--cross-source", work);
        Assert.Equal(0, eval.ExitCode);
        Assert.Contains("leave-one-source-out mean", eval.Out);
        var summary = JObject.Parse(File.ReadAllText(Path.Combine(work, "summary.json")));
        Assert.Equal(200 / 3.0, (double)summary["leave_one_source_out_mean"]!["entities"]!["f1"]!, 2);
        Assert.Equal(88.89, (double)summary["leave_one_source_out_pooled"]!["entities"]!["f1"]!, 2);   // 4 of 5 found, none wrong
        Assert.Equal(66.67, (double)summary["summary"]!["dev-other"]!["entities"]!["f1"]!, 2);

        // --record writes the figures into a model's manifest as scores and keeps what was there, and its version.
        var model = Path.Combine(dir, "model");
        var before = ManifestFile.Write(model, new ModelManifest
        {
            Kind = "entity-tagger", Name = "ner", Recipe = new TrainingRecipe { Seed = 42 }, Scores = new JObject { ["dev"] = new JObject { ["f1"] = 90.0 } },
        });
        Assert.Equal(0, CliResult.Run("eval", "--cross-source", work, "--record", model).ExitCode);
        var manifest = JObject.Parse(File.ReadAllText(Path.Combine(model, "manifest.json")));
        Assert.Equal("ner", (string?)manifest["name"]);
        Assert.Equal(before.Version, (string?)manifest["version"]);
        Assert.Equal(90.0, (double)manifest["scores"]!["dev"]!["f1"]!);
        Assert.Equal(200 / 3.0, (double)manifest["scores"]!["cross_source"]!["leave_one_source_out_mean"]!["entities"]!["f1"]!, 2);
        Assert.Equal(2, CliResult.Run("eval", "--cross-source", work, "--record", Path.Combine(dir, "nowhere")).ExitCode);
    }

    [Fact]
    public void Eval_refuses_a_folder_without_sets_and_mixed_options_as_usage_errors()
    {
        var dir = TestPaths.TempDir();
        Assert.Equal(2, CliResult.Run("eval", "--cross-source", dir).ExitCode);
        Assert.Equal(2, CliResult.Run("eval", "--cross-source", dir, "--gold", "g.jsonl").ExitCode);
        Assert.Equal(2, CliResult.Run("eval", "--gold", "g.jsonl").ExitCode);
    }

    [Fact]
    public void Calibration_named_anywhere_runs_last_as_every_stage_runs_in_the_pipeline_order()
    {
        var dir = TestPaths.TempDir();
        string input = Path.Combine(dir, "in.jsonl"), output = Path.Combine(dir, "out.jsonl");
        File.WriteAllText(input, "{\"id\":\"a\",\"text\":\"On 5 March 1937 the NKVD deported 300 families to Kazakhstan.\"}\n");
        var run = CliResult.Run("predict", "--input", input, "--output", output, "--stages", "numbers,calibration,relations");
        Assert.True(run.ExitCode == 0, run.Error);
        Assert.Contains("\"DATE\"", File.ReadAllText(output));
    }

    [Fact]
    public void Conll04_maps_onto_the_domain_relations()
    {
        var dir = TestPaths.TempDir();
        string output = Path.Combine(dir, "conll04-domain.jsonl");
        Assert.Equal(0, CliResult.Run("convert", "--from", "conll04", "--to", "jsonl", "--to-domain",
            TestPaths.Shared("corpora/conll04/dev.json"), output).ExitCode);
        var docs = new JsonlReader(new ReaderOptions { Schema = Nlp.Core.Schema.Schemas.Domain }).Read(output).ToList();
        var labels = docs.SelectMany(d => d.Entities.Select(e => e.Label)).Distinct().Order().ToList();
        Assert.Equal(["GPE", "ORG", "PERSON"], labels);
        var types = docs.SelectMany(d => d.Relations.Select(r => r.Type)).Distinct().Order().ToList();
        Assert.Equal(["LOCATED_IN", "MEMBER_OF", "RESIDES_IN"], types);
        Assert.Equal(2, CliResult.Run("convert", "--from", "jsonl", "--to", "jsonl", "--to-domain", output, output + ".2").ExitCode);
    }
}
