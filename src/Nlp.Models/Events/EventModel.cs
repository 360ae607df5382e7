using System.Collections.Immutable;
using Nlp.Core.Learning;
using Nlp.Core.Manifests;
using Nlp.Core.Model;
using Nlp.Core.Schema;
using Nlp.Core.Scoring;
using Nlp.Models.Contextual;
using Nlp.Models.Extraction;

namespace Nlp.Models.Events;

/// <summary>
/// The trained event extractor (immutable; <see cref="EventTrainer"/> fits one). Triggers: each token is classified
/// into an event type or none, and kept when its calibrated confidence reaches the type's threshold. Arguments:
/// each candidate span of the trigger's sentence (and the sentence before) gets the most probable role of THAT event
/// type or none: roles outside the type are masked before decoding, so they can never be output.
/// An event's confidence is its trigger's.
/// </summary>
public sealed class EventModel : ILearnedModel<EventModel>
{
    public static string Kind => "events";
    public static Layer Reads => Layer.Tokens | Layer.Sentences | Layer.Entities;
    public static Layer Writes => Layer.Events;
    public const string None = "O";
    public const string NoRole = "None";
    public const string TriggerFile = "triggers.maxent.gz", ArgumentFile = "arguments.maxent.gz";
    /// <summary>Keys of the manifest's decoding constraints and settings.</summary>
    public const string SingleValuedRolesKey = "single_valued_roles", TriggerPhrasesKey = "trigger_phrases",
        TriggerFreeEntityLabelsKey = "trigger_free_entity_labels", ArgumentPathFeaturesSetting = "argument_path_features";

    internal EventModel(AnnotationSchema schema, MaxEntClassifier triggers, MaxEntClassifier arguments, Lexicon lexicon, ModelManifest manifest,
        ContextReader? context = null)
    {
        Context = context;
        Schema = schema;
        Triggers = triggers;
        Arguments = arguments;
        Lexicon = lexicon;
        Manifest = manifest;
        _triggerFeatures = new TriggerFeatures(lexicon);
        // Models trained before the setting existed have no entry: they were trained without path features.
        _argumentFeatures = new ArgumentFeatures(lexicon, manifest.Recipe.Settings.Value<bool?>(ArgumentPathFeaturesSetting) ?? false);
        _candidates = new ArgumentCandidates(lexicon);
        Thresholds = manifest.Thresholds;
        var decoding = manifest.Decoding();
        SingleValuedRoles = Strings(decoding[SingleValuedRolesKey]).ToHashSet();
        TriggerPhrases = Strings(decoding[TriggerPhrasesKey]).OrderByDescending(p => p.Count(c => c == ' ')).ToList();
        // Models trained before the constraint existed have no entry and predict as they did.
        TriggerFreeEntityLabels = Strings(decoding[TriggerFreeEntityLabelsKey]).ToHashSet();
    }

    private static IReadOnlyList<string> Strings(Newtonsoft.Json.Linq.JToken? token) =>
        (token as Newtonsoft.Json.Linq.JArray)?.Select(t => (string)t!).ToList() ?? [];

    /// <summary>"TYPE.Role" keys that take at most one argument per event (learned: they almost never repeat in training).</summary>
    public IReadOnlySet<string> SingleValuedRoles { get; }

    /// <summary>Entity labels no trigger may lie inside (learned: no training trigger does, e.g. WORK_OF_ART titles).</summary>
    public IReadOnlySet<string> TriggerFreeEntityLabels { get; }

    /// <summary>The encoder and context clusters the classifiers read, or null for a model trained without.</summary>
    public ContextReader? Context { get; }

    /// <summary>The view the features of this model read: with context clusters when it has an encoder.</summary>
    public DocumentView View(Document document) => ContextReader.View(Context, document);

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
        new(Schema, Triggers, Arguments, Lexicon, Manifest, Context) { Thresholds = ThresholdOverrides.Merge(Manifest.Thresholds, overrides) };

    public EventModel WithManifest(ModelManifest manifest) => new(Schema, Triggers, Arguments, Lexicon, manifest, Context);

    private double Threshold(string key, string fallbackKey) =>
        Thresholds.TryGetValue(key, out var t) ? t : Thresholds.TryGetValue(fallbackKey, out var f) ? f : Thresholds.TryGetValue("*", out var d) ? d : 0.5;

    private PlattCalibrator Calibrator(string name) => Manifest.Calibrator(name) ?? PlattCalibrator.Identity;

