using Newtonsoft.Json.Linq;
using Nlp.Core.Model;
using Nlp.Core.Schema;
using Nlp.Models.Extraction;

namespace Nlp.Models.Relations;

/// <summary>
/// Fits a <see cref="RelationModel"/>: a maximum-entropy classifier over candidate entity pairs, calibrated by Platt
/// scaling on out-of-fold predictions of the training documents, with the threshold that maximizes held-out F1.
/// </summary>
public sealed class RelationTrainer(AnnotationSchema schema, Lexicon lexicon, RelationTrainerSettings settings)
{
    public AnnotationSchema Schema { get; } = schema;
    public Lexicon Lexicon { get; } = lexicon;
    public RelationTrainerSettings Settings { get; } = settings;
    public Action<string>? Progress { get; init; }

    /// <summary>
    /// Trains on segmented documents with gold entities and relations. The threshold is chosen for the best F1 on
    /// cross-fitted (out-of-fold) predictions of the training documents; confidences are calibrated on the final
    /// model's raw probabilities on <paramref name="dev"/> (or, without dev, on the out-of-fold predictions).
    /// </summary>
    public RelationModel Fit(IReadOnlyList<Document> train, IReadOnlyList<Document>? dev, ModelManifest manifestTemplate)
    {
        var views = train.Select(d => new DocumentView(d)).ToList();
        var labels = new[] { RelationModel.None }.Concat(Schema.RelationTypes).ToList();
        int folds = Math.Max(2, Settings.CalibrationFolds);
        var points = new List<CalibrationFit.Point>[folds];
        Parallel.For(0, folds, new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, Settings.Threads) }, k =>
        {
            var model = FitClassifier(views.Where((_, i) => i % folds != k).ToList(), labels, manifestTemplate, $"fold {k + 1}", false);
            points[k] = HeldOutPoints(model, views.Where((_, i) => i % folds == k).ToList());
            Progress?.Invoke($"cross-fit fold {k + 1}/{folds}: {points[k].Count} points");
        });
        var oof = points.SelectMany(p => p).ToList();
        double raw = Settings.Threshold ?? ThresholdSearch.BestF1Threshold(
            oof.Select(p => (p.Raw, p.Correct)).ToList(), views.Sum(v => v.Document.Relations.Length));
        Progress?.Invoke($"raw-probability threshold (best out-of-fold F1): {raw}");
        var final = FitClassifier(views, labels, manifestTemplate, "final", true);
        PlattCalibrator calibrator;
        var report = new JObject();
        if (dev is { Count: > 0 })
        {
            var (c, ece, n) = CalibrationFit.Fit(HeldOutPoints(final, dev.Select(d => new DocumentView(d)).ToList()), raw);
            calibrator = c;
            report["source"] = "dev";
            report["relation_ece_crossfitted_on_dev"] = ece is { } e ? Math.Round(e, 4) : null;
            report["relation_decisions"] = n;
        }
        else
        {
            calibrator = PlattCalibrator.Fit(oof.Select(p => (p.Raw, p.Correct)).ToList());
            report["source"] = "out-of-fold training predictions";
        }
        Progress?.Invoke($"calibration ({report["source"]}): A={calibrator.A:F3} B={calibrator.B:F3}");
        return final.WithManifest(manifestTemplate with
        {
            Kind = RelationModel.Kind,
            Schema = Schema.Name,
            Labels = labels.Skip(1).ToList(),
            Seed = Settings.Seed,
            Settings = JObject.FromObject(Settings),
            Calibration = new Dictionary<string, PlattCalibrator> { ["relation"] = calibrator },
            Thresholds = new Dictionary<string, double> { ["relation"] = Math.Round(calibrator.Calibrate(raw), 4) },
            DevScores = new JObject { ["calibration"] = report },
        });
    }

    private RelationModel FitClassifier(List<DocumentView> views, List<string> labels, ModelManifest template, string name, bool verbose)
    {
        var probe = new RelationModel(Schema, null!, Lexicon, template);
        var features = new RelationFeatures(Lexicon);
        var data = new List<(IReadOnlyList<string>, string)>();
        foreach (var view in views)
        {
            var gold = GoldTypes(view);
            foreach (var (i, j) in probe.CandidatePairs(view))
                data.Add((features.Extract(view, i, j), gold.GetValueOrDefault((view.Entities[i].Span, view.Entities[j].Span), RelationModel.None)));
        }
        var trainer = new MaxEntTrainer(new MaxEntSettings
        {
            Epochs = Settings.Epochs, LearningRate = Settings.LearningRate, L2 = Settings.L2,
            MinFeatureCount = Settings.MinFeatureCount, Seed = Settings.Seed,
        });
        var classifier = trainer.Fit(data, labels,
            verbose ? (epoch, loss) => Progress?.Invoke($"{name} relations: epoch {epoch}/{Settings.Epochs} loss {loss:F4}") : null);
        if (verbose) Progress?.Invoke($"{name}: {data.Count} candidate pairs ({data.Count(d => d.Item2 != RelationModel.None)} related), {classifier.FeatureCount} features");
        return new RelationModel(Schema, classifier, Lexicon, template with { Kind = RelationModel.Kind, Schema = Schema.Name });
    }

    private static Dictionary<(Span, Span), string> GoldTypes(DocumentView view)
    {
        var gold = new Dictionary<(Span, Span), string>();
        foreach (var r in view.Document.Relations) gold.TryAdd((r.Head, r.Tail), r.Type);
        return gold;
    }

    /// <summary>Raw probabilities (p >= 0.05) of the best allowed type of each candidate pair, and whether it is right.</summary>
    private static List<CalibrationFit.Point> HeldOutPoints(RelationModel model, List<DocumentView> views)
    {
        var points = new List<CalibrationFit.Point>();
        for (int d = 0; d < views.Count; d++)
        {
            var view = views[d];
            var gold = GoldTypes(view);
            foreach (var (i, j, type, p) in model.ScorePairs(view))
                if (type != RelationModel.None && p >= 0.05)
                    points.Add(new(d, p, gold.GetValueOrDefault((view.Entities[i].Span, view.Entities[j].Span)) == type));
        }
        return points;
    }
}
