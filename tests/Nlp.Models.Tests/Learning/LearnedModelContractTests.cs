using Nlp.Core.Formats;
using Nlp.Core.Learning;
using Nlp.Core.Manifests;
using Nlp.Core.Model;
using Nlp.Core.Schema;
using Nlp.Core.Scoring;
using Nlp.Models.Events;
using Nlp.Models.Relations;
using Nlp.Models.Tagging;
using Nlp.Models.Tests.Extraction;
using Nlp.Models.Tests.Tagging;

namespace Nlp.Models.Tests.Learning;

/// <summary>
/// The three learners through the one contract, with no code of their own: train, save the best model with its
/// files and manifest, load it back by its type, and get the same predictions and scores. The version is the
/// content: trained twice on the same data with the same seed, a model is saved with the same version (so an
/// identical retrain re-extracts nothing), and another seed or setting gives another.
/// </summary>
public class LearnedModelContractTests
{
    static string Dir() => Path.Combine(Path.GetTempPath(), "nlp-models-tests", Guid.NewGuid().ToString("N"));

    static void TrainSaveLoadPredict<TModel>(ILearner<TModel> learner, IReadOnlyList<Document> train, Func<Document, int> count)
        where TModel : ILearnedModel<TModel>
    {
        var trained = learner.Train(train, train);
        string dir = Dir();
        var saved = trained.Best.Save(dir);
        Assert.Equal(TModel.Kind, saved.Kind);
        using var loaded = TModel.Load(dir);
        Assert.Equal(saved.Version, loaded.Manifest!.Version);
        Assert.Equal(ManifestFile.ContentVersion(dir, loaded.Manifest), saved.Version);
        foreach (var document in train)
            Assert.Equal(DocumentJson.Serialize(trained.Best.Predict(document)), DocumentJson.Serialize(loaded.Predict(document)));
        Assert.True(train.Sum(d => count(loaded.Predict(d))) > 0, $"{TModel.Kind}: nothing predicted into {TModel.Writes}");
        Assert.Equal(ReportFormatter.Json(trained.Best.Score(train)).ToString(), ReportFormatter.Json(loaded.Score(train)).ToString());
        Assert.NotNull(trained.Last);
    }

    /// <summary>Trains with the learner of variant 0 twice and of variant 1 once, and compares the saved versions.</summary>
    static void SameSeedAndDataSameVersion<TModel>(Func<int, ILearner<TModel>> learner, IReadOnlyList<Document> train)
        where TModel : ILearnedModel<TModel>
    {
        string Version(int variant) => learner(variant).Train(train, train).Best.Save(Dir()).Version;
        string first = Version(0);
        Assert.Equal(first, Version(0));
        Assert.NotEqual(first, Version(1));
    }

    static TaggerLearner Tagger(int seed = 42) => new(TaggerTestData.TinySettings(epochs: 3) with { Seed = seed }) { Threads = 1 };
    static EventTrainer Events(double l2 = 1e-4) =>
        new(Schemas.Domain, TinyCorpus.Lexicon(), new EventTrainerSettings { Epochs = 15, CalibrationFolds = 2, L2 = l2 });
    static RelationTrainer Relations(double l2 = 1e-4) =>
        new(Schemas.Domain, TinyCorpus.Lexicon(), new RelationTrainerSettings { CalibrationFolds = 2, L2 = l2 });

    [Fact]
    public void The_tagger_learns_saves_and_loads_through_the_contract() =>
        TrainSaveLoadPredict(Tagger(), TaggerTestData.Tiny(), d => d.Entities.Length);

    [Fact]
    public void The_event_model_learns_saves_and_loads_through_the_contract() =>
        TrainSaveLoadPredict(Events(), TinyCorpus.Events(), d => d.Events.Length);

    [Fact]
    public void The_relation_model_learns_saves_and_loads_through_the_contract() =>
        TrainSaveLoadPredict(Relations(), TinyCorpus.Relations(), d => d.Relations.Length);

    [Fact]
    public void Tagger_retrained_with_the_same_seed_and_data_keeps_its_version() =>
        SameSeedAndDataSameVersion(variant => Tagger(seed: 42 + variant), TaggerTestData.Tiny());

    [Fact]
    public void Event_model_retrained_with_the_same_seed_and_data_keeps_its_version() =>
        SameSeedAndDataSameVersion(variant => Events(l2: variant == 0 ? 1e-4 : 1e-3), TinyCorpus.Events());

    [Fact]
    public void Relation_model_retrained_with_the_same_data_keeps_its_version() =>
        SameSeedAndDataSameVersion(variant => Relations(l2: variant == 0 ? 1e-4 : 1e-3), TinyCorpus.Relations());
}