    /// <summary>Events of a segmented document with entities; replaces the document's events.</summary>
    public Document Predict(Document document)
    {
        var view = View(document);
        var events = ImmutableArray.CreateBuilder<Event>();
        var triggerCal = Calibrator("trigger");
        var triggers = new List<(string Type, Span Trigger, double Confidence)>();
        for (int t = 0; t < view.Words.Length; t++)
        {
            if (!IsTriggerCandidate(view, t)) continue;
            var (type, raw) = BestTriggerType(view, t);
            double confidence = triggerCal.Calibrate(raw);
            if (confidence < Threshold(type, "trigger")) continue;
            triggers.Add((type, ExtendToPhrase(view, t), confidence));
        }
        // Arguments once all triggers are known: a trigger between an event and a candidate is a feature.
        var triggerTokens = TriggerTokens(view, triggers.Select(x => x.Trigger));
        foreach (var (type, trigger, confidence) in triggers)
        {
            var arguments = PredictArguments(view, type, trigger, triggerTokens);
            events.Add(new Event($"E{events.Count + 1}", type, trigger, arguments, Math.Round(confidence, 4)));
        }
        return document with { Events = events.ToImmutable() };
    }

    /// <summary>A token the trigger classifier is asked about: a candidate word outside trigger-free entities.</summary>
    internal bool IsTriggerCandidate(DocumentView view, int t) =>
        TriggerFeatures.IsCandidate(view, t)
        && !(view.EntityAt[t] >= 0 && TriggerFreeEntityLabels.Contains(view.Entities[view.EntityAt[t]].Label));

    /// <summary>
    /// Multi-word triggers seen in training ("civil war", "rounded up") are kept whole: a token that starts one is
    /// extended over the rest of the phrase.
    /// </summary>
    internal Span ExtendToPhrase(DocumentView view, int t)
    {
        foreach (var phrase in TriggerPhrases)
        {
            var parts = phrase.Split(' ');
            if (t + parts.Length > view.Words.Length) continue;
            bool match = true;
            for (int k = 0; k < parts.Length && match; k++)
                match = string.Equals(view.Words[t + k], parts[k], StringComparison.OrdinalIgnoreCase)
                        && view.SentenceOf[t + k] == view.SentenceOf[t];
            if (match) return new Span(view.Tokens[t].Start, view.Tokens[t + parts.Length - 1].End);
        }
        return view.Tokens[t];
    }

    /// <summary>Multi-word trigger phrases (lower case, tokens joined by one space), longest first.</summary>
    public IReadOnlyList<string> TriggerPhrases { get; }

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
    /// <remarks>
    /// The confidence estimates P(argument right | trigger right), calibrated on gold triggers. (Multiplying by the
    /// trigger's confidence, the probability under the scorer's rule, measured a worse ECE on dev.)
    /// </remarks>
    /// <param name="triggerTokens">the tokens of the document's triggers (<see cref="TriggerTokens"/>), or null when unknown</param>
    public ImmutableArray<Argument> PredictArguments(DocumentView view, string type, Span trigger, IReadOnlySet<int>? triggerTokens = null)
    {
        var argCal = Calibrator("argument");
        var scored = new List<Argument>();
        foreach (var (candidate, role, raw) in ScoreCandidates(view, type, trigger, triggerTokens))
        {
            if (role == NoRole) continue;
            double confidence = argCal.Calibrate(raw);
            if (confidence < Threshold(type + "." + role, "argument")) continue;
            scored.Add(new Argument(role, candidate.Span, Math.Round(confidence, 4)));
        }
        // Most confident first: a span overlapping a kept argument is dropped (an entity and the noun phrase
        // around it are one participant), and a single-valued role keeps its best filler only.
        var result = ImmutableArray.CreateBuilder<Argument>();
        foreach (var a in scored.OrderByDescending(a => a.Confidence).ThenBy(a => a.Span))
        {
            if (result.Any(k => k.Span.Overlaps(a.Span))) continue;
            if (SingleValuedRoles.Contains(type + "." + a.Role) && result.Any(k => k.Role == a.Role && !Coordinated(view, k.Span, a.Span))) continue;
            result.Add(a);
        }
        result.Sort((x, y) => x.Span.CompareTo(y.Span));
        return result.ToImmutable();
    }

    /// <summary>The tokens covered by the given trigger spans.</summary>
    public static IReadOnlySet<int> TriggerTokens(DocumentView view, IEnumerable<Span> triggers)
    {
        var tokens = new HashSet<int>();
        foreach (var trigger in triggers)
        {
            var (first, end) = view.TokenRange(trigger);
            for (int t = first; t < end; t++) tokens.Add(t);
        }
        return tokens;
    }

    /// <summary>"Czechs and Slovaks", "Ukraine, Belorussia": only commas and conjunctions between two spans.</summary>
    internal static bool Coordinated(DocumentView view, Span x, Span y)
    {
        var (first, second) = x.Start < y.Start ? (x, y) : (y, x);
        var (from, _) = view.TokenRange(new Span(first.End, first.End + 1));
        var (to, _) = view.TokenRange(new Span(second.Start, second.Start + 1));
        if (to <= from) return false;
        for (int t = from; t < to; t++)
            if (view.Words[t] is not ("and" or "or" or "," or "&")) return false;
        return true;
    }

