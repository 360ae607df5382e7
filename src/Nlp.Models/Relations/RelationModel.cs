using System.Collections.Immutable;
using Newtonsoft.Json.Linq;
using Nlp.Core.Learning;
using Nlp.Core.Manifests;
using Nlp.Core.Model;
using Nlp.Core.Schema;
using Nlp.Core.Scoring;
using Nlp.Models.Contextual;
using Nlp.Models.MaxEnt;

namespace Nlp.Models.Relations;

/// <summary>
/// The trained relation extractor (immutable; <see cref="RelationTrainer"/> fits one). Every ordered pair of entity
/// mentions in one sentence whose labels some relation type accepts is classified into a type or none; types whose
/// signature (Schema.RelationSignature) refuses the pair's labels are masked before decoding, so a relation never
/// breaks its signature. With one-relation-per-pair decoding (manifest decoding "onePerPair") the two directions of
/// a pair compete and only the likelier one can be output. Kept when the calibrated confidence reaches the type's
/// threshold.
/// </summary>
public sealed class RelationModel : ILearnedModel<RelationModel>
{
    public static string Kind => "relations";
    public static Layer Reads => Layer.Tokens | Layer.Sentences | Layer.Entities;
    public static Layer Writes => Layer.Relations;
    public const string None = "None";
    public const string ClassifierFile = "relations.maxent.gz";

    internal RelationModel(AnnotationSchema schema, MaxEntClassifier classifier, Lexicon lexicon, ModelManifest manifest,
        ContextReader? context = null, PairScorer? scorer = null)
    {
        Context = context;
        DenseScorer = scorer;
        Schema = schema;
        Classifier = classifier;
        Lexicon = lexicon;
        Manifest = manifest;
        Thresholds = manifest.Thresholds;
        FeatureSet = manifest.Recipe.Settings.Value<int?>(FeatureSetSetting) ?? 1;
        OnePerPair = manifest.Decoding().Value<bool?>(OnePerPairKey) ?? false;
        // Models trained before the setting existed have none and predict as they did.
        ListFeatures = manifest.Recipe.Settings.Value<bool?>(ListFeaturesSetting) ?? false;
        Implications = RelationImplications.FromJson(manifest.Decoding()[RelationImplications.Key]);
        _features = IPairFeatures.ForSet(FeatureSet, lexicon, ListFeatures);
    }

    public const string OnePerPairKey = "one_per_pair", FeatureSetSetting = "feature_set", ListFeaturesSetting = "list_features";
    /// <summary>Thresholds for relations between predicted mentions (chosen on cross-fitted tagger output) are stored as "predicted.TYPE".</summary>
    public const string PredictedThresholdPrefix = "predicted.";
    /// <summary>The calibrator of a relation's whole confidence between predicted mentions (manifest calibration key).</summary>
    public const string PredictedCalibratorKey = "predicted";
    private readonly IPairFeatures _features;

    /// <summary>The feature extractor the model was trained with (manifest settings; 1 when absent).</summary>
    public int FeatureSet { get; }
    /// <summary>The classifier also reads far members of coordinated lists as the nearest member (<see cref="ListPairFeatures"/>).</summary>
    public bool ListFeatures { get; }
    /// <summary>At most one relation per unordered entity pair (its likelier direction and type).</summary>
    public bool OnePerPair { get; }
    /// <summary>Types that bring another on the same pair (learned from the training data; none in older models).</summary>
    public IReadOnlyList<RelationImplication> Implications { get; }

    public AnnotationSchema Schema { get; }
    public MaxEntClassifier Classifier { get; }
    public Lexicon Lexicon { get; }
    public ModelManifest Manifest { get; }
    public IReadOnlyDictionary<string, double> Thresholds { get; private init; }

    /// <summary>A copy with other thresholds; an override of a type (or "relation") applies to gold and predicted mentions alike.</summary>
    public RelationModel WithThresholds(IReadOnlyDictionary<string, double> overrides)
    {
        var merged = new Dictionary<string, double>(ThresholdOverrides.Merge(Manifest.Thresholds, overrides));
        foreach (var key in overrides.Keys) merged.Remove(PredictedThresholdPrefix + key);
        return new(Schema, Classifier, Lexicon, Manifest, Context, DenseScorer) { Thresholds = merged };
    }

    public RelationModel WithManifest(ModelManifest manifest) => new(Schema, Classifier, Lexicon, manifest, Context, DenseScorer);

    /// <summary>A copy whose candidate pairs the dense scorer scores too (its weight in the mix is the scorer's); null: the classifier alone.</summary>
    public RelationModel WithScorer(PairScorer? scorer) => new(Schema, Classifier, Lexicon, Manifest, Context, scorer) { Thresholds = Thresholds };

