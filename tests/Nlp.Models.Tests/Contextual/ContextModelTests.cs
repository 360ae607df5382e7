using Nlp.Core.Manifests;
using Nlp.Core.Model;
using Nlp.Core.Schema;
using Nlp.Models.Contextual;
using Nlp.Models.Events;
using Nlp.Models.Extraction;
using Nlp.Models.Relations;
using Nlp.Models.Tests.Extraction;

namespace Nlp.Models.Tests.Contextual;

/// <summary>Event and relation models that read context clusters of the int8 4-layer MiniLM encoder.</summary>
public class ContextModelTests
{
    const string Encoder = "minilm-l4-v2-int8";

    static string Describe(Event e) =>
        $"{e.Type}@{e.Trigger} {e.Confidence} " + string.Join(";", e.Arguments.Select(a => $"{a.Role}@{a.Span} {a.Confidence}"));

    [Fact]
    public void An_event_model_with_an_encoder_names_it_saves_its_clusters_and_predicts_the_same_when_loaded()
    {
        var settings = new EventTrainerSettings { Epochs = 15, CalibrationFolds = 2, ContextEncoder = Encoder, ContextClusterSizes = [4, 16] };
        using var model = new EventTrainer(Schemas.Domain, TinyCorpus.Lexicon(), settings)
            .Fit(TinyCorpus.Events(), null, new ModelManifest { Kind = EventModel.Kind });
        Assert.Equal(Encoder, model.Manifest.Recipe.Encoder);
        // The features really include the clusters.
        var view = model.View(TinyCorpus.Events()[0]);
        Assert.NotNull(view.Context);
        Assert.Contains(new TriggerFeatures(model.Lexicon).Extract(view, 1), f => f.StartsWith("cx16=", StringComparison.Ordinal));

        var dir = Path.Combine(Path.GetTempPath(), "nlp-ctx-events-" + Guid.NewGuid().ToString("N"));
        try
        {
            model.Save(dir);
            Assert.True(File.Exists(Path.Combine(dir, ContextClusters.FileName)));
            using var loaded = EventModel.Load(dir);
            foreach (var doc in TinyCorpus.Events())
                Assert.Equal(model.Predict(doc).Events.Select(Describe), loaded.Predict(doc).Events.Select(Describe));
            // Without its codebook the folder is refused, by name.
            File.Delete(Path.Combine(dir, ContextClusters.FileName));
            var e = Assert.Throws<InvalidDataException>(() => EventModel.Load(dir));
            Assert.Contains(ContextClusters.FileName, e.Message);
        }
        finally { Directory.Delete(dir, true); }
    }

    [Fact]
    public void A_relation_model_with_an_encoder_reads_the_pair_in_context_and_round_trips()
    {
        var settings = new RelationTrainerSettings { Epochs = 10, CalibrationFolds = 2, ContextEncoder = Encoder, ContextClusterSizes = [4, 16] };
        using var model = new RelationTrainer(Schemas.Domain, TinyCorpus.Lexicon(), settings)
            .Fit(TinyCorpus.Relations(), null, new ModelManifest { Kind = RelationModel.Kind });
        var doc = TinyCorpus.Relations()[0];
        var view = model.View(doc);
        var (head, tail) = model.CandidatePairs(view).First();
        Assert.Contains(IPairFeatures.ForSet(model.FeatureSet, model.Lexicon).Extract(view, head, tail), f => f.StartsWith("pair|hcx4=", StringComparison.Ordinal));
        // A view without context gets the feature set's features only.
        Assert.DoesNotContain(IPairFeatures.ForSet(model.FeatureSet, model.Lexicon).Extract(new DocumentView(doc), head, tail), f => f.Contains("cx", StringComparison.Ordinal));

        var dir = Path.Combine(Path.GetTempPath(), "nlp-ctx-relations-" + Guid.NewGuid().ToString("N"));
        try
        {
            model.Save(dir);
            using var loaded = RelationModel.Load(dir);
            foreach (var d in TinyCorpus.Relations())
                Assert.Equal(model.Predict(d).Relations.Select(r => $"{r.Type} {r.Head} {r.Tail} {r.Confidence}"),
                             loaded.Predict(d).Relations.Select(r => $"{r.Type} {r.Head} {r.Tail} {r.Confidence}"));
        }
        finally { Directory.Delete(dir, true); }
    }
}
