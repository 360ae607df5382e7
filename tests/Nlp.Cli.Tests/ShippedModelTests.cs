using Nlp.Cli.Commands;
using Nlp.Core.Manifests;
using Nlp.Models.Tagging;

namespace Nlp.Cli.Tests;

/// <summary>
/// Floors on the dev F1 of the shipped entity models, re-measured here by predicting the dev sets (tens of
/// seconds each), and the promises of their manifests and sizes. A floor sits a little under the score the
/// model was shipped with, so retraining noise passes and a broken model or predictor does not.
/// </summary>
public class ShippedModelTests
{
    static string Model(string name) => Path.Combine(TestPaths.RepoRoot, "models", name);

    static double DevF1(string model, string devPath, out ModelManifest manifest)
    {
        using var tagger = EntityTagger.Load(Model(model));
        manifest = tagger.Manifest!;
        return tagger.Score(DocumentFiles.Segmented(DocumentFiles.Read(devPath))).Entities.Micro.F1;
    }

    [Fact]
    public void Conll03_model_keeps_its_dev_f1()
    {
        double f1 = DevF1("ner-conll03", TestPaths.Shared("corpora/conll2003/dev.conll"), out var manifest);
        Assert.True(f1 >= Floors.Conll03, $"CoNLL-2003 dev F1 {f1:F2} < {Floors.Conll03}");
        Assert.Equal(["LOC", "MISC", "ORG", "PER"], manifest.Labels);
        Assert.Equal("minilm-l4-v2-int8", manifest.Recipe.Encoder);
        Assert.Equal(f1, (double)manifest.Scores["dev"]!["f1"]!, 0.5);   // int8 activations: per-batch scales (see the accurate tagger)
    }

    [Fact]
    public void Accurate_profile_tagger_keeps_its_dev_f1_with_its_int8_encoder()
    {
        double f1 = DevF1("ner-minilm", Path.Combine(TestPaths.RepoRoot, "training-data/dev.jsonl"), out var manifest);
        Assert.True(f1 >= Floors.DomainAccurate, $"domain dev F1 (accurate) {f1:F2} < {Floors.DomainAccurate}");
        Assert.Equal("minilm-l4-v2-int8", manifest.Recipe.Encoder);
        // int8 activations are quantized per batch (one scale for all its windows), so a sentence's vectors depend a
        // little on the sentences batched with it: training's dev batches and predict's differ (92.96 against 92.70).
        Assert.Equal(f1, (double)manifest.Scores["dev"]!["f1"]!, 0.5);
    }

    [Fact]
    public void Domain_model_keeps_its_dev_f1_and_predicts_the_ontonotes_labels()
    {
        double f1 = DevF1("ner", Path.Combine(TestPaths.RepoRoot, "training-data/dev.jsonl"), out var manifest);
        Assert.True(f1 >= Floors.Domain, $"domain dev F1 {f1:F2} < {Floors.Domain}");
        Assert.Equal(18, manifest.Labels.Count);
        Assert.Equal(2, manifest.PayloadAs<TaggerPayload>().Heads.Length);
    }

    [Fact]
    public void Conll04_model_keeps_its_dev_f1()
    {
        double f1 = DevF1("ner-conll04", TestPaths.Shared("corpora/conll04/dev.json"), out var manifest);
        Assert.True(f1 >= Floors.Conll04, $"CoNLL04 dev F1 {f1:F2} < {Floors.Conll04}");
        Assert.Equal(["Loc", "Org", "Other", "Peop"], manifest.Labels);
        Assert.Equal("minilm-l4-v2-int8", manifest.Recipe.Encoder);
        Assert.Equal(f1, (double)manifest.Scores["dev"]!["f1"]!, 0.5);   // int8 activations: per-batch scales (see the accurate tagger)
    }

    /// <summary>The CoNLL04 benchmark as the issue defines it: entities predicted by ner-conll04, relations by
    /// re-conll04 over them, a relation right when its type and both spans are exact.</summary>
    [Fact]
    public void Conll04_end_to_end_relations_keep_their_dev_f1()
    {
        string dir = TestPaths.TempDir();
        string gold = Path.Combine(dir, "dev.jsonl"), predicted = Path.Combine(dir, "predicted.jsonl");
        var goldDocs = DocumentFiles.Read(TestPaths.Shared("corpora/conll04/dev.json"));
        Nlp.Core.Formats.JsonlWriter.WriteFile(gold, goldDocs);
        var run = CliResult.Run("predict", "--input", gold, "--output", predicted, "--stages", "ner,relations",
            "--ner-model", Model("ner-conll04"), "--relations-model", Model("re-conll04"));
        Assert.True(run.ExitCode == 0, run.Error);
        var report = Nlp.Core.Scoring.Scorer.Score(goldDocs, DocumentFiles.Read(predicted));
        Assert.True(report.Relations.Micro.F1 >= Floors.Conll04EndToEnd, $"CoNLL04 end-to-end relation F1 {report.Relations.Micro.F1:F2} < {Floors.Conll04EndToEnd}");
        // Confidences of relations between predicted mentions are recalibrated on cross-fitted tagger output (0.080).
        Assert.True(report.RelationCalibration.ExpectedCalibrationError < 0.1, $"CoNLL04 end-to-end relation ECE {report.RelationCalibration.ExpectedCalibrationError}");
        // The relation model mixes in its dense pair scorer (docs/RESULTS.md, "A dense pair scorer").
        using var relations = Nlp.Models.Relations.RelationModel.Load(Model("re-conll04"));
        Assert.NotNull(relations.DenseScorer);
        Assert.Equal("minilm-l4-v2-int8", relations.DenseScorer!.EncoderName);
    }