    /// <summary>The dense pair scorer mixed with the classifier, or null for a model trained without one.</summary>
    public PairScorer? DenseScorer { get; }

    /// <summary>The encoder and context clusters the classifier reads, or null for a model trained without.</summary>
    public ContextReader? Context { get; }

    /// <summary>The view the features of this model read: with context clusters when it has an encoder, and the
    /// token vectors when it has a pair scorer (the document is encoded once when both read the same encoder).</summary>
    public DocumentView View(Document document)
    {
        if (DenseScorer is null) return ContextReader.View(Context, document);
        var vectors = DenseScorer.Vectors(document);
        var codes = Context is null ? null
            : Context.EncoderName == DenseScorer.EncoderName ? new ContextCodes(Context.Clusters, vectors) : Context.View(document).Context;
        return new DocumentView(document) { Context = codes, TokenVectors = vectors };
    }

    private double Threshold(string type) =>
        Thresholds.TryGetValue(type, out var t) ? t : Thresholds.TryGetValue("relation", out var r) ? r : Thresholds.TryGetValue("*", out var d) ? d : 0.5;

    /// <summary>
    /// The threshold on the whole confidence of a relation between predicted mentions: "predicted.TYPE", else
    /// "predicted.relation" unless the type has a threshold of its own (only an override leaves a type with one and
    /// not the other). Null when there is none (a model trained without predicted entities, or an override): then
    /// the relation's own part is held against <see cref="Threshold"/>, as for gold mentions.
    /// </summary>
    private double? PredictedThreshold(string type)
    {
        if (Thresholds.TryGetValue(PredictedThresholdPrefix + type, out var own)) return own;
        if (Thresholds.ContainsKey(type)) return null;
        return Thresholds.TryGetValue(PredictedThresholdPrefix + "relation", out var common) ? common : null;
    }

    /// <summary>The type's own calibrator where the manifest has one, else the common "relation" one.</summary>
    public PlattCalibrator Calibrator(string type) =>
        Manifest.Calibrator(type) ?? Manifest.Calibrator("relation") ?? PlattCalibrator.Identity;

    /// <summary>True when some relation type accepts this head and tail label.</summary>
    public bool AnySignatureAccepts(string headLabel, string tailLabel) =>
        Schema.Relations.Values.Any(s => s.AcceptsHead(headLabel) && s.AcceptsTail(tailLabel));

    public Document Predict(Document document)
    {
        var view = View(document);
        var relations = ImmutableArray.CreateBuilder<Relation>();
        var kept = new List<(int Head, int Tail, string Type, double Raw)>();
        foreach (var (head, tail, type, raw) in Decide(view))
        {
            if (type == None) continue;
            double confidence = Calibrator(type).Calibrate(raw);
            bool passed = Keep(view, head, tail, type, confidence, relations);
            if (passed) kept.Add((head, tail, type, raw));
            // An implied relation holds whenever the decided one does, so it is output with it, with its confidence (a
            // lower bound of its own probability); when the decided one falls short, it may still pass its own type's
            // threshold (a head too uncertain to be output as the leader may be output as a member).
            foreach (var implied in ImpliedBy(view, head, tail, type)) Keep(view, head, tail, implied, confidence, relations, always: passed);
        }
        if (Manifest.Calibrator(PropagatedKey) is { } propagated)
        {
            // A relation of one member of a coordinated list holds for the others too, with a confidence of its own:
            // how often such a member was right out of fold in training, for a seed of that raw probability.
            var related = kept.Select(k => (Math.Min(k.Head, k.Tail), Math.Max(k.Head, k.Tail))).ToHashSet();
            foreach (var (head, tail, type, raw) in kept)
                foreach (var (h, t) in ListPartners(view, head, tail, type))
                    if (related.Add((Math.Min(h, t), Math.Max(h, t))))
                        Keep(view, h, t, type, propagated.Calibrate(raw), relations, PropagatedKey);
        }
        return document with { Relations = relations.ToImmutable() };
    }

    /// <summary>The types the model's implications bring with a decision of this type between these mentions.</summary>
    internal IEnumerable<string> ImpliedBy(DocumentView view, int head, int tail, string type) =>
        Implications.Where(i => i.Matches(type, view.Entities[head].Label, view.Entities[tail].Label)).Select(i => i.Implied);