    /// <summary>
    /// For each candidate: the best role of the event type (or <see cref="NoRole"/>) and the raw probability of the
    /// best real role after masking every role the type does not have and renormalizing.
    /// </summary>
    internal IEnumerable<(ArgumentCandidate Candidate, string Role, double Probability)> ScoreCandidates(DocumentView view, string type, Span trigger,
        IReadOnlySet<int>? triggerTokens = null)
    {
        var allowed = AllowedRoleMask(type);
        var (tFirst, tEnd) = view.TokenRange(trigger);
        var candidates = _candidates.For(view, trigger);
        foreach (var c in candidates)
        {
            var p = Arguments.Probabilities(_argumentFeatures.Extract(view, type, tFirst, tEnd, c, candidates, triggerTokens));
            double sum = 0;
            for (int l = 0; l < p.Length; l++) { if (!allowed[l]) p[l] = 0; sum += p[l]; }
            int best = -1;
            for (int l = 0; l < p.Length; l++)
                if (allowed[l] && Arguments.Labels[l] != NoRole && (best < 0 || p[l] > p[best])) best = l;
            if (best < 0) { yield return (c, NoRole, 0); continue; }
            // The mask guarantees the group maps to a role of this type.
            var role = RoleGroups.RoleOf(Schema, type, Arguments.Labels[best])!;
            yield return (c, role, sum > 0 ? p[best] / sum : 0);
        }
    }

    private readonly Dictionary<string, bool[]> _masks = new();

    /// <summary>Which argument-classifier labels (role groups) the event type may output: groups of its own roles, and none.</summary>
    internal bool[] AllowedRoleMask(string type)
    {
        lock (_masks)
        {
            if (_masks.TryGetValue(type, out var mask)) return mask;
            mask = Arguments.Labels.Select(l => l == NoRole || RoleGroups.RoleOf(Schema, type, l) is not null).ToArray();
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

    /// <summary>
    /// Argument scores with the GOLD triggers given (a diagnostic that separates argument errors from trigger errors),
    /// and the share of gold arguments that any candidate span overlaps (the recall ceiling of the candidates).
    /// </summary>
    public (EvaluationReport Report, int Covered, int Total) ScoreArgumentsOnGoldTriggers(IEnumerable<Document> gold, List<Document>? predictions = null)
    {
        var golds = gold.Select(g => g with { Relations = ImmutableArray<Relation>.Empty }).ToList();
        int covered = 0, total = 0;
        var predicted = new List<Document>();
        foreach (var g in golds)
        {
            var view = View(g);
            var events = ImmutableArray.CreateBuilder<Event>();
            var triggerTokens = TriggerTokens(view, g.Events.Select(e => e.Trigger));
            foreach (var ev in g.Events)
            {
                var cands = _candidates.For(view, ev.Trigger);
                foreach (var a in ev.Arguments)
                {
                    total++;
                    if (cands.Any(c => c.Span.Overlaps(a.Span))) covered++;
                }
                events.Add(ev with { Arguments = PredictArguments(view, ev.Type, ev.Trigger, triggerTokens), Confidence = 1 });
            }
            predicted.Add(g with { Events = events.ToImmutable() });
        }
        predictions?.AddRange(predicted);
        return (Scorer.Score(golds, predicted), covered, total);
    }

    /// <summary>Writes the model's files and then its manifest; returns the manifest with its content-hash version.</summary>
    public ModelManifest Save(string directory)
    {
        Directory.CreateDirectory(directory);
        Triggers.Save(Path.Combine(directory, TriggerFile));
        Arguments.Save(Path.Combine(directory, ArgumentFile));
        Lexicon.Save(Path.Combine(directory, Lexicon.FileName));
        Context?.Save(directory);
        return ManifestFile.Write(directory, Manifest with
        {
            Files = MaxEntManifest.ModelFiles(Context, (TriggerFile, "trigger classifier"), (ArgumentFile, "argument classifier")),
        });
    }

    /// <summary>Releases the encoder (shared: the last holder disposes it). Copies made by <see cref="WithThresholds"/>
    /// share it, so dispose only the copy in use.</summary>
    public void Dispose() => Context?.Dispose();

    public static EventModel Load(string directory)
    {
        var manifest = ManifestFile.Read(directory, Kind);
        var schema = Schemas.ByName(manifest.Schema());
        return new EventModel(schema,
            SharedModelFile.Load(Path.Combine(directory, TriggerFile), MaxEntClassifier.Load),
            SharedModelFile.Load(Path.Combine(directory, ArgumentFile), MaxEntClassifier.Load),
            SharedModelFile.Load(Path.Combine(directory, Lexicon.FileName), Lexicon.Load),
            manifest,
            ContextReader.Load(directory, manifest.Recipe.Encoder));
    }
}
