using System.Collections.Immutable;
using System.Globalization;
using Newtonsoft.Json.Linq;
using Nlp.Core.Manifests;
using Nlp.Core.Model;
using Nlp.Core.Scoring;
using Nlp.Models.Extraction;

namespace Nlp.Models.Calibration;

/// <summary>
/// Confidences that hold on documents from new sources. Each model calibrates its confidences on data cut from its
/// training sources, where it is right more often than on a new archive: on passages of other sources the shipped
/// models were overconfident (ECE 0.11 for entities, 0.21 for arguments). This is a second Platt step,
/// σ(A·logit(c) + B), fitted on out-of-source predictions — the leave-one-source-out folds of the cross-source
/// yardstick, where every prediction comes from a model that never saw the passage's source — per layer, and per
/// label where a label has enough points. It is monotone, so it changes what a confidence says, never which
/// entities, events or relations are output.
/// </summary>
public sealed class SourceShiftCalibration
{
    public const string Kind = "source-shift-calibration";

    /// <summary>Points a label needs for a calibrator of its own; below it the layer's calibrator serves.</summary>
    public const int MinPointsPerLabel = 100;

    public static readonly string[] Layers = ["entities", "triggers", "arguments", "relations"];

    readonly IReadOnlyDictionary<string, PlattCalibrator> _layer;
    readonly IReadOnlyDictionary<(string Layer, string Label), PlattCalibrator> _label;

    SourceShiftCalibration(IReadOnlyDictionary<string, PlattCalibrator> layer, IReadOnlyDictionary<(string, string), PlattCalibrator> label)
    {
        _layer = layer;
        _label = label;
    }

    public static SourceShiftCalibration Fit(IEnumerable<ConfidencePoint> points)
    {
        var all = points.ToList();
        var layer = new Dictionary<string, PlattCalibrator>();
        var label = new Dictionary<(string, string), PlattCalibrator>();
        foreach (var group in all.GroupBy(p => p.Layer))
        {
            layer[group.Key] = PlattCalibrator.Fit(group.Select(p => (p.Confidence, p.Correct)).ToList());
            foreach (var byLabel in group.GroupBy(p => p.Label).Where(g => g.Count() >= MinPointsPerLabel))
                label[(group.Key, byLabel.Key)] = PlattCalibrator.Fit(byLabel.Select(p => (p.Confidence, p.Correct)).ToList());
        }
        return new SourceShiftCalibration(layer, label);
    }

    /// <summary>The same calibration for the given layers only; the others keep their confidences.</summary>
    public SourceShiftCalibration Only(IReadOnlyCollection<string> layers) =>
        new(_layer.Where(kv => layers.Contains(kv.Key)).ToDictionary(),
            _label.Where(kv => layers.Contains(kv.Key.Layer)).ToDictionary());

    /// <summary>The layers it recalibrates.</summary>
    public IReadOnlyCollection<string> CalibratedLayers => _layer.Keys.ToList();

    /// <summary>The recalibrated confidence of a prediction of this layer and label (unchanged for a layer never fitted).</summary>
    public double Calibrate(string layer, string label, double confidence)
    {
        var calibrator = _label.GetValueOrDefault((layer, label)) ?? _layer.GetValueOrDefault(layer);
        return calibrator is null ? confidence : Math.Round(calibrator.Calibrate(confidence), 4);
    }

    public Document Apply(Document document)
    {
        double? C(string layer, string label, double? c) => c is { } v ? Calibrate(layer, label, v) : null;
        return document with
        {
            Entities = document.Entities.Select(e => e with { Confidence = C("entities", e.Label, e.Confidence) }).ToImmutableArray(),
            Events = document.Events.Select(e => e with
            {
                Confidence = C("triggers", e.Type, e.Confidence),
                Arguments = e.Arguments.Select(a => a with { Confidence = C("arguments", $"{e.Type}.{a.Role}", a.Confidence) }).ToImmutableArray(),
            }).ToImmutableArray(),
            Relations = document.Relations.Select(r => r with { Confidence = C("relations", r.Type, r.Confidence) }).ToImmutableArray(),
        };
    }

    /// <summary>The calibrators as the manifest names them: the layer's ("arguments") and a label's ("arguments/DEPORT.Deportee").</summary>
    IReadOnlyDictionary<string, PlattParameters> Parameters() =>
        _layer.Select(kv => KeyValuePair.Create(kv.Key, new PlattParameters(kv.Value.A, kv.Value.B)))
            .Concat(_label.Select(kv => KeyValuePair.Create($"{kv.Key.Layer}/{kv.Key.Label}", new PlattParameters(kv.Value.A, kv.Value.B))))
            .ToDictionary();

    /// <summary>Writes manifest.json: the calibrators, the held-out predictions they were fitted on (the recipe's data,
    /// and the points per set) and the scores. Its version is a content hash: the same fit gives the same version, and
    /// extraction results are redone only when it changes.</summary>
    public ModelManifest Save(string directory, IReadOnlyList<DataFile> fittedOnFiles, JObject fittedOn, JObject scores)
    {
        var written = scores.DeepClone();
        written["fitted_on"] = fittedOn;
        return ManifestFile.Write(directory, new ModelManifest
        {
            Kind = Kind,
            Recipe = new TrainingRecipe
            {
                Command = "nlp calibrate", Settings = new JObject { ["min_points_per_label"] = MinPointsPerLabel }, TrainingData = fittedOnFiles,
            },
            Labels = Layers.Where(_layer.ContainsKey).ToList(),
            Calibration = Parameters(),
            Scores = (JObject)written,
        });
    }

    public static SourceShiftCalibration Load(string directory)
    {
        var manifest = ManifestFile.Read(directory, Kind);
        var layer = new Dictionary<string, PlattCalibrator>();
        var label = new Dictionary<(string, string), PlattCalibrator>();
        foreach (var (name, p) in manifest.Calibration)
        {
            var calibrator = new PlattCalibrator(p.A, p.B);
            if (name.Split('/', 2) is [var l, var labelName]) label[(l, labelName)] = calibrator;
            else layer[name] = calibrator;
        }
        return new SourceShiftCalibration(layer, label);
    }

    public override string ToString() =>
        string.Join("; ", Layers.Where(_layer.ContainsKey).Select(l => string.Create(CultureInfo.InvariantCulture,
            $"{l} A={_layer[l].A:0.###} B={_layer[l].B:0.###} (+{_label.Count(k => k.Key.Layer == l)} per label)")));
}