    /// <summary>Adds the relation when its confidence passes its threshold (<paramref name="thresholdKey"/>'s when the
    /// model has one, else the type's), or <paramref name="always"/>; true when added.</summary>
    private bool Keep(DocumentView view, int head, int tail, string type, double confidence, ImmutableArray<Relation>.Builder relations,
        string? thresholdKey = null, bool always = false)
    {
        // The calibrator estimates P(relation right | both mentions right), fitted with gold entities. A relation
        // between predicted mentions is right only if both are, so their (calibrated) confidences multiply in;
        // gold entities carry none and count as certain, and there the threshold applies to the relation's own
        // part. A model fitted with cross-fitted tagger output (RelationTrainer.Fit) also recalibrates the whole
        // for predicted mentions and holds it against thresholds chosen on that output.
        double mentions = (view.Entities[head].Confidence ?? 1.0) * (view.Entities[tail].Confidence ?? 1.0);
        double whole = confidence * mentions;
        bool predicted = view.Entities[head].Confidence is not null || view.Entities[tail].Confidence is not null;
        if (predicted && Manifest.Calibrator(PredictedCalibratorKey) is { } wholeCalibrator) whole = wholeCalibrator.Calibrate(whole);
        bool passes = always || (thresholdKey is not null && Thresholds.TryGetValue(thresholdKey, out var own) ? confidence >= own
            : predicted && PredictedThreshold(type) is { } cut ? whole >= cut : confidence >= Threshold(type));
        if (!passes) return false;
        relations.Add(new Relation($"R{relations.Count + 1}", type, view.Entities[head].Span, view.Entities[tail].Span, Math.Round(whole, 4)));
        return true;
    }

    /// <summary>The calibrator and threshold key of relations given to list members by propagation (absent in models
    /// trained before it: they do not propagate).</summary>
    public const string PropagatedKey = "propagated";

    /// <summary>
    /// The pairs a relation (head, tail) of this type spreads to: the head with each other member of the tail's
    /// coordinated list (<see cref="DocumentView.EntityLists"/>), and each other member of the head's list with the
    /// tail, where the type's signature accepts the labels ("the Greeks in Krasnodar krai, the Abkhaz ASSR and Donetsk
    /// oblast").
    /// </summary>
    internal IEnumerable<(int Head, int Tail)> ListPartners(DocumentView view, int head, int tail, string type)
    {
        var lists = view.EntityLists;
        if (!Schema.Relations.TryGetValue(type, out var signature)) yield break;
        foreach (var (end, other, isTail) in new[] { (tail, head, true), (head, tail, false) })
        {
            if (lists[end] < 0 || lists[end] == lists[other]) continue;
            var (from, to) = view.EntitiesOf(view.SentenceOf[view.EntityTokens[end].First]);
            for (int m = from; m < to; m++)
            {
                if (m == end || lists[m] != lists[end]) continue;
                var (h, t) = isTail ? (head, m) : (m, tail);
                if (signature.AcceptsHead(view.Entities[h].Label) && signature.AcceptsTail(view.Entities[t].Label)) yield return (h, t);
            }
        }
    }

    /// <summary>Candidate ordered pairs of a document: entities of one sentence (an overlong one cut into chunks, see
    /// <see cref="DocumentView.SentenceTokens"/>) with labels some type accepts.</summary>
    public IEnumerable<(int Head, int Tail)> CandidatePairs(DocumentView view)
    {
        for (int i = 0; i < view.Entities.Length; i++)
        {
            var (iFirst, iEnd) = view.EntityTokens[i];
            if (iEnd <= iFirst) continue;
            // Only the entities of i's sentence: a loop over the document's would grow with the square of its length.
            var (from, to) = view.EntitiesOf(view.SentenceOf[iFirst]);
            for (int j = from; j < to; j++)
            {
                if (i == j) continue;
                var (jFirst, jEnd) = view.EntityTokens[j];
                if (jEnd <= jFirst || view.SentenceOf[iFirst] != view.SentenceOf[jFirst]) continue;
                if (view.Entities[i].Span.Overlaps(view.Entities[j].Span)) continue;
                if (!AnySignatureAccepts(view.Entities[i].Label, view.Entities[j].Label)) continue;
                yield return (i, j);
            }
        }
    }

