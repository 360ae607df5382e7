using System.Collections.Immutable;
using Newtonsoft.Json.Linq;
using Nlp.Core.Learning;
using Nlp.Core.Manifests;
using Nlp.Core.Model;
using Nlp.Core.Schema;
using Nlp.Core.Scoring;
using Nlp.Models.Contextual;
using Nlp.Models.Encoders;
using Nlp.Models.MaxEnt;

namespace Nlp.Models.Relations;

/// <summary>
/// Fits a <see cref="RelationModel"/>: a maximum-entropy classifier over candidate entity pairs, calibrated by Platt
/// scaling, with thresholds (per relation type where it has enough examples) that maximize held-out F1. Calibrator
/// and thresholds come from out-of-fold predictions of the training documents (k models, each predicting the fold
/// it did not see), so dev is left to measure.
/// </summary>
public sealed class RelationTrainer(AnnotationSchema schema, Lexicon lexicon, RelationTrainerSettings settings) : ILearner<RelationModel>
{
    public AnnotationSchema Schema { get; } = schema;
    public Lexicon Lexicon { get; } = lexicon;
    public RelationTrainerSettings Settings { get; } = settings;

    /// <summary>The context reader fitted by <see cref="Fit"/> when the settings name an encoder.</summary>
    ContextReader? _context;
    /// <summary>The encoder the pair scorer reads (<see cref="RelationTrainerSettings.PairScorerEncoder"/>), or null.</summary>
    IContextualEncoder? _scorerEncoder;
    /// <summary>The implications learned by <see cref="Fit"/> (a finetune keeps its start model's).</summary>
    IReadOnlyList<RelationImplication> _implications = [];
    public Action<string>? Progress { get; init; }

    /// <summary>The recipe <see cref="Train"/> records (command and data files; the settings are the trainer's).</summary>
    public TrainingRecipe Recipe { get; init; } = new() { Command = "nlp train relations" };

    /// <summary>The training documents with cross-fitted tagger entities that <see cref="Train"/> passes to <see cref="Fit"/>.</summary>
    public IReadOnlyList<Document>? PredictedEntities { get; init; }

    /// <summary><see cref="Fit"/> with <see cref="Recipe"/> and <see cref="PredictedEntities"/>. No epoch is chosen on
    /// dev, so the best model is the last.</summary>
    public Trained<RelationModel> Train(IReadOnlyList<Document> train, IReadOnlyList<Document> dev)
    {
        var model = Fit(train, dev, new ModelManifest { Kind = RelationModel.Kind, Recipe = Recipe }, PredictedEntities);
        return new Trained<RelationModel>(model, model);
    }

    /// <summary>
    /// A held-out decision: the best allowed type of a candidate pair, its raw probability, whether it is right, and
    /// the product of its two mentions' confidences (1 for gold mentions, which carry none).
    /// </summary>
    /// <param name="From">for a relation an implication brings (<see cref="RelationImplications"/>), the type of the
    /// decision it comes from, whose raw probability and calibrator it has; null for the classifier's own decisions</param>
    private readonly record struct Decision(int Document, string Type, double Raw, bool Correct, double Mentions, int Head, int Tail, string? From = null);

