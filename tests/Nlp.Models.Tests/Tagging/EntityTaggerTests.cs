using Nlp.Core.Manifests;
using Nlp.Core.Model;
using Nlp.Models.Extraction;
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
        var manifest = result.Save(dir, "tiny");
        Assert.Equal(ModelManifest.CurrentFormatVersion, manifest.FormatVersion);
        Assert.True(File.Exists(Path.Combine(dir, EntityTagger.BestWeights)));
        Assert.True(File.Exists(Path.Combine(dir, EntityTagger.LastWeights)));

        using var loaded = EntityTagger.Load(dir);
        TaggerTestData.AssertSamePredictions(result.Best, loaded);
        Assert.Equal(result.Best.Calibrator, loaded.Calibrator);
        Assert.Equal(PlattCalibrator.TaggerFloor, loaded.Calibrator.ProbabilityFloor); // the floor its A, B were fitted with
        Assert.Equal(result.Best.Labels, loaded.Labels);
        Assert.Equal(100, (double)manifest.Scores["dev"]!["f1"]!, 3);
    }

    [Fact]
    public void Loading_refuses_an_unknown_format_version()
    {
        string dir = Path.Combine(Path.GetTempPath(), "nlp-models-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        File.WriteAllText(Path.Combine(dir, ModelManifest.FileName), """{"FormatVersion": 99, "Kind": "entity-tagger"}""");
        var e = Assert.Throws<InvalidDataException>(() => EntityTagger.Load(dir));
        Assert.Contains("format version 99", e.Message);
        Assert.Contains(dir, e.Message);
        Assert.Contains("tagger formats 1-4", e.Message);
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
        var (calibrator, raw, crossed, decisions) = CalibrationFit.Fit(
            samples.Select((s, i) => new CalibrationFit.Point(i / 2, s.Raw, s.Correct)).ToList(), 0.0, PlattCalibrator.TaggerFloor);
        Assert.InRange(calibrator.Calibrate(0.9), 0.4, 0.6);
        Assert.InRange(calibrator.Calibrate(0.99), 0.82, 0.97);
        Assert.Equal(400, decisions);
        Assert.True(crossed < raw, $"ECE {raw} -> {crossed}");
    }

    [Fact]
    public void A_stored_calibration_gives_the_confidences_it_gave_before_the_calibrators_were_merged()
    {
        // The tagger's calibrator took logits of marginals clamped to [1e-6, 1 - 1e-6], the max-ent's to [1e-5, 1 - 1e-5];
        // near-certain spans show the difference at four decimals, so each keeps its floor.
        static double Before(double a, double b, double p, double floor)
        {
            p = Math.Clamp(p, floor, 1 - floor);
            return 1 / (1 + Math.Exp(-(a * Math.Log(p / (1 - p)) + b)));
        }
        var tagger = new PlattCalibrator(0.6, 0.1) { ProbabilityFloor = PlattCalibrator.TaggerFloor };
        var maxEnt = new PlattCalibrator(0.6, 0.1);
        foreach (double p in new[] { 1e-9, 0.3, 0.99999, 0.9999999 })
        {
            Assert.Equal(Before(0.6, 0.1, p, 1e-6), tagger.Calibrate(p), 12);
            Assert.Equal(Before(0.6, 0.1, p, 1e-5), maxEnt.Calibrate(p), 12);
        }
        Assert.NotEqual(Math.Round(tagger.Calibrate(0.9999999), 4), Math.Round(maxEnt.Calibrate(0.9999999), 4));
    }

}
