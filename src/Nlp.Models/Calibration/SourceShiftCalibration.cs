using System.Collections.Immutable;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;
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
    public const int FormatVersion = 1;
    public const string Kind = "source-shift-calibration";
    public const string ManifestFile = "manifest.json";

    /// <summary>Points a label needs for a calibrator of its own; below it the layer's calibrator serves.</summary>
    public const int MinPointsPerLabel = 100;

    public static readonly string[] Layers = ["entities", "triggers", "arguments", "relations"];

    readonly IReadOnlyDictionary<string, PlattCalibrator> _layer;
    readonly IReadOnlyDictionary<(string Layer, string Label), PlattCalibrator> _label;

    SourceShiftCalibration(IReadOnlyDictionary<string, PlattCalibrator> layer, IReadOnlyDictionary<(string, string), PlattCalibrator> label)
    {
        _layer = layer;
        _label = label;
        Version = "sha256:" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(LayersJson().ToString(Formatting.None))))[..12];
    }

    /// <summary>A content hash of the calibrators: the same fit gives the same version, and extraction results are redone only when it changes.</summary>
    public string Version { get; }

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

    JObject LayersJson()
    {
        var o = new JObject();
        foreach (var layer in Layers.Where(_layer.ContainsKey))
        {
            var perLabel = new JObject();
            foreach (var ((l, label), c) in _label.Where(kv => kv.Key.Layer == layer).OrderBy(kv => kv.Key.Label, StringComparer.Ordinal))
                perLabel[label] = Json(c);
            o[layer] = new JObject { ["all"] = Json(_layer[layer]), ["per_label"] = perLabel };
        }
        return o;
    }

    static JObject Json(PlattCalibrator c) => new() { ["a"] = Math.Round(c.A, 6), ["b"] = Math.Round(c.B, 6) };

    /// <summary>Writes manifest.json: format version, kind, name, version, the calibrators, and what they were fitted on.</summary>
    public void Save(string directory, JObject fittedOn, JObject scores)
    {
        Directory.CreateDirectory(directory);
        var manifest = new JObject
        {
            ["format_version"] = FormatVersion,
            ["kind"] = Kind,
            ["name"] = Path.GetFileName(Path.GetFullPath(directory).TrimEnd('/')),
            ["version"] = Version,
            ["layers"] = LayersJson(),
            ["fitted_on"] = fittedOn,
            ["scores"] = scores,
        };
        File.WriteAllText(Path.Combine(directory, ManifestFile), manifest.ToString(Formatting.Indented) + "\n");
    }

    public static SourceShiftCalibration Load(string directory)
    {
        string path = Path.Combine(directory, ManifestFile);
        if (!File.Exists(path)) throw new InvalidDataException($"{path}: no calibration manifest");
        JObject json;
        try
        {
            json = JObject.Parse(File.ReadAllText(path));
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{path}: not a JSON object ({e.Message})", e);
        }
        if ((string?)json["kind"] != Kind)
            throw new InvalidDataException($"{path}: kind '{json["kind"]}' is not a {Kind}");
        if ((int?)json["format_version"] != FormatVersion)
            throw new InvalidDataException($"{path}: format version {json["format_version"]} cannot be read by this build (it reads {FormatVersion})");
        var layer = new Dictionary<string, PlattCalibrator>();
        var label = new Dictionary<(string, string), PlattCalibrator>();
        foreach (var (name, token) in (JObject?)json["layers"] ?? new JObject())
        {
            layer[name] = Read(token!["all"]!, path);
            foreach (var (l, c) in (JObject?)token["per_label"] ?? new JObject()) label[(name, l)] = Read(c!, path);
        }
        return new SourceShiftCalibration(layer, label);
    }

    static PlattCalibrator Read(JToken token, string path) =>
        token["a"] is { } a && token["b"] is { } b
            ? new PlattCalibrator((double)a, (double)b)
            : throw new InvalidDataException($"{path}: a calibrator lacks 'a' or 'b'");

    public override string ToString() =>
        string.Join("; ", Layers.Where(_layer.ContainsKey).Select(l => string.Create(CultureInfo.InvariantCulture,
            $"{l} A={_layer[l].A:0.###} B={_layer[l].B:0.###} (+{_label.Count(k => k.Key.Layer == l)} per label)")));
}
