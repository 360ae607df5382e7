using Nlp.Core.Manifests;
using Nlp.Core.Schema;
using Nlp.Models.Events;
using Nlp.Models.Relations;
using Nlp.Models.Tagging;
using Nlp.Models.Tests.Extraction;
using Nlp.Models.Tests.Tagging;

namespace Nlp.Models.Tests.Manifests;

/// <summary>
/// A model's version is the content hash of what it loads: the three learners, trained twice on the same data with
/// the same seed, write the same version (so re-extraction after an identical retrain redoes nothing), and another
/// seed or setting gives another. Each saved model loads with the version it was written with.
/// </summary>
public class ContentVersionTests
{
    static string Dir() => Path.Combine(Path.GetTempPath(), "nlp-models-tests", Guid.NewGuid().ToString("N"));

    static string Saved(Action<string> save, string kind)
    {
        string dir = Dir();
        save(dir);
        var manifest = ManifestFile.Read(dir, kind);
        Assert.Equal(ManifestFile.ContentVersion(dir, manifest), manifest.Version);
        return manifest.Version;
    }

    [Fact]
    public void Tagger_retrained_with_the_same_seed_and_data_keeps_its_version()
    {
        string Train(TaggerSettings settings) => Saved(dir =>
            EntityTaggerTrainer.Fit(TaggerTestData.Tiny(), TaggerTestData.Tiny(), settings, threads: 1).Save(dir, "tiny"), EntityTagger.Kind);
        var settings = TaggerTestData.TinySettings(epochs: 3);
        string first = Train(settings);
        Assert.Equal(first, Train(settings));
        Assert.NotEqual(first, Train(settings with { Seed = settings.Seed + 1 }));
    }

    [Fact]
    public void Event_model_retrained_with_the_same_seed_and_data_keeps_its_version()
    {
        string Train(EventTrainerSettings settings) => Saved(dir =>
            new EventTrainer(Schemas.Domain, TinyCorpus.Lexicon(), settings).Fit(TinyCorpus.Events(), null, new ModelManifest { Kind = EventModel.Kind })
                .Save(dir), EventModel.Kind);
        var settings = new EventTrainerSettings { Epochs = 5, CalibrationFolds = 2 };
        string first = Train(settings);
        Assert.Equal(first, Train(settings));
        Assert.NotEqual(first, Train(settings with { L2 = settings.L2 * 10 }));
    }

    [Fact]
    public void Relation_model_retrained_with_the_same_data_keeps_its_version()
    {
        string Train(RelationTrainerSettings settings) => Saved(dir =>
            new RelationTrainer(Schemas.Domain, TinyCorpus.Lexicon(), settings).Fit(TinyCorpus.Relations(), null, new ModelManifest { Kind = RelationModel.Kind })
                .Save(dir), RelationModel.Kind);
        var settings = new RelationTrainerSettings { CalibrationFolds = 2 };
        string first = Train(settings);
        Assert.Equal(first, Train(settings));
        Assert.NotEqual(first, Train(settings with { L2 = settings.L2 * 10 }));
    }
}
