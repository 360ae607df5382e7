using System.Collections.Immutable;
using Nlp.Core.Model;
using Nlp.Core.Schema;
using Nlp.Core.Scoring;
using Nlp.Models.Extraction;

namespace Nlp.Models.Events;

/// <summary>
/// The trained event extractor (immutable; <see cref="EventTrainer"/> fits one). Triggers: each token is classified
/// into an event type or none, and kept when its calibrated confidence reaches the type's threshold. Arguments:
/// each candidate span of the trigger's sentence (and the sentence before) gets the most probable role of THAT event
/// type or none: roles outside the type are masked before decoding, so they can never be output.
/// An event's confidence is its trigger's.
/// </summary>
public sealed class EventModel
{
    public const string Kind = "events";
    public const string None = "O";
    public const string NoRole = "None";
    public const string TriggerFile = "triggers.maxent.gz", ArgumentFile = "arguments.maxent.gz";

    internal EventModel(AnnotationSchema schema, MaxEntClassifier triggers, MaxEntClassifier arguments, Lexicon lexicon, ModelManifest manifest)
    {
        Schema = schema;
        Triggers = triggers;
        Arguments = arguments;
        Lexicon = lexicon;
        Manifest = manifest;
        _triggerFeatures = new TriggerFeatures(lexicon);
        _argumentFeatures = new ArgumentFeatures(lexicon);
        _candidates = new ArgumentCandidates(lexicon);
        Thresholds = manifest.Thresholds;
    }

    private readonly TriggerFeatures _triggerFeatures;
    private readonly ArgumentFeatures _argumentFeatures;
    private readonly ArgumentCandidates _candidates;

    public AnnotationSchema Schema { get; }
    public MaxEntClassifier Triggers { get; }
    public MaxEntClassifier Arguments { get; }
    public Lexicon Lexicon { get; }
    public ModelManifest Manifest { get; }
    public IReadOnlyDictionary<string, double> Thresholds { get; private init; }

    /// <summary>A copy that uses other thresholds (per event type, per "TYPE.Role", or "*"), e.g. from a command-line option.</summary>
    public EventModel WithThresholds(IReadOnlyDictionary<string, double> overrides) =>
        new(Schema, Triggers, Arguments, Lexicon, Manifest) { Thresholds = ThresholdOverrides.Merge(Manifest.Thresholds, overrides) };

    public EventModel WithManifest(ModelManifest manifest) => new(Schema, Triggers, Arguments, Lexicon, manifest);

    private double Threshold(string key, string fallbackKey) =>
        Thresholds.TryGetValue(key, out var t) ? t : Thresholds.TryGetValue(fallbackKey, out var f) ? f : Thresholds.TryGetValue("*", out var d) ? d : 0.5;

    private PlattCalibrator Calibrator(string name) => Manifest.Calibration.TryGetValue(name, out var c) ? c : PlattCalibrator.Identity;

    /// <summary>Events of a segmented document with entities; replaces the document's events.</summary>
    public Document Predict(Document document)
    {
        var view = new DocumentView(document);
        var events = ImmutableArray.CreateBuilder<Event>();
        var triggerCal = Calibrator("trigger");
        for (int t = 0; t < view.Words.Length; t++)
        {
            if (!TriggerFeatures.IsCandidate(view, t)) continue;
            var (type, raw) = BestTriggerType(view, t);
            double confidence = triggerCal.Calibrate(raw);
            if (confidence < Threshold(type, "trigger")) continue;
            var trigger = view.Tokens[t];
            var arguments = PredictArguments(view, type, trigger);
            events.Add(new Event($"E{events.Count + 1}", type, trigger, arguments, Math.Round(confidence, 4)));
        }
        return document with { Events = events.ToImmutable() };
    }

