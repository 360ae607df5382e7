using System.Collections.Immutable;
using Newtonsoft.Json.Linq;
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

/// <summary>
/// A corrected document teaches each model only the layers its meta.reviewed lists: a user who fixed the entities of
/// a document and left its (empty) events alone has not said that it holds no events. Each test has a control: the
/// same copies marked reviewed for the layer do change the model, so the comparison can fail.
/// </summary>
public class ReviewedLayersTrainingTests
{
    static Document Reviewed(Document d, params string[] layers) =>
        d with { Id = d.Id + "-corrected", Meta = new JObject { ["reviewed"] = new JArray(layers.Cast<object>().ToArray()) } };

    static EventModel TrainEvents(IEnumerable<Document> docs) =>
        new EventTrainer(Schemas.Domain, TinyCorpus.Lexicon(), new EventTrainerSettings { Epochs = 15, CalibrationFolds = 2 })
            .Fit(docs.ToList(), null, new ModelManifest { Kind = EventModel.Kind });

    static string EventsOf(EventModel model) => string.Join("\n", TinyCorpus.Events()
        .Select(d => model.Predict(d with { Events = ImmutableArray<Event>.Empty }))
        .SelectMany(d => d.Events.Select(e => $"{d.Id} {e.Type} {e.Trigger} {e.Confidence} [{string.Join(",", e.Arguments.Select(a => a.Role + a.Span))}]")));

    [Fact]
    public void Documents_reviewed_only_for_entities_do_not_teach_the_event_model_that_they_have_no_events()
    {
        var gold = TinyCorpus.Events();
        var withoutEvents = gold.Take(8).Select(d => d with { Events = ImmutableArray<Event>.Empty }).ToList();
        var baseline = EventsOf(TrainEvents(gold));

        Assert.Equal(baseline, EventsOf(TrainEvents(gold.Concat(withoutEvents.Select(d => Reviewed(d, "entities"))))));
        // Control: the same documents saying their events were reviewed (there are none) do teach it.
        Assert.NotEqual(baseline, EventsOf(TrainEvents(gold.Concat(withoutEvents.Select(d => Reviewed(d, "entities", "events"))))));
    }

    static RelationModel TrainRelations(IEnumerable<Document> docs) =>
        new RelationTrainer(Schemas.Domain, TinyCorpus.Lexicon(), new RelationTrainerSettings { CalibrationFolds = 2 })
            .Fit(docs.ToList(), null, new ModelManifest { Kind = RelationModel.Kind });

    static string RelationsOf(RelationModel model) => string.Join("\n", TinyCorpus.Relations()
        .Select(d => model.Predict(d with { Relations = ImmutableArray<Relation>.Empty }))
        .SelectMany(d => d.Relations.Select(r => $"{d.Id} {r.Type} {r.Head} {r.Tail} {r.Confidence}")));

    [Fact]
    public void Documents_reviewed_only_for_entities_and_events_do_not_teach_the_relation_model()
    {
        var gold = TinyCorpus.Relations();
        var withoutRelations = gold.Select(d => d with { Relations = ImmutableArray<Relation>.Empty }).ToList();
        var baseline = RelationsOf(TrainRelations(gold));

        Assert.Equal(baseline, RelationsOf(TrainRelations(gold.Concat(withoutRelations.Select(d => Reviewed(d, "entities", "events"))))));
        Assert.NotEqual(baseline, RelationsOf(TrainRelations(gold.Concat(withoutRelations.Select(d => Reviewed(d, "relations"))))));
    }

    static IReadOnlyList<double> TaggerLosses(IEnumerable<Document> docs) =>
        EntityTaggerTrainer.Fit(docs.ToList(), TaggerTestData.Tiny(), TaggerTestData.TinySettings(epochs: 3), threads: 1).History.Select(h => h.Loss).ToList();

    [Fact]
    public void Documents_reviewed_only_for_events_do_not_teach_the_tagger()
    {
        var gold = TaggerTestData.Tiny();
        var withoutEntities = gold.Select(d => d with { Entities = ImmutableArray<Entity>.Empty }).ToList();
        var baseline = TaggerLosses(gold);

        Assert.Equal(baseline, TaggerLosses(gold.Concat(withoutEntities.Select(d => Reviewed(d, "events")))));
        Assert.NotEqual(baseline, TaggerLosses(gold.Concat(withoutEntities.Select(d => Reviewed(d, "entities")))));
    }
}