    /// <summary>
    /// Trains on segmented documents with gold entities and relations (dev only for calibration, if so set).
    /// </summary>
    /// <param name="predictedEntities">
    /// Optional: the training documents again (matched by id) with the entities a tagger predicted for them, each from
    /// a tagger that did not train on that document (training-data/crossfit-entities.sh). The model still trains on
    /// gold entities only, and behaves as without them on gold entities; the cross-fitting fold models also predict
    /// these copies (each in its original's fold), and for relations between predicted mentions the product the
    /// pipeline outputs, P(relation | mentions) times the two mentions' confidences, is calibrated once more and
    /// thresholded for the best F1 against all gold relations (mentions the tagger missed count as misses).
    /// </param>
    public RelationModel Fit(IReadOnlyList<Document> train, IReadOnlyList<Document>? dev, ModelManifest manifestTemplate,
        IReadOnlyList<Document>? predictedEntities = null)
    {
        // A document teaches relations only where they were reviewed (ReviewedLayers): no relations in a document whose
        // user corrected only its entities says nothing.
        train = ReviewedLayers.For(train, Layer.Relations);
        dev = dev is null ? null : ReviewedLayers.For(dev, Layer.Relations);
        if (train.Count == 0) throw new ArgumentException("No training document has its relations reviewed (meta.reviewed).");
        _implications = RelationImplications.Learn(train);
        foreach (var i in _implications) Progress?.Invoke($"implication learned from the training data: {i.Type} ({i.HeadLabel} > {i.TailLabel}) brings {i.Implied}");
        if (predictedEntities is not null)
        {
            var kept = train.Select(d => d.Id).ToHashSet(StringComparer.Ordinal);
            predictedEntities = predictedEntities.Where(p => kept.Contains(p.Id)).ToList();
        }
        _context = Settings.ContextEncoder is { } encoder
            ? ContextReader.Fit(encoder, train, Settings.ContextClusterSizes, Settings.Seed, Progress) : null;
        _scorerEncoder = ContextualEncoders.Create(Settings.PairScorerEncoder);
        var views = train.Select(View).ToList();
        var groups = Enumerable.Range(0, views.Count).ToList();
        int goldViews = views.Count;
        if (predictedEntities is not null)
        {
            var copies = PredictedCopies(train, predictedEntities);
            views.AddRange(copies.Select(c => View(c.Copy)));
            groups.AddRange(copies.Select(c => c.Original));
            Progress?.Invoke($"predicted entities: {copies.Count} documents, {copies.Sum(c => c.Copy.Relations.Length)} of their " +
                             $"{copies.Sum(c => train[c.Original].Relations.Length)} gold relations between mentions the tagger found");
        }
        var labels = new[] { RelationModel.None }.Concat(Schema.RelationTypes).ToList();
        var goldByType = Schema.RelationTypes.ToDictionary(t => t, t => train.Sum(d => d.Relations.Count(r => r.Type == t)));
        int gold = goldByType.Values.Sum();

        // Feature set 0: each set is cross-fitted and the one with the better out-of-fold F1 is kept. The richer set 2
        // wins on CoNLL04 (1,283 training relations); on small data its many conjunctions can lose to set 1.
        var settings = Settings;
        List<Decision>? all = null;
        double bestF1 = -1, weight = 0;
        var entityLabels = views.Take(goldViews).SelectMany(v => v.Entities.Select(e => e.Label)).Distinct().Order(StringComparer.Ordinal).ToList();
        var examples = _scorerEncoder is null ? null : ScorerExamples(views.Take(goldViews).ToList(), labels, entityLabels);
        var scoring = new JObject();
        foreach (int set in Settings.FeatureSet == 0 ? IPairFeatures.Sets : [Settings.FeatureSet])
        {
            var trial = Settings with { FeatureSet = set };
            foreach (var (w, decisions) in CrossFit(views, groups, goldViews, labels, Template(manifestTemplate, trial), set, examples, entityLabels))
            {
                double f1 = BestF1(decisions.Where(d => d.Document < goldViews).ToList(), gold);
                Progress?.Invoke($"feature set {set}{(examples is null ? "" : $", pair scorer weight {w}")}: best out-of-fold F1 {100 * f1:F2}");
                if (examples is not null) scoring[FormattableString.Invariant($"set {set}, weight {w}")] = Math.Round(100 * f1, 2);
                if (f1 > bestF1) (bestF1, settings, all, weight) = (f1, trial, decisions, w);
            }
        }
        if (all is null) throw new InvalidOperationException("No feature set was cross-fitted.");
        var oof = all.Where(d => d.Document < goldViews).ToList();
        var oofPredicted = all.Where(d => d.Document >= goldViews).ToList();
        var template = Template(manifestTemplate, settings);

        var final = FitClassifier(views.Take(goldViews).ToList(), labels, template, settings.FeatureSet, "final", true);
        if (examples is not null)
            final = final.WithScorer(PairScorer.Fit(_scorerEncoder!, examples.SelectMany(e => e).ToList(), entityLabels, labels, Settings, Progress, "final pair scorer")
                .WithWeight(weight));
        var calibrators = new Dictionary<string, PlattCalibrator>();
        var report = new JObject();
        if (Settings.CalibrateOnDev && dev is { Count: > 0 })
        {
            var devPoints = HeldOut(final, dev.Select(final.View).ToList()).Where(p => p.From is null)
                .Select(p => new CalibrationFit.Point(p.Document, p.Raw, p.Correct)).ToList();
            var (c, _, ece, n) = CalibrationFit.Fit(devPoints, 0.0);
            calibrators["relation"] = c;
            report["source"] = "dev";
            report["relation_ece_crossfitted_on_dev"] = ece is { } e ? Math.Round(e, 4) : null;
            report["relation_decisions"] = n;
        }
        else
        {
            calibrators = FitCalibrators(oof.Where(d => d.From is null).ToList());
            report["source"] = "out-of-fold training predictions";
        }
        Progress?.Invoke($"calibration ({report["source"]}): " + string.Join(", ", calibrators.Select(c => $"{c.Key} A={c.Value.A:F3} B={c.Value.B:F3}")));
        PlattCalibrator CalibratorOf(string type) => calibrators.GetValueOrDefault(type) ?? calibrators["relation"];

        double GoldConfidence(Decision d) => CalibratorOf(d.From ?? d.Type).Calibrate(d.Raw);
        var thresholds = ChooseThresholds(oof, GoldConfidence, goldByType, gold, "");
        ChooseImpliedAgain(thresholds, oof, GoldConfidence, goldByType, gold, "");
        bool Passes(Decision d) => GoldConfidence(d) >= ThresholdOf(thresholds, "", d.Type);
        var propagatedPoints = PropagatedPoints(final, views, oof.Where(d => d.From is null).ToList(), Passes);
        int propagatedRight = propagatedPoints.Count(p => p.Item2);
        Progress?.Invoke($"list propagation, out of fold: {propagatedPoints.Count} list members given a seed's relation, {propagatedRight} right");
        report["propagated_decisions"] = propagatedPoints.Count;
        report["propagated_right"] = propagatedRight;
        if (Settings.PropagateLists && propagatedRight >= MinPropagatedEach && propagatedPoints.Count - propagatedRight >= MinPropagatedEach)
            calibrators[RelationModel.PropagatedKey] = PlattCalibrator.Fit(propagatedPoints);
        report["feature_set"] = settings.FeatureSet;
        if (examples is not null)
        {
            report["pair_scorer_weight"] = weight;
            report["pair_scorer_out_of_fold_f1"] = scoring;
        }
        report["out_of_fold"] = OutOfFoldReport(oof, GoldConfidence, thresholds, goldByType, "");
        if (predictedEntities is not null)
        {
            // The product of three calibrated probabilities is not itself calibrated (the mentions and the relation
            // are not independent): one more Platt step on the cross-fitted tagger output makes it so.
            var whole = PlattCalibrator.Fit(oofPredicted.Select(d => (GoldConfidence(d) * d.Mentions, d.Correct)).ToList());
            calibrators[RelationModel.PredictedCalibratorKey] = whole;
            double PredictedConfidence(Decision d) => whole.Calibrate(GoldConfidence(d) * d.Mentions);
            foreach (var (k, v) in ChooseThresholds(oofPredicted, PredictedConfidence, goldByType, gold, RelationModel.PredictedThresholdPrefix)) thresholds[k] = v;
            ChooseImpliedAgain(thresholds, oofPredicted, PredictedConfidence, goldByType, gold, RelationModel.PredictedThresholdPrefix);
            report["out_of_fold_predicted_entities"] = OutOfFoldReport(oofPredicted, PredictedConfidence, thresholds, goldByType, RelationModel.PredictedThresholdPrefix);
        }
        return final.WithManifest(template with
        {
            Labels = labels.Skip(1).ToList(),
            Calibration = calibrators.Parameters(),
            Thresholds = thresholds,
            Scores = new JObject { ["calibration"] = report },
        });
    }

