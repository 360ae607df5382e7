using System.Collections.Immutable;
using Nlp.Core.Manifests;
using Nlp.Core.Model;
using Nlp.Core.Schema;
using Nlp.Models.Events;
using Nlp.Models.MaxEnt;
using Nlp.Models.Relations;
using Nlp.Models.Tagging;
using Nlp.Models.Tests.MaxEnt;
using Nlp.Models.Tests.Tagging;

namespace Nlp.Models.Tests.Retraining;

/// <summary>Finetuning each learner from a trained model: it starts where the model is, learns the corrections and keeps the rest.</summary>
public class WarmStartTests
{
    static readonly string[] Labels = ["None", "LIVE", "WORK"];

    static List<(IReadOnlyList<string>, string)> Original()
    {
        var data = new List<(IReadOnlyList<string>, string)>();
        for (int i = 0; i < 30; i++)
        {
            data.Add((["w=in", $"id={i % 7}"], "LIVE"));
            data.Add((["w=for", $"id={i % 5}"], "WORK"));
            data.Add((["w=and", $"id={i % 3}"], "None"));
        }
        return data;
    }

    /// <summary>Corrections that speak only about a word the original data never had.</summary>
    static List<(IReadOnlyList<string>, string)> Corrections() =>
        Enumerable.Range(0, 10).Select(_ => ((IReadOnlyList<string>)["w=at"], "WORK")).ToList();

    public static TheoryData<string> Optimizers => [MaxEntFitting.Lbfgs, MaxEntFitting.Sgd];

    static MaxEntClassifier Fit(string optimizer, List<(IReadOnlyList<string>, string)> data, IReadOnlyList<string> labels, MaxEntClassifier? prior = null) =>
        MaxEntFitting.Fit(new MaxEntFitting.Options(optimizer, 1e-3, 1, 13, prior is null ? 10 : 3, prior is null ? 0.2 : 0.05, 300), data, labels, "test", null, prior);

    [Theory]
    [MemberData(nameof(Optimizers))]
    public void A_warm_start_learns_new_features_and_keeps_the_weights_the_new_data_does_not_touch(string optimizer)
    {
        var start = Fit(optimizer, Original(), Labels);
        var tuned = Fit(optimizer, Corrections(), Labels, start);

        Assert.Equal(start.FeatureCount + 1, tuned.FeatureCount); // every old feature kept, the new one added
        var p = tuned.Probabilities(["w=at"]);
        Assert.Equal(2, Array.IndexOf(p, p.Max()));
        // "w=in" never occurs in the corrections: its weights are where they were (the biases moved, so compare without them).
        foreach (var feature in new[] { "w=in", "w=for", "id=3" })
            Assert.All(Logits(start, feature).Zip(Logits(tuned, feature)), p => Assert.Equal(p.First, p.Second, 0.01));
        // From scratch on the corrections alone, the old knowledge is gone.
        var scratch = Fit(optimizer, Corrections(), Labels);
        Assert.NotEqual(1, Array.IndexOf(scratch.Probabilities(["w=in"]), scratch.Probabilities(["w=in"]).Max()));
    }

    /// <summary>A feature's weights as log-odds against the first label, from probabilities with and without it.</summary>
    static double[] Logits(MaxEntClassifier c, string feature)
    {
        var with = c.Probabilities([feature]);
        var without = c.Probabilities([]);
        return Enumerable.Range(1, with.Length - 1).Select(l => Math.Log(with[l] / with[0]) - Math.Log(without[l] / without[0])).ToArray();
    }

    [Fact]
    public void A_warm_start_with_other_labels_is_refused_naming_them()
    {
        var start = Fit(MaxEntFitting.Lbfgs, Original(), Labels);
        var e = Assert.Throws<ArgumentException>(() => Fit(MaxEntFitting.Lbfgs, Corrections(), ["None", "LIVE", "WORK", "BORN"], start));
        Assert.Contains("differing: BORN", e.Message);
    }

    static readonly ModelManifest EventTemplate = new() { Kind = EventModel.Kind };

    [Fact]
    public void A_finetuned_event_model_finds_the_corrected_trigger_and_keeps_the_others()
    {
        var trainer = new EventTrainer(Schemas.Domain, TinyCorpus.Lexicon(), new EventTrainerSettings { Epochs = 15, CalibrationFolds = 2 });
        var start = trainer.Fit(TinyCorpus.Events(), null, EventTemplate);
        var missed = TinyCorpus.Parse("c1", "In [[1940|DATE|Time]] the [[NKVD|ORG|Agent]] {{banished|DEPORT}} the [[Poles|NORP|Deportee]] to [[Siberia|LOC|Destination]].");
        Assert.DoesNotContain(start.Predict(missed with { Events = [] }).Events, e => e.Type == "DEPORT");

        var corrections = Enumerable.Range(0, 3).Select(i => missed with { Id = $"c{i}" }).ToList();
        var finetuner = new EventTrainer(Schemas.Domain, Lexicon.Empty, new EventTrainerSettings { Epochs = 3, LearningRate = 0.05 });
        var tuned = finetuner.Finetune(start, [.. corrections, .. TinyCorpus.Events()], null);

        Assert.Contains(tuned.Predict(missed with { Events = [] }).Events, e => e.Type == "DEPORT" && missed.TextOf(e.Trigger) == "banished");
        Assert.True(tuned.Score(TinyCorpus.Events()).Triggers.Micro.F1 >= 90);
        // The start model's lexicon is used (the finetuner was given none), and its thresholds and calibration are kept without dev.
        Assert.Same(start.Lexicon, tuned.Lexicon);
        Assert.Equal(start.Manifest.Thresholds, tuned.Manifest.Thresholds);
    }

