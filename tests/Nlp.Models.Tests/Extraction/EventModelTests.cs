using System.Collections.Immutable;
using Nlp.Core.Manifests;
using Nlp.Core.Model;
using Nlp.Core.Schema;
using Nlp.Models.Events;
using Nlp.Models.Extraction;

namespace Nlp.Models.Tests.Extraction;

public class EventModelTests
{
    private static readonly ModelManifest Template = new() { Kind = EventModel.Kind };

    private static EventModel Train(int seed = 13) =>
        new EventTrainer(Schemas.Domain, TinyCorpus.Lexicon(), new EventTrainerSettings { Seed = seed, Epochs = 15, CalibrationFolds = 2 })
            .Fit(TinyCorpus.Events(), null, Template);

    [Fact]
    public void Tiny_training_data_is_learned()
    {
        var model = Train();
        var report = model.Score(TinyCorpus.Events());
        Assert.True(report.Triggers.Micro.F1 >= 90, $"trigger F1 {report.Triggers.Micro.F1}");
        Assert.True(report.ArgumentsOverlap.Micro.F1 >= 70, $"argument F1 {report.ArgumentsOverlap.Micro.F1}");
        // The sentence without an event gets none.
        var weather = model.Predict(TinyCorpus.Events()[^1] with { Events = ImmutableArray<Event>.Empty });
        Assert.Empty(weather.Events);
    }

    [Fact]
    public void Roles_are_always_roles_of_the_event_type()
    {
        var model = Train();
        // Ask for every event type on every sentence: whatever the classifier prefers, decoding may only output
        // roles of the asked type ("Law" of a DECREE sentence can never become an argument of MIGRATE).
        foreach (var doc in TinyCorpus.Events())
        {
            var view = new DocumentView(doc);
            for (int t = 0; t < view.Words.Length; t++)
                foreach (var type in Schemas.Domain.EventTypes)
                    foreach (var a in model.WithThresholds(new Dictionary<string, double> { ["*"] = 0.0 }).PredictArguments(view, type, view.Tokens[t]))
                        Assert.True(Schemas.Domain.RoleBelongsTo(type, a.Role), $"{type} got role {a.Role}");
        }
    }

    [Fact]
    public void Every_role_group_maps_back_into_its_type()
    {
        foreach (var (type, roles) in Schemas.Domain.EventRoles)
            foreach (var role in roles)
                Assert.Equal(role, RoleGroups.RoleOf(Schemas.Domain, type, RoleGroups.GroupOf(type, role)));
        Assert.Null(RoleGroups.RoleOf(Schemas.Domain, "MIGRATE", "Law"));
    }

    [Fact]
    public void Confidences_are_probabilities_and_thresholds_apply()
    {
        var model = Train();
        var docs = TinyCorpus.Events().Select(d => model.Predict(d with { Events = ImmutableArray<Event>.Empty })).ToList();
        var all = docs.SelectMany(d => d.Events).ToList();
        Assert.NotEmpty(all);
        Assert.All(all, e => Assert.InRange(e.Confidence!.Value, 0, 1));
        Assert.All(all.SelectMany(e => e.Arguments), a => Assert.InRange(a.Confidence!.Value, 0, 1));
        var strict = model.WithThresholds(ThresholdOverrides.Parse("trigger=1.0"));
        Assert.Empty(TinyCorpus.Events().SelectMany(d => strict.Predict(d).Events));
    }

    [Fact]
    public void Save_and_load_give_the_same_predictions()
    {
        var model = Train();
        var dir = Path.Combine(Path.GetTempPath(), "nlp-events-" + Guid.NewGuid().ToString("N"));
        try
        {
            model.Save(dir);
            var loaded = EventModel.Load(dir);
            foreach (var doc in TinyCorpus.Events())
            {
                var a = model.Predict(doc);
                var b = loaded.Predict(doc);
                Assert.Equal(a.Events.Select(Describe), b.Events.Select(Describe));
            }
        }
        finally { Directory.Delete(dir, true); }
    }

    [Fact]
    public void Training_is_deterministic_for_a_seed()
    {
        var docs = TinyCorpus.Events();
        var a = Train(seed: 5);
        var b = Train(seed: 5);
        Assert.Equal(docs.SelectMany(d => a.Predict(d).Events.Select(Describe)), docs.SelectMany(d => b.Predict(d).Events.Select(Describe)));
    }

    [Fact]
    public void No_trigger_is_predicted_inside_a_name_whose_label_never_holds_one_in_training()
    {
        // Ten book titles give WORK_OF_ART enough mentions for the rule; ORG has six, too few to trust.
        var titles = Enumerable.Range(0, EventTrainer.MinMentionsForTriggerFreeLabel).Select(i =>
            TinyCorpus.Parse($"w{i}", $"[[Tolstoy|PERSON]] wrote [[Volume {i}|WORK_OF_ART]] in [[1899|DATE]]."));
        var model = new EventTrainer(Schemas.Domain, TinyCorpus.Lexicon(), new EventTrainerSettings { Epochs = 15, CalibrationFolds = 2 })
            .Fit(TinyCorpus.Events().Concat(titles).ToList(), null, Template);
        Assert.Contains("WORK_OF_ART", model.TriggerFreeEntityLabels);
        Assert.DoesNotContain("ORG", model.TriggerFreeEntityLabels);

        const string prose = "In [[1938|DATE]] the [[NKVD|ORG]] deported the [[Koreans|NORP]].";
        var plain = model.Predict(TinyCorpus.Parse("p", prose));
        Assert.Contains(plain.Events, e => e.Type == "DEPORT");
        // The same words as a book title report no event.
        var title = model.Predict(TinyCorpus.Parse("t", "[[In 1938 the NKVD deported the Koreans|WORK_OF_ART]]."));
        Assert.Empty(title.Events);
    }

    [Fact]
    public void Trigger_free_labels_are_the_frequent_ones_that_never_hold_a_trigger()
    {
        var views = TinyCorpus.Events().Select(d => new DocumentView(d)).ToList();
        // The tiny corpus has no label with ten mentions, so no rule is learned from it.
        Assert.Empty(EventTrainer.TriggerFreeEntityLabels(views));
        // Ten documents where an EVENT name ("uprising of 3") holds the trigger and a LAW holds none.
        var many = Enumerable.Range(0, 10).Select(i =>
        {
            var doc = TinyCorpus.Parse($"d{i}", $"The {{{{uprising|ATTACK}}}} of {i} followed the [[treaty {i}|LAW]].");
            var trigger = doc.Events[0].Trigger;
            var name = new Entity("N", new Span(trigger.Start, trigger.End + $" of {i}".Length), "EVENT");
            return new DocumentView(doc with { Entities = doc.Entities.Insert(0, name) });
        });
        Assert.Equal(["LAW"], EventTrainer.TriggerFreeEntityLabels(many));
    }

    [Fact]
    public void Event_stage_declares_its_layers()
    {
        var stage = new EventStage(Train());
        Assert.Equal(Layer.Events, stage.Assigns);
        Assert.True(stage.Requires.HasFlag(Layer.Entities) && stage.Requires.HasFlag(Layer.Tokens));
        Assert.Throws<InvalidOperationException>(() => new Nlp.Core.Pipeline.DocumentPipeline([stage], Layer.Text));
    }

    private static string Describe(Event e) =>
        $"{e.Type}@{e.Trigger}:{e.Confidence:F4}[{string.Join(";", e.Arguments.Select(a => $"{a.Role}@{a.Span}:{a.Confidence:F4}"))}]";
}