    /// <summary>
    /// A warm start (finetune) from <paramref name="start"/>: the classifier begins at its weights, features it never
    /// saw at zero, and is fitted on <paramref name="train"/> (corrections, usually mixed with a replay sample of the
    /// original training data) with the L2 penalty centred on its weights (<see cref="MaxEntFitting.Fit"/>), reading
    /// the features as the start model does (its feature set, lexicon and context clusters). The calibrators and
    /// thresholds are the start model's: they come from a 10-fold cross-fit whose out-of-fold predictions a finetune
    /// cannot redo honestly (the start model saw the replay documents); a full retrain refits them.
    /// </summary>
    public RelationModel Finetune(RelationModel start, IReadOnlyList<Document> train)
    {
        train = ReviewedLayers.For(train, Layer.Relations);
        if (train.Count == 0) throw new ArgumentException("No training document has its relations reviewed (meta.reviewed).");
        var settings = Settings with
        {
            FeatureSet = start.FeatureSet, OnePerPair = start.OnePerPair, ContextEncoder = start.Context?.EncoderName,
            ContextClusterSizes = ManifestFile.As<RelationTrainerSettings>(start.Manifest.Recipe.Settings).ContextClusterSizes,
        };
        var trainer = new RelationTrainer(start.Schema, start.Lexicon, settings)
            { Progress = Progress, Recipe = Recipe, _context = start.Context, _implications = start.Implications };
        var views = train.Select(d => ContextReader.View(start.Context, d)).ToList();
        Progress?.Invoke($"finetune: {views.Count} documents, {train.Sum(d => d.Relations.Length)} relations");
        var template = trainer.Template(new ModelManifest { Kind = RelationModel.Kind, Recipe = Recipe }, settings);
        var final = trainer.FitClassifier(views, start.Classifier.Labels.ToList(), template, settings.FeatureSet, "finetune", true, start.Classifier);
        // The pair scorer is kept as it is (with its weight): a finetune refits the classifier only.
        return final.WithScorer(start.DenseScorer).WithManifest(template with
        {
            Labels = start.Classifier.Labels.Skip(1).ToList(),
            Payload = start.Manifest.Payload,
            Calibration = start.Manifest.Calibration.ToDictionary(),
            Thresholds = start.Manifest.Thresholds.ToDictionary(),
            Scores = new JObject { ["calibration"] = new JObject { ["source"] = "the start model's (finetune)" } },
        });
    }

