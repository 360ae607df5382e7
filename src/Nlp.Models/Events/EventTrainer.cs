using System.Collections.Immutable;
using Newtonsoft.Json.Linq;
using Nlp.Core.Model;
using Nlp.Core.Schema;
using Nlp.Models.Extraction;

namespace Nlp.Models.Events;

/// <summary>
/// Fits an <see cref="EventModel"/>: a trigger classifier over tokens and an argument classifier over
/// (gold trigger, candidate span) pairs, both maximum-entropy models on sparse lexical features. Confidences are
/// calibrated by Platt scaling on out-of-fold predictions of the training documents (cross-fitting), so the dev set
/// stays an honest measure of both accuracy and calibration.
/// </summary>
public sealed class EventTrainer(AnnotationSchema schema, Lexicon lexicon, EventTrainerSettings settings)
{
    public AnnotationSchema Schema { get; } = schema;
    public Lexicon Lexicon { get; } = lexicon;
    public EventTrainerSettings Settings { get; } = settings;

    /// <summary>Called with progress lines ("stage: ...").</summary>
    public Action<string>? Progress { get; init; }

    /// <summary>Trains on segmented documents with gold entities and events.</summary>
    public EventModel Fit(IReadOnlyList<Document> train, ModelManifest manifestTemplate)
    {
        var views = train.Select(d => new DocumentView(d)).ToList();
        var triggerLabels = new[] { EventModel.None }.Concat(Schema.EventTypes).ToList();
        var roleLabels = new[] { EventModel.NoRole }.Concat(Schema.EventRoles.Values.SelectMany(r => r).Distinct().OrderBy(r => r, StringComparer.Ordinal)).ToList();

        // Cross-fitting: models trained without fold k predict fold k; their (probability, correct) pairs fit Platt.
        int folds = Math.Max(2, Settings.CalibrationFolds);
        var triggerPoints = new List<(double, bool)>[folds];
        var argumentPoints = new List<(double, bool)>[folds];
        Parallel.For(0, folds, new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, Settings.Threads) }, k =>
        {
            var inFold = views.Where((_, i) => i % folds != k).ToList();
            var heldOut = views.Where((_, i) => i % folds == k).ToList();
            var model = FitClassifiers(inFold, triggerLabels, roleLabels, manifestTemplate, $"fold {k + 1}/{folds}", verbose: false);
            triggerPoints[k] = TriggerPoints(model, heldOut);
            argumentPoints[k] = ArgumentPoints(model, heldOut);
            Progress?.Invoke($"calibration fold {k + 1}/{folds}: {triggerPoints[k].Count} trigger and {argumentPoints[k].Count} argument points");
        });
        var triggerCal = PlattCalibrator.Fit(triggerPoints.SelectMany(p => p).ToList());
        var argumentCal = PlattCalibrator.Fit(argumentPoints.SelectMany(p => p).ToList());
        var calibration = new Dictionary<string, PlattCalibrator> { ["trigger"] = triggerCal, ["argument"] = argumentCal };
        // Thresholds: the calibrated confidence that maximizes held-out F1, unless the settings fix them.
        double triggerThreshold = Settings.TriggerThreshold ?? ThresholdSearch.BestF1Threshold(
            triggerPoints.SelectMany(p => p).Select(p => (triggerCal.Calibrate(p.Item1), p.Item2)).ToList(),
            views.Sum(v => v.Document.Events.Length));
        double argumentThreshold = Settings.ArgumentThreshold ?? ThresholdSearch.BestF1Threshold(
            argumentPoints.SelectMany(p => p).Select(p => (argumentCal.Calibrate(p.Item1), p.Item2)).ToList(),
            views.Sum(v => v.Document.Events.Sum(e => e.Arguments.Length)));
        Progress?.Invoke($"thresholds (best held-out F1): trigger {triggerThreshold}, argument {argumentThreshold}");
        Progress?.Invoke($"calibration: trigger A={calibration["trigger"].A:F3} B={calibration["trigger"].B:F3}, " +
                         $"argument A={calibration["argument"].A:F3} B={calibration["argument"].B:F3}");

        var final = FitClassifiers(views, triggerLabels, roleLabels, manifestTemplate, "final", verbose: true);
        var manifest = manifestTemplate with
        {
            Kind = EventModel.Kind,
            Schema = Schema.Name,
            Labels = triggerLabels.Skip(1).ToList(),
            Seed = Settings.Seed,
            Settings = JObject.FromObject(Settings),
            Calibration = calibration,
            Thresholds = new Dictionary<string, double> { ["trigger"] = triggerThreshold, ["argument"] = argumentThreshold },
        };
        return final.WithManifest(manifest);
    }

    private EventModel FitClassifiers(List<DocumentView> views, List<string> triggerLabels, List<string> roleLabels,
        ModelManifest template, string name, bool verbose)
    {
        var trainer = new MaxEntTrainer(new MaxEntSettings
        {
            Epochs = Settings.Epochs, LearningRate = Settings.LearningRate, L2 = Settings.L2,
            MinFeatureCount = Settings.MinFeatureCount, Seed = Settings.Seed,
        });
        var features = new TriggerFeatures(Lexicon);
        var triggerData = new List<(IReadOnlyList<string>, string)>();
        foreach (var view in views)
        {
            var gold = GoldTriggerTypes(view);
            for (int t = 0; t < view.Words.Length; t++)
                if (TriggerFeatures.IsCandidate(view, t) || gold[t] is not null)
                    triggerData.Add((features.Extract(view, t), gold[t] ?? EventModel.None));
        }
        var triggers = trainer.Fit(triggerData, triggerLabels,
            verbose ? (epoch, loss) => Progress?.Invoke($"{name} triggers: epoch {epoch}/{Settings.Epochs} loss {loss:F4}") : null);

        var argumentData = new List<(IReadOnlyList<string>, string)>();
        var candidates = new ArgumentCandidates(Lexicon);
        var argFeatures = new ArgumentFeatures(Lexicon);
        foreach (var view in views)
            foreach (var ev in view.Document.Events)
            {
                var (tFirst, tEnd) = view.TokenRange(ev.Trigger);
                if (tEnd <= tFirst) continue;
                var cands = candidates.For(view, ev.Trigger);
                foreach (var c in cands)
                    argumentData.Add((argFeatures.Extract(view, ev.Type, tFirst, tEnd, c, cands), GoldRole(ev, c)));
            }
        var arguments = trainer.Fit(argumentData, roleLabels,
            verbose ? (epoch, loss) => Progress?.Invoke($"{name} arguments: epoch {epoch}/{Settings.Epochs} loss {loss:F4}") : null);
        if (verbose) Progress?.Invoke($"{name}: {triggerData.Count} trigger candidates, {argumentData.Count} argument candidates, " +
                                      $"{triggers.FeatureCount} + {arguments.FeatureCount} features");
        return new EventModel(Schema, triggers, arguments, Lexicon, template with { Kind = EventModel.Kind, Schema = Schema.Name });
    }

    /// <summary>The gold event type of each token: a trigger's first token carries its type.</summary>
    internal static string?[] GoldTriggerTypes(DocumentView view)
    {
        var gold = new string?[view.Words.Length];
        foreach (var ev in view.Document.Events)
        {
            var (first, end) = view.TokenRange(ev.Trigger);
            if (end > first) gold[first] = ev.Type;
        }
        return gold;
    }

    /// <summary>The gold role of a candidate: an argument with exactly its span, else one overlapping its head.</summary>
    internal static string GoldRole(Event ev, ArgumentCandidate c)
    {
        foreach (var a in ev.Arguments) if (a.Span == c.Span) return a.Role;
        // A noun phrase found by the heuristic chunker may be longer or shorter than the annotated one.
        if (c.Kind is "NP" or "PRON")
            foreach (var a in ev.Arguments) if (a.Span.Overlaps(c.Span)) return a.Role;
        return EventModel.NoRole;
    }

    private static List<(double, bool)> TriggerPoints(EventModel model, List<DocumentView> views)
    {
        var points = new List<(double, bool)>();
        foreach (var view in views)
        {
            var gold = GoldTriggerTypes(view);
            for (int t = 0; t < view.Words.Length; t++)
            {
                if (!TriggerFeatures.IsCandidate(view, t)) continue;
                var (type, p) = model.BestTriggerType(view, t);
                // Candidates the model is sure are no trigger never reach a threshold; leaving them out fits the
                // calibration where decisions are made.
                if (p >= 0.05) points.Add((p, gold[t] == type));
            }
        }
        return points;
    }

    private static List<(double, bool)> ArgumentPoints(EventModel model, List<DocumentView> views)
    {
        var points = new List<(double, bool)>();
        foreach (var view in views)
            foreach (var ev in view.Document.Events)
                foreach (var (c, role, p) in model.ScoreCandidates(view, ev.Type, ev.Trigger))
                    if (role != EventModel.NoRole && p >= 0.05) points.Add((p, GoldRole(ev, c) == role));
        return points;
    }
}
