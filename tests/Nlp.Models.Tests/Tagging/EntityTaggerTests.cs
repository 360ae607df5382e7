using Nlp.Core.Model;
using Nlp.Models.Tagging;

namespace Nlp.Models.Tests.Tagging;

/// <summary>Trainer, predictor, persistence and stage of the entity tagger, on a tiny corpus that trains in seconds.</summary>
public class EntityTaggerTests
{
    static readonly Lazy<TaggerTrainingResult> Trained = new(() =>
        EntityTaggerTrainer.Fit(TaggerTestData.Tiny(), TaggerTestData.Tiny(), TaggerTestData.TinySettings(), threads: 1));

    [Fact]
    public void A_tiny_model_learns_its_training_sentences()
    {
        var result = Trained.Value;
        Assert.Equal(100, result.BestDev.Entities.Micro.F1, 3);
        Assert.Equal(["LOC", "ORG", "PER"], result.Best.Labels);
        Assert.True(result.History[^1].Loss < result.History[0].Loss / 5, $"loss {result.History[0].Loss} -> {result.History[^1].Loss}");
        foreach (var doc in result.Best.Predict(TaggerTestData.Tiny().Select(d => d.WithoutAnnotations()).ToList()))
            Assert.All(doc.Entities, e => Assert.InRange(e.Confidence!.Value, 0.0, 1.0));
    }

    [Fact]
    public void Training_is_deterministic_for_a_seed()
    {
        var settings = TaggerTestData.TinySettings(epochs: 3);
        var a = EntityTaggerTrainer.Fit(TaggerTestData.Tiny(), TaggerTestData.Tiny(), settings, threads: 1);
        var b = EntityTaggerTrainer.Fit(TaggerTestData.Tiny(), TaggerTestData.Tiny(), settings, threads: 1);
        Assert.Equal(a.History.Select(h => h.Loss), b.History.Select(h => h.Loss));
    }

    [Fact]
    public void Save_and_load_give_identical_predictions()
    {
        var result = Trained.Value;
        string dir = Path.Combine(Path.GetTempPath(), "nlp-models-tests", Guid.NewGuid().ToString("N"));
        var manifest = TaggerModelStore.Save(dir, "tiny", result, [], []);
        Assert.Equal(TaggerManifest.CurrentFormatVersion, manifest.FormatVersion);
        Assert.True(File.Exists(Path.Combine(dir, TaggerModelStore.BestWeights)));
        Assert.True(File.Exists(Path.Combine(dir, TaggerModelStore.LastWeights)));

        using var loaded = TaggerModelStore.Load(dir);
        TaggerTestData.AssertSamePredictions(result.Best, loaded);
        Assert.Equal(result.Best.Calibrator, loaded.Calibrator);
        Assert.Equal(result.Best.Labels, loaded.Labels);
        Assert.Equal(100, manifest.BestDevScores!.F1, 3);
    }

    [Fact]
    public void Loading_refuses_an_unknown_format_version()
    {
        string dir = Path.Combine(Path.GetTempPath(), "nlp-models-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        File.WriteAllText(Path.Combine(dir, TaggerModelStore.ManifestFile), """{"FormatVersion": 99, "Kind": "entity-tagger"}""");
        var e = Assert.Throws<InvalidDataException>(() => TaggerModelStore.Load(dir));
        Assert.Contains("format version 99", e.Message);
        Assert.Contains("reads version(s) 1, 2", e.Message);
    }

    [Fact]
    public void Stage_requires_tokens_and_writes_entities_with_confidence()
    {
        var stage = new EntityTaggerStage(Trained.Value.Best);
        Assert.Equal(Layer.Tokens | Layer.Sentences, stage.Requires);
        Assert.Equal(Layer.Entities, stage.Assigns);
        Assert.Throws<ArgumentException>(() => stage.Process(new Document("x", "Anna Berg lives in Oslo.")));

        var gold = TaggerTestData.Tiny()[0];
        var predicted = stage.Process(gold.WithoutAnnotations());
        Assert.Equal(gold.Entities.Select(e => (e.Span, e.Label)), predicted.Entities.Select(e => (e.Span, e.Label)));
        Assert.All(predicted.Entities, e => Assert.NotNull(e.Confidence));
        Assert.Equal(gold.Tokens, predicted.Tokens);
    }

    [Fact]
    public void Decoded_paths_become_token_ranges()
    {
        var tags = BioTagSet.FromEntityTypes(["LOC", "PER"]); // O B-LOC I-LOC B-PER I-PER
        var spans = EntityTagger.Spans([3, 4, 0, 1, 1, 2, 3], tags).ToList();
        Assert.Equal([(0, 1, "PER"), (3, 3, "LOC"), (4, 5, "LOC"), (6, 6, "PER")], spans);
    }

    [Fact]
    public void Platt_scaling_repairs_overconfident_scores()
    {
        // Raw scores of 0.9 that are right half of the time: calibration should bring them to about 0.5.
        var rng = new Random(1);
        var samples = Enumerable.Range(0, 400).Select(i => (Raw: i % 2 == 0 ? 0.9 : 0.99, Correct: rng.NextDouble() < (i % 2 == 0 ? 0.5 : 0.9))).ToList();
        var calibrator = ConfidenceCalibrator.Fit(samples);
        Assert.InRange(calibrator.Apply(0.9), 0.4, 0.6);
        Assert.InRange(calibrator.Apply(0.99), 0.82, 0.97);
        var (raw, crossed) = ConfidenceCalibrator.CrossFitEce(samples.Select((s, i) => (s.Raw, s.Correct, i / 2)).ToList());
        Assert.True(crossed < raw, $"ECE {raw} -> {crossed}");
    }
}