    /// <summary>Each candidate pair with its best allowed type (or none) and that type's renormalized probability.</summary>
    internal IEnumerable<(int Head, int Tail, string Type, double Probability)> ScorePairs(DocumentView view)
    {
        var pairs = CandidatePairs(view).ToList();
        // The dense scorer's probabilities, mixed in before masking so that decoding, calibration and thresholds
        // treat the mix as they treated the classifier's probabilities.
        var dense = DenseScorer?.Probabilities(view, pairs);
        var denseIndex = DenseScorer is null ? null : Classifier.Labels.Select(l => Array.IndexOf(DenseScorer.Payload.Classes, l)).ToArray();
        for (int k = 0; k < pairs.Count; k++)
        {
            var (i, j) = pairs[k];
            var p = Classifier.Probabilities(_features.Extract(view, i, j));
            if (dense is not null)
            {
                double w = DenseScorer!.Weight;
                for (int l = 0; l < p.Length; l++) p[l] = (1 - w) * p[l] + w * (denseIndex![l] >= 0 ? dense[k][denseIndex[l]] : 0);
            }
            string hl = view.Entities[i].Label, tl = view.Entities[j].Label;
            double sum = 0;
            int best = -1;
            for (int l = 0; l < p.Length; l++)
            {
                var label = Classifier.Labels[l];
                bool allowed = label == None || (Schema.Relations.TryGetValue(label, out var sig) && sig.AcceptsHead(hl) && sig.AcceptsTail(tl));
                if (!allowed) { p[l] = 0; continue; }
                sum += p[l];
                if (label != None && (best < 0 || p[l] > p[best])) best = l;
            }
            if (best < 0) { yield return (i, j, None, 0); continue; }
            yield return (i, j, Classifier.Labels[best], sum > 0 ? p[best] / sum : 0);
        }
    }

    /// <summary>
    /// <see cref="ScorePairs"/> after one-relation-per-pair decoding: of the two directions of a pair, the one whose
    /// best type is less likely becomes none (in CoNLL04 and the domain data a pair almost never holds both ways).
    /// </summary>
    internal IEnumerable<(int Head, int Tail, string Type, double Probability)> Decide(DocumentView view)
    {
        var scored = ScorePairs(view).ToList();
        if (!OnePerPair) return scored;
        var best = new Dictionary<(int, int), int>();
        for (int k = 0; k < scored.Count; k++)
        {
            var (i, j, type, p) = scored[k];
            if (type == None) continue;
            var key = (Math.Min(i, j), Math.Max(i, j));
            if (!best.TryGetValue(key, out int other) || p > scored[other].Probability) best[key] = k;
        }
        for (int k = 0; k < scored.Count; k++)
        {
            var (i, j, type, _) = scored[k];
            if (type != None && best[(Math.Min(i, j), Math.Max(i, j))] != k) scored[k] = (i, j, None, 0);
        }
        return scored;
    }

    /// <summary>Scores on gold documents: entities given, relations predicted.</summary>
    public EvaluationReport Score(IEnumerable<Document> gold)
    {
        var golds = gold.Select(g => g with { Events = ImmutableArray<Event>.Empty }).ToList();
        return Scorer.Score(golds, golds.Select(g => Predict(g with { Relations = ImmutableArray<Relation>.Empty })));
    }

    /// <summary>Writes the model's files and then its manifest; returns the manifest with its content-hash version.</summary>
    public ModelManifest Save(string directory)
    {
        Directory.CreateDirectory(directory);
        Classifier.Save(Path.Combine(directory, ClassifierFile));
        Lexicon.Save(Path.Combine(directory, Lexicon.FileName));
        Context?.Save(directory);
        var files = MaxEntManifest.ModelFiles(Context, (ClassifierFile, "relation classifier"));
        var payload = (JObject)Manifest.Payload.DeepClone();
        payload.Remove(PairScorer.PayloadKey);
        if (DenseScorer is not null)
        {
            DenseScorer.Save(directory);
            files[PairScorer.FileName] = $"dense pair scorer over {DenseScorer.EncoderName} vectors (TorchSharp weights; mixed with weight {DenseScorer.Weight})";
            payload[PairScorer.PayloadKey] = ManifestFile.ToJson(DenseScorer.Payload);
        }
        return ManifestFile.Write(directory, Manifest with { Files = files, Payload = payload });
    }

    /// <summary>Releases the encoder (shared: the last holder disposes it). Copies made by <see cref="WithThresholds"/>
    /// share it, so dispose only the copy in use.</summary>
    public void Dispose()
    {
        Context?.Dispose();
        DenseScorer?.Dispose();
    }

    public static RelationModel Load(string directory)
    {
        var manifest = ManifestFile.Read(directory, Kind);
        return new RelationModel(Schemas.ByName(manifest.Schema()),
            SharedModelFile.Load(Path.Combine(directory, ClassifierFile), MaxEntClassifier.Load),
            SharedModelFile.Load(Path.Combine(directory, Lexicon.FileName), Lexicon.Load), manifest,
            ContextReader.Load(directory, ContextEncoder(manifest)), PairScorer.Load(directory, manifest));
    }

    /// <summary>The encoder of the context clusters: the recipe's, unless the model has a pair scorer (whose encoder
    /// the recipe names when the model has no context clusters): then the settings'.</summary>
    static string? ContextEncoder(ModelManifest manifest) =>
        manifest.Payload[PairScorer.PayloadKey] is null ? manifest.Recipe.Encoder : manifest.Recipe.Settings.Value<string?>("context_encoder");
}
