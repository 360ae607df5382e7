using System.Collections.Immutable;
using Newtonsoft.Json.Linq;
using Nlp.Core.Learning;
using Nlp.Core.Manifests;
using Nlp.Core.Model;
using Nlp.Core.Schema;
using Nlp.Models.Contextual;
using Nlp.Models.MaxEnt;

namespace Nlp.Models.Events;

/// <summary>
/// Fits an <see cref="EventModel"/>: a trigger classifier over tokens and an argument classifier over
/// (gold trigger, candidate span) pairs, both maximum-entropy models on sparse lexical features. Confidences are
/// calibrated by Platt scaling on out-of-fold predictions of the training documents (cross-fitting), so the dev set
/// stays an honest measure of both accuracy and calibration.
/// </summary>
public sealed class EventTrainer(AnnotationSchema schema, Lexicon lexicon, EventTrainerSettings settings) : ILearner<EventModel>
{
    public AnnotationSchema Schema { get; } = schema;
    public Lexicon Lexicon { get; } = lexicon;
    public EventTrainerSettings Settings { get; } = settings;

    /// <summary>Called with progress lines ("stage: ...").</summary>
    public Action<string>? Progress { get; init; }

    /// <summary>The recipe <see cref="Train"/> records (command and data files; the settings are the trainer's).</summary>
    public TrainingRecipe Recipe { get; init; } = new() { Command = "nlp train events" };

    /// <summary><see cref="Fit"/> with <see cref="Recipe"/>. The fit is convex or a fixed number of epochs, with no
    /// epoch chosen on dev, so the best model is the last.</summary>
    public Trained<EventModel> Train(IReadOnlyList<Document> train, IReadOnlyList<Document> dev)
    {
        var model = Fit(train, dev, new ModelManifest { Kind = EventModel.Kind, Recipe = Recipe });
        return new Trained<EventModel>(model, model);
    }

    /// <summary>The context reader fitted by <see cref="Fit"/> when the settings name an encoder.</summary>
    ContextReader? _context;

