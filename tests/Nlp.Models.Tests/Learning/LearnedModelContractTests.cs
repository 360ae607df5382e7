using Nlp.Core.Formats;
using Nlp.Core.Learning;
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
/// files and manifest, load it back by its type, and get the same predictions and scores; the loaded model says
/// which version it is, and predicting writes the layer the model declares.
/// </summary>
public class LearnedModelContractTests
{
    static void TrainSaveLoadPredict<TModel>(ILearner<TModel> learner, IReadOnlyList<Document> train, Func<Document, int> count)
        where TModel : ILearnedModel<TModel>
    {
        var trained = learner.Train(train, train);
        string dir = Path.Combine(Path.GetTempPath(), "nlp-models-tests", Guid.NewGuid().ToString("N"));
        var saved = trained.Best.Save(dir);
        Assert.Equal(TModel.Kind, saved.Kind);
        using var loaded = TModel.Load(dir);
        Assert.Equal(saved.Version, loaded.Manifest!.Version);
        foreach (var document in train)
        {
            var predicted = loaded.Predict(document);
            Assert.Equal(DocumentJson.Serialize(trained.Best.Predict(document)), DocumentJson.Serialize(predicted));
        }
        Assert.True(train.Sum(d => count(loaded.Predict(d))) > 0, $"{TModel.Kind}: nothing predicted into {TModel.Writes}");
        Assert.Equal(ReportFormatter.Json(trained.Best.Score(train)).ToString(), ReportFormatter.Json(loaded.Score(train)).ToString());
        Assert.NotNull(trained.Last);
    }

    [Fact]
    public void The_tagger_learns_saves_and_loads_through_the_contract() =>
        TrainSaveLoadPredict(new TaggerLearner(TaggerTestData.TinySettings(epochs: 3)) { Threads = 1 }, TaggerTestData.Tiny(), d => d.Entities.Length);

    [Fact]
    public void The_event_model_learns_saves_and_loads_through_the_contract() =>
        TrainSaveLoadPredict(new EventTrainer(Schemas.Domain, TinyCorpus.Lexicon(), new EventTrainerSettings { Epochs = 15, CalibrationFolds = 2 }),
            TinyCorpus.Events(), d => d.Events.Length);

    [Fact]
    public void The_relation_model_learns_saves_and_loads_through_the_contract() =>
        TrainSaveLoadPredict(new RelationTrainer(Schemas.Domain, TinyCorpus.Lexicon(), new RelationTrainerSettings { CalibrationFolds = 2 }),
            TinyCorpus.Relations(), d => d.Relations.Length);
}
