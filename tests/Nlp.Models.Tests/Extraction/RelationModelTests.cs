using System.Collections.Immutable;
using Newtonsoft.Json.Linq;
using Nlp.Core.Manifests;
using Nlp.Core.Model;
using Nlp.Core.Schema;
using Nlp.Models.Extraction;
using Nlp.Models.Relations;

namespace Nlp.Models.Tests.Extraction;

public class RelationModelTests
{
    private static RelationModel Train() =>
        new RelationTrainer(Schemas.Domain, TinyCorpus.Lexicon(), new RelationTrainerSettings { CalibrationFolds = 2 })
            .Fit(TinyCorpus.Relations(), null, new ModelManifest { Kind = RelationModel.Kind });

    [Fact]
    public void Tiny_training_data_is_learned()
    {
        var report = Train().Score(TinyCorpus.Relations());
        Assert.True(report.Relations.Micro.F1 >= 80, $"relation F1 {report.Relations.Micro.F1}");
    }

    [Fact]
    public void Relations_respect_type_signatures()
    {
        // Every label against every label, at threshold 0: whatever is output must fit its type's signature.
        var model = Train().WithThresholds(new Dictionary<string, double> { ["*"] = 0.0 });
        var labels = new[] { "PERSON", "ORG", "GPE", "LOC", "NORP", "WORK_OF_ART", "DATE" };
        int relations = 0;
        foreach (var h in labels)
            foreach (var t in labels)
            {
                var doc = TinyCorpus.Parse($"{h}-{t}", $"[[Alpha|{h}]] was a member of and lived in [[Beta|{t}]].");
                foreach (var r in model.Predict(doc).Relations)
                {
                    relations++;
                    var sig = Schemas.Domain.Relations[r.Type];
                    string head = doc.Entities.Single(e => e.Span == r.Head).Label, tail = doc.Entities.Single(e => e.Span == r.Tail).Label;
                    Assert.True(sig.AcceptsHead(head) && sig.AcceptsTail(tail), $"{r.Type} from {head} to {tail}");
                }
            }
        Assert.True(relations > 0);
    }

    [Fact]
    public void Predicted_mentions_scale_a_relation_confidence_but_not_the_decision()
    {
        var model = Train();
        var gold = TinyCorpus.Relations()[0];
        var predicted = gold with { Entities = gold.Entities.Select(e => e with { Confidence = 0.5 }).ToImmutableArray() };
        var a = model.Predict(gold).Relations;
        var b = model.Predict(predicted).Relations;
        Assert.NotEmpty(a);
        Assert.Equal(a.Select(r => (r.Type, r.Head, r.Tail)), b.Select(r => (r.Type, r.Head, r.Tail)));
        for (int i = 0; i < a.Length; i++) Assert.Equal(a[i].Confidence!.Value * 0.25, b[i].Confidence!.Value, 3);
    }

    [Fact]
    public void Save_and_load_give_the_same_predictions()
    {
        var model = Train();
        var dir = Path.Combine(Path.GetTempPath(), "nlp-relations-" + Guid.NewGuid().ToString("N"));
        try
        {
            model.Save(dir);
            var loaded = RelationModel.Load(dir);
            foreach (var doc in TinyCorpus.Relations())
                Assert.Equal(model.Predict(doc).Relations.Select(r => $"{r.Type}{r.Head}{r.Tail}{r.Confidence}"),
                             loaded.Predict(doc).Relations.Select(r => $"{r.Type}{r.Head}{r.Tail}{r.Confidence}"));
            Assert.Throws<InvalidDataException>(() => Nlp.Models.Events.EventModel.Load(dir)); // a relations model is not an events model
        }
        finally { Directory.Delete(dir, true); }
    }
    [Fact]
    public void At_most_one_relation_per_entity_pair()
    {
        // At threshold 0 every pair whose best type is not none is output; GPE-GPE fits LOCATED_IN both ways.
        var model = Train().WithThresholds(new Dictionary<string, double> { ["*"] = 0.0 });
        Assert.True(model.OnePerPair);
        var doc = TinyCorpus.Parse("pair", "[[Kazan|GPE]] lies in [[Tatarstan|GPE]] and [[Amtorg|ORG]] was based in [[Kazan|GPE]].");
        var relations = model.Predict(doc).Relations;
        Assert.NotEmpty(relations);
        var pairs = relations.Select(r => r.Head.CompareTo(r.Tail) < 0 ? (r.Head, r.Tail) : (r.Tail, r.Head)).ToList();
        Assert.Equal(pairs.Count, pairs.Distinct().Count());
    }

    [Fact]
    public void The_feature_set_is_chosen_out_of_fold_recorded_and_checked_on_loading()
    {
        var model = Train();
        Assert.Contains(model.FeatureSet, IPairFeatures.Sets);
        Assert.Equal(model.FeatureSet, model.Manifest.Recipe.Settings.Value<int>(RelationModel.FeatureSetSetting));
        var dir = Path.Combine(Path.GetTempPath(), "nlp-relations-" + Guid.NewGuid().ToString("N"));
        try
        {
            model.Save(dir);
            var path = Path.Combine(dir, ModelManifest.FileName);
            var json = JObject.Parse(File.ReadAllText(path));
            json["recipe"]!["settings"]![RelationModel.FeatureSetSetting] = 99;
            File.WriteAllText(path, json.ToString());
            var e = Assert.Throws<InvalidDataException>(() => RelationModel.Load(dir));
            Assert.Contains("feature set 99", e.Message);
        }
        finally { Directory.Delete(dir, true); }
    }