    /// <summary>
    /// Trains on segmented documents with gold entities and events. Thresholds are chosen for the best F1 on
    /// cross-fitted (out-of-fold) predictions of the training documents; confidences are calibrated on the final
    /// model's raw probabilities on <paramref name="dev"/> (or, without dev, on the out-of-fold predictions).
    /// </summary>
    public EventModel Fit(IReadOnlyList<Document> train, IReadOnlyList<Document>? dev, ModelManifest manifestTemplate)
    {
        // A document teaches events only where they were reviewed: one whose user corrected only the entities has
        // not said that it holds no events (ReviewedLayers). Its entities, reviewed or not, are the events' input.
        train = ReviewedLayers.For(train, Layer.Events);
        dev = dev is null ? null : ReviewedLayers.For(dev, Layer.Events);
        if (train.Count == 0) throw new ArgumentException("No training document has its events reviewed (meta.reviewed).");
        _context = Settings.ContextEncoder is { } encoder
            ? ContextReader.Fit(encoder, train, Settings.ContextClusterSizes, Settings.Seed, Progress) : null;
        var views = train.Select(d => ContextReader.View(_context, d)).ToList();
        var triggerLabels = new[] { EventModel.None }.Concat(Schema.EventTypes).ToList();
        var roleLabels = new[] { EventModel.NoRole }.Concat(RoleGroups.All(Schema)).ToList();

        var singleValued = SingleValuedRoles(views);
        Progress?.Invoke($"single-valued roles: {string.Join(", ", singleValued)}");
        var phrases = TriggerPhrases(views);
        Progress?.Invoke($"multi-word triggers: {string.Join(", ", phrases)}");
        var triggerFree = TriggerFreeEntityLabels(views);
        Progress?.Invoke($"entity labels that never hold a trigger: {string.Join(", ", triggerFree)}");
        var decoding = new JObject
        {
            [EventModel.SingleValuedRolesKey] = new JArray(singleValued), [EventModel.TriggerPhrasesKey] = new JArray(phrases),
            [EventModel.TriggerFreeEntityLabelsKey] = new JArray(triggerFree),
        };
        // Raw models decode like the final one but with the identity calibrator and everything above 0.05 kept, so
        // that thresholds and calibration are fitted on the arguments decoding really outputs.
        var rawTemplate = manifestTemplate.WithDecoding(Schema.Name, decoding) with { Thresholds = new Dictionary<string, double> { ["*"] = 0.05 } };

        // Cross-fitting: models trained without fold k predict fold k.
        int folds = Math.Max(2, Settings.CalibrationFolds);
        var triggerPoints = new List<(double, bool)>[folds];
        var typedTriggerPoints = new List<(string Type, double Raw, bool Correct)>[folds];
        var argumentPoints = new List<(double, bool)>[folds];
        var foldModels = new (EventModel Model, List<DocumentView> HeldOut)[folds];
        Parallel.For(0, folds, new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, Settings.Threads) }, k =>
        {
            var inFold = views.Where((_, i) => i % folds != k).ToList();
            var heldOut = views.Where((_, i) => i % folds == k).ToList();
            var model = FitClassifiers(inFold, triggerLabels, roleLabels, rawTemplate, $"fold {k + 1}/{folds}", verbose: false);
            typedTriggerPoints[k] = TypedTriggerPoints(model, heldOut);
            triggerPoints[k] = typedTriggerPoints[k].Select(p => (p.Raw, p.Correct)).ToList();
            argumentPoints[k] = ArgumentPoints(model, heldOut).Select(p => (p.Raw, p.Correct)).ToList();
            foldModels[k] = (model, heldOut);
            Progress?.Invoke($"cross-fit fold {k + 1}/{folds}: {triggerPoints[k].Count} trigger and {argumentPoints[k].Count} argument points");
        });
        var oofTriggers = triggerPoints.SelectMany(p => p).ToList();
        var oofArguments = argumentPoints.SelectMany(p => p).ToList();
        double triggerRaw = Settings.TriggerThreshold ?? ThresholdSearch.BestF1Threshold(oofTriggers, views.Sum(v => v.Document.Events.Length));
        double argumentRaw = Settings.ArgumentThreshold ?? ThresholdSearch.BestF1Threshold(oofArguments, views.Sum(v => v.Document.Events.Sum(e => e.Arguments.Length)));
        Progress?.Invoke($"raw-probability thresholds (best out-of-fold F1): trigger {triggerRaw}, argument {argumentRaw}");
        int goldArguments = views.Sum(v => v.Document.Events.Sum(e => e.Arguments.Length));
        Progress?.Invoke($"out-of-fold argument F1 on gold triggers: {OutOfFoldF1(oofArguments, argumentRaw, goldArguments):F2}");
        // A type with enough training events gets its own threshold: rare types (TRAVEL, RECRUIT) get lower
        // probabilities from the classifier than frequent ones, and one cut-off for all would silence them.
        var typeRaw = new Dictionary<string, double>();
        if (Settings.TriggerThreshold is null)
            foreach (var type in Schema.EventTypes)
            {
                int gold = views.Sum(v => v.Document.Events.Count(e => e.Type == type));
                if (gold < Settings.MinEventsForTypeThreshold) continue;
                var pts = typedTriggerPoints.SelectMany(p => p).Where(p => p.Type == type).Select(p => (p.Raw, p.Correct)).ToList();
                typeRaw[type] = ThresholdSearch.BestF1Threshold(pts, gold, triggerRaw);
            }
        Progress?.Invoke($"per-type trigger thresholds: {string.Join(", ", typeRaw.Select(p => $"{p.Key} {p.Value}"))}");
        var oofTyped = typedTriggerPoints.SelectMany(p => p).Select(p => (p.Raw >= typeRaw.GetValueOrDefault(p.Type, triggerRaw) ? 1.0 : 0.0, p.Correct)).ToList();
        Progress?.Invoke($"out-of-fold trigger F1: {OutOfFoldF1(oofTyped, 0.5, views.Sum(v => v.Document.Events.Length)):F2}");

        // Propagation out of fold as decoding does it: seeds are the arguments that pass the chosen threshold, and a
        // member that passes it on its own keeps its own argument.
        var atThreshold = new Dictionary<string, double> { ["*"] = argumentRaw };
        var oofPropagated = foldModels.SelectMany(f => PropagatedPoints(f.Model.WithThresholds(atThreshold), f.HeldOut)).ToList();
        int propagatedRight = oofPropagated.Count(p => p.Item2);
        Progress?.Invoke($"list propagation, out of fold on gold triggers: {oofPropagated.Count} members given their seed's role, {propagatedRight} right");
        var propagationReport = new JObject { ["propagated_decisions"] = oofPropagated.Count, ["propagated_right"] = propagatedRight };
        PlattCalibrator? propagated = null;
        if (Settings.PropagateLists && propagatedRight >= MinPropagatedEach && oofPropagated.Count - propagatedRight >= MinPropagatedEach)
        {
            propagated = PlattCalibrator.Fit(oofPropagated);
            Progress?.Invoke($"calibration of propagated arguments (out of fold): A={propagated.A:F3} B={propagated.B:F3}");
        }

        var final = FitClassifiers(views, triggerLabels, roleLabels, rawTemplate, "final", verbose: true);
        return Finish(final, dev, triggerRaw, argumentRaw, typeRaw, decoding, manifestTemplate, triggerLabels,
            () => (PlattCalibrator.Fit(oofTriggers), PlattCalibrator.Fit(oofArguments), "out-of-fold training predictions"),
            propagated, propagationReport);
    }

    /// <summary>
    /// Calibration (on dev, else <paramref name="fallback"/>'s) and the manifest: thresholds chosen on raw probabilities
    /// are stored as calibrated confidences, the unit a user overrides them in.
    /// </summary>
    private EventModel Finish(EventModel final, IReadOnlyList<Document>? dev, double triggerRaw, double argumentRaw,
        Dictionary<string, double> typeRaw, JObject decoding, ModelManifest manifestTemplate, List<string> triggerLabels,
        Func<(PlattCalibrator Trigger, PlattCalibrator Argument, string Source)> fallback,
        PlattCalibrator? propagated, JObject? propagationReport = null)
    {
        PlattCalibrator triggerCal, argumentCal;
        var calibrationReport = new JObject();
        if (dev is { Count: > 0 })
        {
            var devViews = dev.Select(d => ContextReader.View(_context, d)).ToList();
            var (tc, _, tEce, tN) = CalibrationFit.Fit(TriggerPoints(final, devViews), triggerRaw);
            var (ac, _, aEce, aN) = CalibrationFit.Fit(ArgumentPoints(final, devViews), argumentRaw);
            (triggerCal, argumentCal) = (tc, ac);
            calibrationReport["source"] = "dev";
            calibrationReport["trigger_ece_crossfitted_on_dev"] = tEce is { } te ? Math.Round(te, 4) : null;
            calibrationReport["trigger_decisions"] = tN;
            calibrationReport["argument_ece_crossfitted_on_dev_gold_triggers"] = aEce is { } ae ? Math.Round(ae, 4) : null;
            calibrationReport["argument_decisions"] = aN;
        }
        else
        {
            (triggerCal, argumentCal, var source) = fallback();
            calibrationReport["source"] = source;
        }
        Progress?.Invoke($"calibration ({calibrationReport["source"]}): trigger A={triggerCal.A:F3} B={triggerCal.B:F3}, argument A={argumentCal.A:F3} B={argumentCal.B:F3}");

        var calibrators = new Dictionary<string, PlattCalibrator> { ["trigger"] = triggerCal, ["argument"] = argumentCal };
        if (propagated is not null) calibrators[EventModel.PropagatedKey] = propagated;
        foreach (var (key, value) in propagationReport ?? []) calibrationReport[key] = value;

        var manifest = manifestTemplate.WithDecoding(Schema.Name, decoding) with
        {
            Kind = EventModel.Kind,
            Labels = triggerLabels.Skip(1).ToList(),
            Recipe = manifestTemplate.Recipe with
            {
                Settings = ManifestFile.ToJson(Settings), Seed = Settings.Seed, Encoder = Settings.ContextEncoder,
            },
            Calibration = calibrators.Parameters(),
            // Stored as calibrated confidences, the unit a user overrides them in.
            Thresholds = new Dictionary<string, double>
            {
                ["trigger"] = Math.Round(triggerCal.Calibrate(triggerRaw), 4),
                ["argument"] = Math.Round(argumentCal.Calibrate(argumentRaw), 4),
            }.Concat(typeRaw.Select(p => KeyValuePair.Create(p.Key, Math.Round(triggerCal.Calibrate(p.Value), 4)))).ToDictionary(),
            Scores = new JObject { ["calibration"] = calibrationReport },
        };
        return final.WithManifest(manifest);
    }

    /// <summary>
    /// A warm start (finetune) from <paramref name="start"/>: both classifiers begin at its weights, features it never
    /// saw at zero, and are fitted on <paramref name="train"/> (corrections, usually mixed with a replay sample of the
    /// original training data) with the L2 penalty centred on its weights (<see cref="MaxEntFitting.Fit"/>). The
    /// features are read as the start model reads them (its lexicon, context clusters and path-feature setting). No
    /// cross-fit: the start model saw the replay documents, so out-of-fold predictions of them would flatter it; the
    /// start model's raw-probability thresholds are kept, and the calibration is refitted on dev as <see cref="Fit"/>
    /// does (without dev, the start model's is kept). Decoding keeps the start model's rules, adding the multi-word
    /// triggers of <paramref name="train"/> and dropping the trigger-free entity labels it puts a trigger in.
    /// </summary>
    public EventModel Finetune(EventModel start, IReadOnlyList<Document> train, IReadOnlyList<Document>? dev)
    {
        train = ReviewedLayers.For(train, Layer.Events);
        dev = dev is null ? null : ReviewedLayers.For(dev, Layer.Events);
        if (train.Count == 0) throw new ArgumentException("No training document has its events reviewed (meta.reviewed).");
        var startSettings = ManifestFile.As<EventTrainerSettings>(start.Manifest.Recipe.Settings);
        var settings = Settings with
        {
            ArgumentPathFeatures = startSettings.ArgumentPathFeatures, ContextEncoder = start.Context?.EncoderName,
            ContextClusterSizes = startSettings.ContextClusterSizes,
        };
        var trainer = new EventTrainer(start.Schema, start.Lexicon, settings) { Progress = Progress, Recipe = Recipe, _context = start.Context };
        return trainer.FinetuneFrom(start, train, dev, new ModelManifest { Kind = EventModel.Kind, Recipe = Recipe });
    }

    private EventModel FinetuneFrom(EventModel start, IReadOnlyList<Document> train, IReadOnlyList<Document>? dev, ModelManifest manifestTemplate)
    {
        var views = train.Select(d => ContextReader.View(_context, d)).ToList();
        var triggerLabels = start.Triggers.Labels.ToList();
        var roleLabels = start.Arguments.Labels.ToList();
        var decoding = (JObject)start.Manifest.Decoding().DeepClone();
        decoding[EventModel.TriggerPhrasesKey] = new JArray(Strings(decoding[EventModel.TriggerPhrasesKey]).Union(TriggerPhrases(views)).Order(StringComparer.Ordinal));
        var holding = LabelsHoldingTriggers(views);
        decoding[EventModel.TriggerFreeEntityLabelsKey] = new JArray(Strings(decoding[EventModel.TriggerFreeEntityLabelsKey]).Where(l => !holding.Contains(l)));
        Progress?.Invoke($"finetune: {views.Count} documents, {views.Sum(v => v.Document.Events.Length)} events");
        var rawTemplate = manifestTemplate.WithDecoding(Schema.Name, decoding) with { Thresholds = new Dictionary<string, double> { ["*"] = 0.05 } };
        var final = FitClassifiers(views, triggerLabels, roleLabels, rawTemplate, "finetune", verbose: true, start);

        // The start model's thresholds, back to raw probabilities through its own calibrators.
        var startTrigger = start.Manifest.Calibrator("trigger") ?? PlattCalibrator.Identity;
        var startArgument = start.Manifest.Calibrator("argument") ?? PlattCalibrator.Identity;
        var thresholds = start.Manifest.Thresholds;
        double triggerRaw = startTrigger.Uncalibrate(thresholds.GetValueOrDefault("trigger", 0.5));
        double argumentRaw = startArgument.Uncalibrate(thresholds.GetValueOrDefault("argument", 0.5));
        var typeRaw = start.Schema.EventTypes.Where(thresholds.ContainsKey).ToDictionary(t => t, t => startTrigger.Uncalibrate(thresholds[t]));
        // No cross-fit here, so list propagation keeps the start model's calibrator (when it has one and propagates).
        var propagated = Settings.PropagateLists ? start.Manifest.Calibrator(EventModel.PropagatedKey) : null;
        return Finish(final, dev, triggerRaw, argumentRaw, typeRaw, decoding, manifestTemplate, triggerLabels,
            () => (startTrigger, startArgument, "the start model's (finetuned without dev)"), propagated);
    }

    private static IReadOnlyList<string> Strings(JToken? token) => (token as JArray)?.Select(t => (string)t!).ToList() ?? [];

    private EventModel FitClassifiers(List<DocumentView> views, List<string> triggerLabels, List<string> roleLabels,
        ModelManifest template, string name, bool verbose, EventModel? prior = null)
    {
        var options = new MaxEntFitting.Options(Settings.Optimizer, Settings.L2, Settings.MinFeatureCount, Settings.Seed,
            Settings.Epochs, Settings.LearningRate, Settings.MaxIterations);
        var features = new TriggerFeatures(Lexicon);
        var triggerData = new List<(IReadOnlyList<string>, string)>();
        foreach (var view in views)
        {
            var gold = GoldTriggerTypes(view);
            for (int t = 0; t < view.Words.Length; t++)
                if (TriggerFeatures.IsCandidate(view, t) || gold[t] is not null)
                    triggerData.Add((features.Extract(view, t), gold[t] ?? EventModel.None));
        }
        var triggers = MaxEntFitting.Fit(options, triggerData, triggerLabels, $"{name} triggers", verbose ? Progress : null, prior?.Triggers);

        var argumentData = new List<(IReadOnlyList<string>, string)>();
        var candidates = new ArgumentCandidates(Lexicon);
        var argFeatures = new ArgumentFeatures(Lexicon, Settings.ArgumentPathFeatures);
        foreach (var view in views)
        {
            var triggerTokens = EventModel.TriggerTokens(view, view.Document.Events.Select(e => e.Trigger));
            foreach (var ev in view.Document.Events)
            {
                var (tFirst, tEnd) = view.TokenRange(ev.Trigger);
                if (tEnd <= tFirst) continue;
                var cands = candidates.For(view, ev.Trigger);
                foreach (var c in cands)
                {
                    var role = GoldRole(ev, c);
                    argumentData.Add((argFeatures.Extract(view, ev.Type, tFirst, tEnd, c, cands, triggerTokens),
                        role == EventModel.NoRole ? role : RoleGroups.GroupOf(ev.Type, role)));
                }
            }
        }
        var arguments = MaxEntFitting.Fit(options, argumentData, roleLabels, $"{name} arguments", verbose ? Progress : null, prior?.Arguments);
        if (verbose) Progress?.Invoke($"{name}: {triggerData.Count} trigger candidates, {argumentData.Count} argument candidates, " +
                                      $"{triggers.FeatureCount} + {arguments.FeatureCount} features");
        return new EventModel(Schema, triggers, arguments, Lexicon, template with { Kind = EventModel.Kind }, _context);
    }

    private static double OutOfFoldF1(IReadOnlyList<(double Raw, bool Correct)> points, double threshold, int gold)
    {
        var kept = points.Where(p => p.Raw >= threshold).ToList();
        return kept.Count + gold == 0 ? 0 : 200.0 * kept.Count(p => p.Correct) / (kept.Count + gold);
    }

    /// <summary>The multi-token triggers of the training data, as lower-case token sequences.</summary>
    internal static List<string> TriggerPhrases(IEnumerable<DocumentView> views)
    {
        var phrases = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var view in views)
            foreach (var ev in view.Document.Events)
            {
                var (first, end) = view.TokenRange(ev.Trigger);
                if (end - first >= 2 && end - first <= 4)
                    phrases.Add(string.Join(' ', view.Words[first..end].Select(w => w.ToLowerInvariant())));
            }
        return phrases.ToList();
    }

    /// <summary>Roles ("TYPE.Role") that repeat within an event in under 10% of the events that have them.</summary>
    internal static List<string> SingleValuedRoles(IEnumerable<DocumentView> views)
    {
        var having = new Dictionary<string, int>();
        var repeating = new Dictionary<string, int>();
        foreach (var ev in views.SelectMany(v => v.Document.Events))
            foreach (var g in ev.Arguments.GroupBy(a => ev.Type + "." + a.Role))
            {
                having[g.Key] = having.GetValueOrDefault(g.Key) + 1;
                if (g.Count() > 1) repeating[g.Key] = repeating.GetValueOrDefault(g.Key) + 1;
            }
        return having.Where(p => repeating.GetValueOrDefault(p.Key) < 0.1 * p.Value).Select(p => p.Key).OrderBy(k => k, StringComparer.Ordinal).ToList();
    }

    /// <summary>Mentions a label needs in training before "no trigger inside it" is trusted as a rule.</summary>
    internal const int MinMentionsForTriggerFreeLabel = 10;

    /// <summary>
    /// Entity labels inside whose mentions no training trigger lies, among labels with enough mentions to say so.
    /// Annotators mark events in the prose, not in names: "Deportation" in the book title "The Soviet Deportation
    /// of Nationalities" (WORK_OF_ART) reports no event, nor "decree" in the LAW "decree 00485".
    /// </summary>
    internal static List<string> TriggerFreeEntityLabels(IEnumerable<DocumentView> documentViews)
    {
        var views = documentViews.ToList();
        var mentions = new Dictionary<string, int>();
        foreach (var entity in views.SelectMany(v => v.Entities))
            mentions[entity.Label] = mentions.GetValueOrDefault(entity.Label) + 1;
        var holding = LabelsHoldingTriggers(views);
        return mentions.Where(p => p.Value >= MinMentionsForTriggerFreeLabel && !holding.Contains(p.Key))
            .Select(p => p.Key).OrderBy(k => k, StringComparer.Ordinal).ToList();
    }

    /// <summary>Entity labels with a mention that a trigger overlaps.</summary>
    internal static HashSet<string> LabelsHoldingTriggers(IEnumerable<DocumentView> views)
    {
        var holding = new HashSet<string>(StringComparer.Ordinal);
        foreach (var view in views)
            foreach (var entity in view.Entities)
                if (view.Document.Events.Any(e => e.Trigger.Start < entity.Span.End && entity.Span.Start < e.Trigger.End))
                    holding.Add(entity.Label);
        return holding;
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

    private static List<(string Type, double Raw, bool Correct)> TypedTriggerPoints(EventModel model, List<DocumentView> views)
    {
        var points = new List<(string, double, bool)>();
        foreach (var view in views)
        {
            var gold = GoldTriggerTypes(view);
            for (int t = 0; t < view.Words.Length; t++)
            {
                if (!model.IsTriggerCandidate(view, t)) continue;
                var (type, p) = model.BestTriggerType(view, t);
                if (p >= 0.05) points.Add((type, p, gold[t] == type));
            }
        }
        return points;
    }

    private static List<CalibrationFit.Point> TriggerPoints(EventModel model, List<DocumentView> views)
    {
        var points = new List<CalibrationFit.Point>();
        for (int d = 0; d < views.Count; d++)
        {
            var view = views[d];
            var gold = GoldTriggerTypes(view);
            for (int t = 0; t < view.Words.Length; t++)
            {
                if (!model.IsTriggerCandidate(view, t)) continue;
                var (type, p) = model.BestTriggerType(view, t);
                // Candidates the model is sure are no trigger never reach a threshold; leaving them out fits the
                // calibration where decisions are made.
                if (p >= 0.05) points.Add(new(d, p, gold[t] == type));
            }
        }
        return points;
    }

    /// <summary>Right and wrong propagated arguments both need this many out-of-fold examples before a model propagates.</summary>
    internal const int MinPropagatedEach = 10;

    /// <summary>
    /// The list members a model without a propagation calibrator would give their seed's role on the GOLD events: the
    /// seed's raw probability and whether the gold event has an argument of that role overlapping the member.
    /// </summary>
    private static List<(double, bool)> PropagatedPoints(EventModel model, List<DocumentView> views)
    {
        var points = new List<(double, bool)>();
        foreach (var view in views)
        {
            var triggerTokens = EventModel.TriggerTokens(view, view.Document.Events.Select(e => e.Trigger));
            foreach (var ev in view.Document.Events)
                foreach (var (a, seed) in model.DecodeArguments(view, ev.Type, ev.Trigger, triggerTokens, propagate: true))
                    if (seed is { } raw) points.Add((raw, ev.Arguments.Any(g => g.Role == a.Role && g.Span.Overlaps(a.Span))));
        }
        return points;
    }

    /// <summary>Arguments decoded for the GOLD events (identity calibration), each with whether it is correct.</summary>
    private static List<CalibrationFit.Point> ArgumentPoints(EventModel model, List<DocumentView> views)
    {
        var points = new List<CalibrationFit.Point>();
        for (int d = 0; d < views.Count; d++)
        {
            var view = views[d];
            var triggerTokens = EventModel.TriggerTokens(view, view.Document.Events.Select(e => e.Trigger));
            foreach (var ev in view.Document.Events)
            {
                var left = ev.Arguments.ToList();
                foreach (var a in model.PredictArguments(view, ev.Type, ev.Trigger, triggerTokens).OrderByDescending(a => a.Confidence))
                {
                    int g = left.FindIndex(x => x.Role == a.Role && x.Span.Overlaps(a.Span));
                    if (g >= 0) left.RemoveAt(g);
                    points.Add(new(d, a.Confidence ?? 0, g >= 0));
                }
            }
        }
        return points;
    }
}