    /// <summary>The accurate profile's relation model: max-ent classifier and dense pair scorer, scored with gold
    /// entities on seed dev (end to end on dev-other: CrossSourceFloorTests).</summary>
    [Fact]
    public void Accurate_profile_relations_keep_their_dev_f1_with_their_pair_scorer()
    {
        using var model = Nlp.Models.Relations.RelationModel.Load(Model("relations-minilm"));
        Assert.NotNull(model.DenseScorer);
        Assert.Equal("minilm-l4-v2-int8", model.DenseScorer!.EncoderName);
        Assert.Null(model.Context);   // the pair scorer reads the vectors; the context clusters measured worse on dev-other
        Assert.Contains(new Nlp.Models.Relations.RelationImplication("LEADER_OF", "PERSON", "ORG", "MEMBER_OF"), model.Implications);
        var dev = DocumentFiles.Segmented(DocumentFiles.Read(Path.Combine(TestPaths.RepoRoot, "training-data/dev.jsonl")));
        double f1 = model.Score(dev).Relations.Micro.F1;
        Assert.True(f1 >= Floors.DomainRelationsAccurate, $"domain dev relations F1 (accurate, gold entities) {f1:F2} < {Floors.DomainRelationsAccurate}");
        Assert.Equal(f1, (double)model.Manifest.Scores["dev"]!["relations"]!["micro"]!["f1"]!, 0.5);
    }

    [Theory]
    [InlineData("ner-conll03", 9)]
    [InlineData("ner", 8)]
    [InlineData("ner-minilm", 9)]
    [InlineData("ner-conll04", 9)]
    public void Models_fit_their_size_budget_and_say_where_they_came_from(string name, int megabytes)
    {
        long bytes = Directory.EnumerateFiles(Model(name)).Sum(f => new FileInfo(f).Length);
        Assert.True(bytes <= megabytes * 1_000_000L, $"{name}: {bytes:N0} bytes > {megabytes} MB");
        var manifest = ManifestFile.Read(Model(name), EntityTagger.Kind);
        var data = manifest.Recipe.TrainingData.Concat(manifest.Recipe.DevData).ToList();
        Assert.NotEmpty(manifest.Recipe.TrainingData);
        Assert.All(data, d => Assert.Equal(64, d.Sha256.Length));
        Assert.DoesNotContain(data, d => d.Path.Contains("test", StringComparison.OrdinalIgnoreCase));
        Assert.Contains(EntityTagger.CalibratorKey, manifest.Calibration.Keys);
        // The repository ships the weights of the best epoch only; training keeps "last" beside them elsewhere.
        Assert.True(File.Exists(Path.Combine(Model(name), EntityTagger.BestWeights)));
        Assert.False(File.Exists(Path.Combine(Model(name), EntityTagger.LastWeights)), $"{name}: commit best weights only");
    }

    [Fact]
    public void All_shipped_models_together_stay_under_60_MB()
    {
        string models = Path.GetDirectoryName(Model("ner"))!;
        long bytes = Directory.EnumerateFiles(models, "*", SearchOption.AllDirectories).Sum(f => new FileInfo(f).Length);
        Assert.True(bytes < 60_000_000L, $"models/: {bytes:N0} bytes, the limit is 60 MB");
    }

    static class Floors
    {
        public const double Conll03 = 93;  // shipped with 94.48 (91.44 without the encoder)
        public const double Domain = 89;  // shipped with 90.95
        public const double DomainAccurate = 91;  // shipped with 92.96
        public const double Conll04 = 84.5;  // shipped with 85.92 (81.70 without the encoder)
        // shipped with 77.04 (12 scorer epochs; 75.91 with 8 after implied relations, whose MEMBER_OF threshold, chosen
        // out of fold, rose from 0.34 to 0.45 once the members implied by leaders counted; 78.01 before them)
        public const double DomainRelationsAccurate = 75.5;
        public const double Conll04EndToEnd = 69;  // shipped with 70.23, ECE 0.050 (68.62 with an 8-epoch pair scorer, 67.48 before re-conll04's pair scorer, 67.18 before its context clusters, 65.30 before the tagger read the encoder)
    }
}