    /// <summary>The most probable event type of a token (never "none") and its raw probability.</summary>
    internal (string Type, double Probability) BestTriggerType(DocumentView view, int t)
    {
        var p = Triggers.Probabilities(_triggerFeatures.Extract(view, t));
        int best = -1;
        for (int l = 0; l < p.Length; l++)
            if (Triggers.Labels[l] != None && (best < 0 || p[l] > p[best])) best = l;
        return (Triggers.Labels[best], p[best]);
    }

    /// <summary>Arguments of an event whose type and trigger are given (gold or predicted).</summary>
    public ImmutableArray<Argument> PredictArguments(DocumentView view, string type, Span trigger)
    {
        var result = ImmutableArray.CreateBuilder<Argument>();
        var argCal = Calibrator("argument");
        foreach (var (candidate, role, raw) in ScoreCandidates(view, type, trigger))
        {
            if (role == NoRole) continue;
            double confidence = argCal.Calibrate(raw);
            if (confidence < Threshold(type + "." + role, "argument")) continue;
            result.Add(new Argument(role, candidate.Span, Math.Round(confidence, 4)));
        }
        return result.ToImmutable();
    }

    /// <summary>
    /// For each candidate: the best role of the event type (or <see cref="NoRole"/>) and the raw probability of the
    /// best real role after masking every role the type does not have and renormalizing.
    /// </summary>
    internal IEnumerable<(ArgumentCandidate Candidate, string Role, double Probability)> ScoreCandidates(DocumentView view, string type, Span trigger)
    {
        var allowed = AllowedRoleMask(type);
        var (tFirst, tEnd) = view.TokenRange(trigger);
        var candidates = _candidates.For(view, trigger);
        foreach (var c in candidates)
        {
            var p = Arguments.Probabilities(_argumentFeatures.Extract(view, type, tFirst, tEnd, c, candidates));
            double sum = 0;
            for (int l = 0; l < p.Length; l++) { if (!allowed[l]) p[l] = 0; sum += p[l]; }
            int best = -1;
            for (int l = 0; l < p.Length; l++)
                if (allowed[l] && Arguments.Labels[l] != NoRole && (best < 0 || p[l] > p[best])) best = l;
            if (best < 0) { yield return (c, NoRole, 0); continue; }
            yield return (c, Arguments.Labels[best], sum > 0 ? p[best] / sum : 0);
        }
    }

    private readonly Dictionary<string, bool[]> _masks = new();

    /// <summary>Which argument-classifier labels the event type may output: its own roles and "none".</summary>
    internal bool[] AllowedRoleMask(string type)
    {
        lock (_masks)
        {
            if (_masks.TryGetValue(type, out var mask)) return mask;
            mask = Arguments.Labels.Select(l => l == NoRole || Schema.RoleBelongsTo(type, l)).ToArray();
            _masks[type] = mask;
            return mask;
        }
    }

    /// <summary>Scores predictions on gold documents: their entities are given, their events predicted.</summary>
    public EvaluationReport Score(IEnumerable<Document> gold)
    {
        var golds = gold.Select(g => g with { Relations = ImmutableArray<Relation>.Empty }).ToList();
        return Scorer.Score(golds, golds.Select(g => Predict(g with { Events = ImmutableArray<Event>.Empty })));
    }

    public void Save(string directory)
    {
        Directory.CreateDirectory(directory);
        Triggers.Save(Path.Combine(directory, TriggerFile));
        Arguments.Save(Path.Combine(directory, ArgumentFile));
        Lexicon.Save(Path.Combine(directory, Lexicon.FileName));
        Manifest.Save(directory);
    }

    public static EventModel Load(string directory)
    {
        var manifest = ModelManifest.Load(directory);
        if (manifest.Kind != Kind)
            throw new InvalidDataException($"{directory}: a '{manifest.Kind}' model, not an events model");
        var schema = Schemas.ByName(manifest.Schema);
        return new EventModel(schema,
            MaxEntClassifier.Load(Path.Combine(directory, TriggerFile)),
            MaxEntClassifier.Load(Path.Combine(directory, ArgumentFile)),
            Lexicon.Load(Path.Combine(directory, Lexicon.FileName)),
            manifest);
    }
}