    [Fact]
    public void A_finetuned_relation_model_learns_a_corrected_pattern_and_keeps_calibration_and_thresholds()
    {
        var start = new RelationTrainer(Schemas.Domain, TinyCorpus.Lexicon(), new RelationTrainerSettings { CalibrationFolds = 2 })
            .Fit(TinyCorpus.Relations(), null, new ModelManifest { Kind = RelationModel.Kind });
        var corrected = Enumerable.Range(0, 4).Select(i => TinyCorpus.Parse($"c{i}", $"[[Name{i}|PERSON]] served with the [[Guard{i}|ORG]] .", (0, 1, "MEMBER_OF"))).ToList();
        var probe = TinyCorpus.Parse("p", "[[Orlov|PERSON]] served with the [[Cheka|ORG]] .", (0, 1, "MEMBER_OF"));

        var tuned = new RelationTrainer(Schemas.Domain, Lexicon.Empty, new RelationTrainerSettings())
            .Finetune(start, [.. corrected, .. TinyCorpus.Relations()]);

        Assert.Contains(tuned.Predict(probe with { Relations = [] }).Relations, r => r.Type == "MEMBER_OF");
        Assert.True(tuned.Score(TinyCorpus.Relations()).Relations.Micro.F1 >= 80);
        Assert.Equal(start.Manifest.Thresholds, tuned.Manifest.Thresholds);
        Assert.Equal(start.FeatureSet, tuned.FeatureSet);
    }

    [Fact]
    public void A_finetuned_tagger_starts_from_the_trained_weights_and_keeps_its_vocabulary()
    {
        var start = EntityTaggerTrainer.Fit(TaggerTestData.Tiny(), TaggerTestData.Tiny(), TaggerTestData.TinySettings(), threads: 1).Best;
        var before = start.Predict(TaggerTestData.Tiny().Select(d => d.WithoutAnnotations()).ToList());
        var correction = TaggerTestData.Doc("new", "Zelda/B-PER works/O for/O Globex/B-ORG in/O Paris/B-LOC ./O");
        var settings = TaggerTestData.TinySettings(epochs: 2) with { LearningRate = 0.005 };

        var tuned = EntityTaggerTrainer.Finetune(start, [correction, .. TaggerTestData.Tiny()], TaggerTestData.Tiny(), settings, threads: 1);
        var scratch = EntityTaggerTrainer.Fit([correction, .. TaggerTestData.Tiny()], TaggerTestData.Tiny(), settings, threads: 1);

        Assert.True(tuned.History[0].Loss < scratch.History[0].Loss / 3, $"first-epoch loss {tuned.History[0].Loss} vs {scratch.History[0].Loss} from scratch");
        Assert.True(tuned.BestDev.Entities.Micro.F1 >= 90, $"dev F1 {tuned.BestDev.Entities.Micro.F1}");
        Assert.Equal(start.Vocabulary.Words, tuned.Best.Vocabulary.Words); // "Zelda" is unknown to it, as at prediction time
        // The start model is not changed by finetuning.
        static string Entities(IEnumerable<Document> docs) => string.Join(";", docs.SelectMany(d => d.Entities).Select(e => $"{e.Span}{e.Label}{e.Confidence}"));
        Assert.Equal(Entities(before), Entities(start.Predict(TaggerTestData.Tiny().Select(d => d.WithoutAnnotations()).ToList())));
    }

    [Fact]
    public void A_tagger_finetune_with_a_label_the_model_does_not_predict_is_refused_naming_it()
    {
        var start = EntityTaggerTrainer.Fit(TaggerTestData.Tiny(), TaggerTestData.Tiny(), TaggerTestData.TinySettings(epochs: 1), threads: 1).Best;
        var correction = TaggerTestData.Doc("new", "Oslo/B-GPE is/O cold/O ./O");
        var e = Assert.Throws<ArgumentException>(() =>
            EntityTaggerTrainer.Finetune(start, [correction], TaggerTestData.Tiny(), TaggerTestData.TinySettings(epochs: 1), threads: 1));
        Assert.Contains("predicts LOC, ORG, PER; the documents also have GPE", e.Message);
    }
}
