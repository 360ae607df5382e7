using Nlp.Core.Schema;
using Nlp.Models.Extraction;
using Nlp.Models.Relations;

namespace Nlp.Models.Tests.Extraction;

public class ListPairFeaturesTests
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
    public void The_setting_is_recorded_and_models_without_it_read_no_list_features()
    {
        var trainer = new RelationTrainer(Schemas.Domain, TinyCorpus.Lexicon(), new RelationTrainerSettings { CalibrationFolds = 2, ListFeatures = true });
        var model = trainer.Fit(TinyCorpus.Relations(), null, new ModelManifest { Kind = RelationModel.Kind, Schema = "domain" });
        Assert.True(model.ListFeatures);
        var settings = (Newtonsoft.Json.Linq.JObject)model.Manifest.Settings.DeepClone();
        settings.Remove(nameof(RelationTrainerSettings.ListFeatures));
        Assert.False(model.WithManifest(model.Manifest with { Settings = settings }).ListFeatures);
    }
}