    /// <summary>The common calibrator ("relation"), and one per type with enough out-of-fold decisions if so set.</summary>
    private Dictionary<string, PlattCalibrator> FitCalibrators(List<Decision> oof)
    {
        var calibrators = new Dictionary<string, PlattCalibrator> { ["relation"] = PlattCalibrator.Fit(oof.Select(p => (p.Raw, p.Correct)).ToList()) };
        if (!Settings.CalibratePerType) return calibrators;
        foreach (var group in oof.GroupBy(p => p.Type).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            int right = group.Count(p => p.Correct);
            if (group.Count() >= Settings.MinPointsForTypeCalibration && right >= 10 && group.Count() - right >= 10)
                calibrators[group.Key] = PlattCalibrator.Fit(group.Select(p => (p.Raw, p.Correct)).ToList());
        }
        return calibrators;
    }

    /// <summary>Out-of-fold decisions: document k of every <c>folds</c> is predicted by a model trained without it.</summary>
    private ModelManifest Template(ModelManifest template, RelationTrainerSettings settings) =>
        template.WithDecoding(Schema.Name, new JObject
        {
            [RelationModel.OnePerPairKey] = settings.OnePerPair,
            [RelationImplications.Key] = RelationImplications.ToJson(_implications),
        }) with
        {
            Kind = RelationModel.Kind,
            Recipe = template.Recipe with { Settings = ManifestFile.ToJson(settings), Seed = settings.Seed, Encoder = settings.ContextEncoder ?? settings.PairScorerEncoder },
        };

