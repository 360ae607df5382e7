using Nlp.Core.Manifests;
using Nlp.Core.Schema;
using Nlp.Models.MaxEnt;
using Nlp.Models.Relations;

namespace Nlp.Models.Tests.MaxEnt;

public class RelationListTests
{
    private static readonly DocumentView View = new(TinyCorpus.Parse("l",
        "Watch the [[Greeks|NORP]] in [[Krasnodar krai|GPE]], the [[Abkhaz ASSR|GPE]] and [[Donetsk oblast|GPE]]."));

    private static int Entity(string text) => Array.FindIndex(View.Entities, e => View.Document.TextOf(e.Span) == text);

    [Fact]
    public void A_far_list_member_is_also_read_as_the_member_nearest_the_other_mention()
    {
        var plain = IPairFeatures.ForSet(2, TinyCorpus.Lexicon());
        var lists = IPairFeatures.ForSet(2, TinyCorpus.Lexicon(), lists: true);
        int greeks = Entity("Greeks"), near = Entity("Krasnodar krai"), far = Entity("Donetsk oblast");

        var features = lists.Extract(View, greeks, far);
        // The far member's own features, then the nearest member's, marked.
        Assert.Equal(plain.Extract(View, greeks, far), features.Where(f => !f.StartsWith("L|")));
        Assert.Equal(plain.Extract(View, greeks, near).Select(f => "L|" + f), features.Where(f => f.StartsWith("L|") && !f.StartsWith("L|far=") && !f.StartsWith("L|tailpos=")));
        Assert.Contains("L|tailpos=NORP>GPE|HT|2", features);
        // The nearest member, and a pair inside the list, read as before.
        Assert.Equal(plain.Extract(View, greeks, near), lists.Extract(View, greeks, near));
        Assert.Equal(plain.Extract(View, near, far), lists.Extract(View, near, far));
    }

    [Fact]
    public void Every_member_of_a_list_gets_the_relation_one_member_has_with_the_propagation_confidence()
    {
        var model = new RelationTrainer(Schemas.Domain, TinyCorpus.Lexicon(), new RelationTrainerSettings { CalibrationFolds = 2 })
            .Fit(TinyCorpus.Relations(), null, new ModelManifest { Kind = RelationModel.Kind });
        var doc = TinyCorpus.Parse("list", "[[Sidorov|PERSON]] was a member of the [[NKVD|ORG]] and lived in [[Minsk|GPE]], [[Pinsk|GPE]], " +
                                           "[[Grodno|GPE]], [[Vitebsk|GPE]] and [[Brest|GPE]].");
        List<string> Resides(RelationModel m) => m.Predict(doc).Relations.Where(r => r.Type == "RESIDES_IN")
            .Select(r => doc.TextOf(r.Tail)).OrderBy(t => t, StringComparer.Ordinal).ToList();

        // Trained on six sentences, the model relates the nearest members, not the farthest.
        var plain = Resides(model);
        Assert.Contains("Minsk", plain);
        Assert.DoesNotContain("Brest", plain);
        // With a calibrator of propagated relations (here: a constant 0.9) every member gets it, with that confidence.
        var calibration = new Dictionary<string, PlattParameters>(model.Manifest.Calibration) { [RelationModel.PropagatedKey] = new(0, Math.Log(9)) };
        var propagating = model.WithManifest(model.Manifest with { Calibration = calibration });
        Assert.Equal(["Brest", "Grodno", "Minsk", "Pinsk", "Vitebsk"], Resides(propagating));
        Assert.Equal(0.9, propagating.Predict(doc).Relations.Single(r => doc.TextOf(r.Tail) == "Brest").Confidence);
        // Its own threshold applies to what propagation adds.
        Assert.Equal(plain, Resides(propagating.WithThresholds(new Dictionary<string, double> { [RelationModel.PropagatedKey] = 0.95 })));
    }

    [Fact]
    public void The_setting_is_recorded_and_models_without_it_read_no_list_features()
    {
        var trainer = new RelationTrainer(Schemas.Domain, TinyCorpus.Lexicon(), new RelationTrainerSettings { CalibrationFolds = 2, ListFeatures = true });
        var model = trainer.Fit(TinyCorpus.Relations(), null, new ModelManifest { Kind = RelationModel.Kind });
        Assert.True(model.ListFeatures);
        var settings = (Newtonsoft.Json.Linq.JObject)model.Manifest.Recipe.Settings.DeepClone();
        Assert.True(settings.Remove(RelationModel.ListFeaturesSetting));
        Assert.False(model.WithManifest(model.Manifest with { Recipe = model.Manifest.Recipe with { Settings = settings } }).ListFeatures);
    }
}