    [Fact]
    public void Models_without_a_recorded_feature_set_use_the_first()
    {
        // Models trained before feature sets were recorded (their manifest has none) keep predicting as they were trained.
        var model = new RelationTrainer(Schemas.Domain, TinyCorpus.Lexicon(),
                new RelationTrainerSettings { FeatureSet = 1, CalibrationFolds = 2, OnePerPair = false })
            .Fit(TinyCorpus.Relations(), null, new ModelManifest { Kind = RelationModel.Kind });
        var settings = (JObject)model.Manifest.Recipe.Settings.DeepClone();
        settings.Remove(RelationModel.FeatureSetSetting);
        var legacy = model.WithManifest(model.Manifest.WithDecoding("domain", new JObject()) with { Recipe = model.Manifest.Recipe with { Settings = settings } });
        Assert.Equal(1, legacy.FeatureSet);
        Assert.False(legacy.OnePerPair);
        foreach (var doc in TinyCorpus.Relations())
            Assert.Equal(Keys(model.Predict(doc)), Keys(legacy.Predict(doc)));
    }

    [Fact]
    public void Training_does_not_depend_on_the_seed()
    {
        // L-BFGS finds the one optimum of a convex loss: the seed only shuffled SGD's examples.
        RelationModel Fit(int seed) => new RelationTrainer(Schemas.Domain, TinyCorpus.Lexicon(), new RelationTrainerSettings { Seed = seed, CalibrationFolds = 2 })
            .Fit(TinyCorpus.Relations(), null, new ModelManifest { Kind = RelationModel.Kind });
        var a = Fit(1);
        var b = Fit(2);
        foreach (var doc in TinyCorpus.Relations())
            Assert.Equal(Keys(a.Predict(doc)), Keys(b.Predict(doc)));
    }

    /// <summary>
    /// Copies of the tiny relation documents as a tagger might have seen them: every mention at 0.99 except the
    /// place of r1-r3, which it mistook for an organization at 0.3.
    /// </summary>
    private static List<Document> TaggerOutput() =>
        TinyCorpus.Relations().Select(d => d with
        {
            Relations = ImmutableArray<Relation>.Empty,
            Entities = d.Entities.Select(e => d.Id is "r1" or "r2" or "r3" && e.Label == "GPE"
                ? e with { Label = "ORG", Confidence = 0.3 } : e with { Confidence = 0.99 }).ToImmutableArray(),
        }).ToList();

    private static RelationModel TrainWithPredicted() =>
        new RelationTrainer(Schemas.Domain, TinyCorpus.Lexicon(), new RelationTrainerSettings { CalibrationFolds = 2 })
            .Fit(TinyCorpus.Relations(), null, new ModelManifest { Kind = RelationModel.Kind }, TaggerOutput());

    [Fact]
    public void Predicted_copies_keep_the_gold_relations_between_mentions_the_tagger_found()
    {
        var trainer = new RelationTrainer(Schemas.Domain, TinyCorpus.Lexicon(), new RelationTrainerSettings());
        var copies = trainer.PredictedCopies(TinyCorpus.Relations(), TaggerOutput());
        Assert.Equal(TinyCorpus.Relations().Count, copies.Count);
        var (original, r1) = copies[0];
        Assert.Equal(0, original);
        Assert.Equal("r1#predicted", r1.Id);
        // "Moscow" became an ORG: RESIDES_IN cannot reach it, MEMBER_OF to the NKVD stays.
        Assert.Equal(["MEMBER_OF"], r1.Relations.Select(r => r.Type));
        Assert.Equal(0.3, r1.Entities.Single(e => r1.Text[e.Span.Start..e.Span.End] == "Moscow").Confidence);

        var stranger = TaggerOutput()[0] with { Id = "unknown" };
        var error = Assert.Throws<InvalidDataException>(() => trainer.PredictedCopies(TinyCorpus.Relations(), [stranger]));
        Assert.Contains("'unknown'", error.Message);
    }

    [Fact]
    public void Cross_fitted_tagger_output_sets_thresholds_for_predicted_mentions_and_leaves_gold_ones_alone()
    {
        var plain = Train();
        var model = TrainWithPredicted();
        Assert.Contains(RelationModel.PredictedCalibratorKey, model.Manifest.Calibration.Keys);
        Assert.Contains(RelationModel.PredictedThresholdPrefix + "relation", model.Thresholds.Keys);
        // Gold entities: the same model, the same relations and confidences.
        foreach (var doc in TinyCorpus.Relations())
            Assert.Equal(Keys(plain.Predict(doc)), Keys(model.Predict(doc)));

        // Predicted mentions: every relation's (recalibrated) confidence reaches the threshold for predicted mentions.
        var cut = model.Thresholds[RelationModel.PredictedThresholdPrefix + "relation"];
        var output = TaggerOutput().SelectMany(d => model.Predict(d).Relations).ToList();
        Assert.NotEmpty(output);
        Assert.All(output, r => Assert.True(r.Confidence >= cut - 1e-4, $"{r.Type} {r.Confidence} under {cut}"));
        // A bare override replaces every threshold, those for predicted mentions included.
        var none = model.WithThresholds(ThresholdOverrides.Parse("1.0"));
        Assert.Empty(TaggerOutput().SelectMany(d => none.Predict(d).Relations));

        var dir = Path.Combine(Path.GetTempPath(), "nlp-relations-" + Guid.NewGuid().ToString("N"));
        try
        {
            model.Save(dir);
            var loaded = RelationModel.Load(dir);
            foreach (var doc in TaggerOutput())
                Assert.Equal(Keys(model.Predict(doc)), Keys(loaded.Predict(doc)));
        }
        finally { Directory.Delete(dir, true); }
    }

    private static IEnumerable<string> Keys(Document d) => d.Relations.Select(r => $"{r.Type}{r.Head}{r.Tail}{r.Confidence}");
}