    /// <summary>F1 of out-of-fold decisions at the best single cut-off on the raw probability.</summary>
    private static double BestF1(List<Decision> oof, int gold)
    {
        double best = 0;
        int tp = 0, k = 0;
        foreach (var d in oof.OrderByDescending(d => d.Raw))
        {
            k++;
            if (d.Correct) tp++;
            best = Math.Max(best, 2.0 * tp / (k + gold));
        }
        return best;
    }

    /// <param name="groups">the fold key of each view: documents of one group (a document and its predicted copy) share a fold</param>
    /// <param name="goldViews">the first views hold gold entities and are trained on; the others are predicted only</param>
    /// <param name="examples">the pair scorer's examples of each gold view, or null for the classifier alone</param>
    /// <returns>the out-of-fold decisions for each mixing weight of the pair scorer (only weight 0 without one)</returns>
    private List<(double Weight, List<Decision> Decisions)> CrossFit(List<DocumentView> views, List<int> groups, int goldViews, List<string> labels,
        ModelManifest template, int featureSet, List<List<PairScorer.Example>>? examples, List<string> entityLabels)
    {
        int folds = Math.Max(2, Settings.CalibrationFolds);
        var models = new RelationModel[folds];
        Parallel.For(0, folds, new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, Settings.Threads) }, k =>
            models[k] = FitClassifier(views.Where((_, i) => i < goldViews && groups[i] % folds != k).ToList(), labels, template, featureSet, $"fold {k + 1}", false));
        double[] weights = examples is null ? [0] : Settings.PairScorerWeights;
        var decisions = weights.Select(_ => new List<Decision>()).ToList();
        // The pair scorers are fitted one after another: the torch RNG they seed is the process's.
        for (int k = 0; k < folds; k++)
        {
            var heldOut = Enumerable.Range(0, views.Count).Where(i => groups[i] % folds == k).ToList();
            var heldOutViews = heldOut.Select(i => views[i]).ToList();
            string? last = null;
            var scorer = examples is null ? null
                : PairScorer.Fit(_scorerEncoder!, examples.Where((_, i) => groups[i] % folds != k).SelectMany(e => e).ToList(), entityLabels, labels, Settings,
                    line => last = line, $"fold {k + 1} pair scorer");
            if (last is not null) Progress?.Invoke(last);
            for (int w = 0; w < weights.Length; w++)
            {
                var model = scorer is null ? models[k] : models[k].WithScorer(scorer.WithWeight(weights[w]));
                decisions[w].AddRange(HeldOut(model, heldOutViews).Select(p => p with { Document = heldOut[p.Document] }));
            }
            Progress?.Invoke($"cross-fit fold {k + 1}/{folds} done");
        }
        return weights.Select((w, i) => (w, decisions[i])).ToList();
    }

    /// <summary>The view of a training or dev document: with context clusters and the pair scorer's token vectors as set.</summary>
    private DocumentView View(Document document)
    {
        var view = ContextReader.View(_context, document);
        return _scorerEncoder is null ? view
            : new DocumentView(document) { Context = view.Context, TokenVectors = DocumentEncoding.TokenVectors(_scorerEncoder, document) };
    }

    /// <summary>The pair scorer's training examples, per gold view: every candidate pair with its gold class.</summary>
    private List<List<PairScorer.Example>> ScorerExamples(List<DocumentView> views, List<string> labels, List<string> entityLabels)
    {
        var probe = new RelationModel(Schema, null!, Lexicon, new ModelManifest { Kind = RelationModel.Kind }, _context);
        var labelIndex = PairScorer.LabelIndexOf(entityLabels);
        var examples = views.Select(view =>
        {
            var gold = GoldTypes(view);
            return probe.CandidatePairs(view).Select(p => PairScorer.Input(view, p.Head, p.Tail, _scorerEncoder!.Dimension, labelIndex,
                labels.IndexOf(gold.GetValueOrDefault((view.Entities[p.Head].Span, view.Entities[p.Tail].Span), RelationModel.None)))).ToList();
        }).ToList();
        int n = examples.Sum(e => e.Count);
        Progress?.Invoke($"pair scorer: {n} candidate pairs ({examples.Sum(e => e.Count(x => x.Class != 0))} related), {entityLabels.Count} entity labels");
        return examples;
    }

    /// <summary>Right and wrong propagated relations both need this many out-of-fold examples before a model propagates.</summary>
    internal const int MinPropagatedEach = 10;

    /// <summary>
    /// Propagation out of fold as decoding does it (<see cref="RelationModel.Predict"/>): the seeds are the out-of-fold
    /// decisions that pass their threshold, and each list member they pass their relation to (<see
    /// cref="RelationModel.ListPartners"/>) whose pair is no seed gives a point: the seed's raw probability and whether
    /// the member's pair has that gold relation.
    /// </summary>
    private List<(double, bool)> PropagatedPoints(RelationModel model, List<DocumentView> views, List<Decision> oof, Func<Decision, bool> passes)
    {
        var points = new List<(double, bool)>();
        foreach (var group in oof.Where(passes).GroupBy(d => d.Document))
        {
            var view = views[group.Key];
            var gold = GoldTypes(view);
            var related = group.Select(d => (Math.Min(d.Head, d.Tail), Math.Max(d.Head, d.Tail))).ToHashSet();
            foreach (var seed in group.OrderByDescending(d => d.Raw))
                foreach (var (h, t) in model.ListPartners(view, seed.Head, seed.Tail, seed.Type))
                    if (related.Add((Math.Min(h, t), Math.Max(h, t))))
                        points.Add((seed.Raw, gold.GetValueOrDefault((view.Entities[h].Span, view.Entities[t].Span)) == seed.Type));
        }
        return points;
    }

    /// <summary>
    /// The confidence that maximizes out-of-fold F1: one for all types, and one per type that has enough gold
    /// relations to choose it on (the others fall back to the common one). Keys carry <paramref name="prefix"/>.
    /// </summary>
    private Dictionary<string, double> ChooseThresholds(List<Decision> oof, Func<Decision, double> confidence,
        Dictionary<string, int> goldByType, int gold, string prefix)
    {
        if (Settings.Threshold is { } fixedThreshold) return new() { [prefix + "relation"] = fixedThreshold };
        var thresholds = new Dictionary<string, double>
        {
            [prefix + "relation"] = ThresholdSearch.BestF1Threshold(oof.Select(p => (confidence(p), p.Correct)).ToList(), gold),
        };
        if (!Settings.ThresholdPerType) return thresholds;
        foreach (var (type, n) in goldByType)
        {
            if (n < Settings.MinGoldForTypeThreshold) continue;
            var points = oof.Where(p => p.Type == type).Select(p => (confidence(p), p.Correct)).ToList();
            if (points.Count > 0) thresholds[prefix + type] = ThresholdSearch.BestF1Threshold(points, n);
        }
        return thresholds;
    }

    /// <summary>
    /// Decoding outputs an implied relation whenever its decision passes, and alone when it passes its own type's
    /// threshold (<see cref="RelationModel.Predict"/>): the implied types' thresholds are chosen again with the implied
    /// relations whose decision passes counted as certain, once the deciding types' thresholds are known.
    /// </summary>
    private void ChooseImpliedAgain(Dictionary<string, double> thresholds, List<Decision> decisions, Func<Decision, double> confidence,
        Dictionary<string, int> goldByType, int gold, string prefix)
    {
        if (_implications.Count == 0 || Settings.Threshold is not null) return;
        double Effective(Decision d) => ImpliedByPassing(d, confidence, thresholds, prefix) ? 1.0 : confidence(d);
        var again = ChooseThresholds(decisions, Effective, goldByType, gold, prefix);
        foreach (var implied in _implications.Select(i => i.Implied).Distinct())
            if (again.TryGetValue(prefix + implied, out var t)) thresholds[prefix + implied] = t;
    }

    /// <summary>An implied relation whose decision passes its threshold (output with it whatever its own threshold).</summary>
    private static bool ImpliedByPassing(Decision d, Func<Decision, double> confidence, Dictionary<string, double> thresholds, string prefix) =>
        d.From is { } from && confidence(d) >= ThresholdOf(thresholds, prefix, from);

    /// <summary>A type's chosen threshold ("PREFIX TYPE"), else the common one ("PREFIX relation").</summary>
    private static double ThresholdOf(Dictionary<string, double> thresholds, string prefix, string type) =>
        thresholds.TryGetValue(prefix + type, out var t) ? t : thresholds[prefix + "relation"];

    /// <summary>Out-of-fold precision, recall and F1 per type at the chosen thresholds, and the ECE of what is output.</summary>
    private JObject OutOfFoldReport(List<Decision> oof, Func<Decision, double> confidence, Dictionary<string, double> thresholds,
        Dictionary<string, int> goldByType, string prefix)
    {
        double Threshold(string type) => ThresholdOf(thresholds, prefix, type);
        var kept = oof.Where(p => confidence(p) >= Threshold(p.Type) || ImpliedByPassing(p, confidence, thresholds, prefix)).ToList();
        var report = new JObject();
        var perType = new JObject();
        foreach (var (type, gold) in goldByType)
        {
            int predicted = kept.Count(p => p.Type == type), tp = kept.Count(p => p.Type == type && p.Correct);
            perType[type] = Prf(tp, predicted, gold);
        }
        var micro = Prf(kept.Count(p => p.Correct), kept.Count, goldByType.Values.Sum());
        var bins = new CalibrationBins();
        foreach (var p in kept) bins.Add(confidence(p), p.Correct);
        report["micro"] = micro;
        report["per_type"] = perType;
        report["ece"] = bins.ExpectedCalibrationError is { } e ? Math.Round(e, 4) : null;
        Progress?.Invoke($"out-of-fold{(prefix == "" ? "" : " (" + prefix.TrimEnd('.') + " entities)")}: P/R/F1 {micro["precision"]} / {micro["recall"]} / {micro["f1"]}, ECE {report["ece"]}; " +
                         string.Join(", ", perType.Properties().Select(p => $"{p.Name} {p.Value["f1"]} (t={Threshold(p.Name)})")));
        return report;
    }

    private static JObject Prf(int tp, int predicted, int gold)
    {
        double p = predicted > 0 ? 100.0 * tp / predicted : 0, r = gold > 0 ? 100.0 * tp / gold : 0;
        return new JObject
        {
            ["precision"] = Math.Round(p, 2), ["recall"] = Math.Round(r, 2),
            ["f1"] = p + r > 0 ? Math.Round(2 * p * r / (p + r), 2) : 0, ["gold"] = gold, ["predicted"] = predicted, ["true_positives"] = tp,
        };
    }

    private RelationModel FitClassifier(List<DocumentView> views, List<string> labels, ModelManifest template, int featureSet, string name, bool verbose,
        MaxEntClassifier? prior = null)
    {
        var probe = new RelationModel(Schema, null!, Lexicon, template, _context);
        var features = IPairFeatures.ForSet(featureSet, Lexicon, Settings.ListFeatures);
        var data = new List<(IReadOnlyList<string>, string)>();
        foreach (var view in views)
        {
            var gold = GoldTypes(view);
            foreach (var (i, j) in probe.CandidatePairs(view))
                data.Add((features.Extract(view, i, j), gold.GetValueOrDefault((view.Entities[i].Span, view.Entities[j].Span), RelationModel.None)));
        }
        var classifier = Train(data, labels, name, verbose, prior);
        if (verbose) Progress?.Invoke($"{name}: {data.Count} candidate pairs ({data.Count(d => d.Item2 != RelationModel.None)} related), {classifier.FeatureCount} features");
        return new RelationModel(Schema, classifier, Lexicon, template, _context);
    }

    private MaxEntClassifier Train(List<(IReadOnlyList<string>, string)> data, List<string> labels, string name, bool verbose, MaxEntClassifier? prior) =>
        MaxEntFitting.Fit(new MaxEntFitting.Options(Settings.Optimizer, Settings.L2, Settings.MinFeatureCount, Settings.Seed,
            Settings.Epochs, Settings.LearningRate, Settings.MaxIterations), data, labels, $"{name} relations", verbose ? Progress : null, prior);

    /// <summary>
    /// For each training document with a predicted counterpart (same id and text): a copy with the predicted entities
    /// and the gold relations whose head and tail are predicted mentions with labels the relation type accepts (the
    /// ones a prediction on the copy can get right).
    /// </summary>
    internal List<(int Original, Document Copy)> PredictedCopies(IReadOnlyList<Document> train, IReadOnlyList<Document> predicted)
    {
        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        for (int i = 0; i < train.Count; i++) index.TryAdd(train[i].Id, i);
        var copies = new List<(int, Document)>();
        foreach (var p in predicted)
        {
            if (!index.TryGetValue(p.Id, out int i))
                throw new InvalidDataException($"predicted entities: document '{p.Id}' is not among the training documents");
            var original = train[i];
            if (p.Text != original.Text)
                throw new InvalidDataException($"predicted entities: document '{p.Id}' has another text than the training document");
            var mentions = RelationImplications.LabelOfSpan(p);
            bool Found(Relation r) =>
                mentions.TryGetValue(r.Head, out var h) && mentions.TryGetValue(r.Tail, out var t)
                && Schema.Relations.TryGetValue(r.Type, out var sig) && sig.AcceptsHead(h) && sig.AcceptsTail(t);
            copies.Add((i, original with
            {
                Id = original.Id + "#predicted",
                Entities = p.Entities,
                Relations = original.Relations.Where(Found).ToImmutableArray(),
            }));
        }
        return copies;
    }

    /// <summary>The class of each related gold pair: its type, or of several the one implying the others
    /// (<see cref="RelationImplications.ClassOf"/>).</summary>
    private Dictionary<(Span, Span), string> GoldTypes(DocumentView view)
    {
        var document = view.Document;
        var labels = RelationImplications.LabelOfSpan(document);
        return document.Relations.GroupBy(r => (r.Head, r.Tail)).ToDictionary(g => g.Key, g => RelationImplications.ClassOf(
            g.Select(r => r.Type).Distinct().ToList(), labels.GetValueOrDefault(g.Key.Head, ""), labels.GetValueOrDefault(g.Key.Tail, ""), _implications));
    }

    /// <summary>The model's decisions (p >= 0.02, after pair decoding) on documents it did not train on, each followed by
    /// the relations its implications bring, as decoding outputs them; Document indexes <paramref name="views"/>.</summary>
    private List<Decision> HeldOut(RelationModel model, List<DocumentView> views)
    {
        var points = new List<Decision>();
        for (int d = 0; d < views.Count; d++)
        {
            var view = views[d];
            var gold = GoldTypes(view);
            var relations = view.Document.Relations.Select(r => (r.Head, r.Tail, r.Type)).ToHashSet();
            foreach (var (i, j, type, p) in model.Decide(view))
            {
                if (type == RelationModel.None || p < 0.02) continue;
                var (head, tail) = (view.Entities[i].Span, view.Entities[j].Span);
                double mentions = (view.Entities[i].Confidence ?? 1.0) * (view.Entities[j].Confidence ?? 1.0);
                points.Add(new(d, type, p, gold.GetValueOrDefault((head, tail)) == type, mentions, i, j));
                foreach (var implied in model.ImpliedBy(view, i, j, type))
                    points.Add(new(d, implied, p, relations.Contains((head, tail, implied)), mentions, i, j, type));
            }
        }
        return points;
    }
}
