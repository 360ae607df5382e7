using System.CommandLine;
using System.Globalization;
using Newtonsoft.Json.Linq;
using Nlp.Core.Formats;
using Nlp.Core.Manifests;
using Nlp.Core.Scoring;
using Nlp.Models.Calibration;

namespace Nlp.Cli.Commands;

/// <summary>
/// <c>nlp calibrate --cross-source WORK --out models/calibration</c>: fits the source-shift calibration on the
/// leave-one-source-out predictions of the cross-source yardstick (WORK/loso-*/{test,predicted}.jsonl) and reports
/// the calibration error per layer before and after it, cross-fitted by source (each held-out source recalibrated by
/// a fit on the others), and on WORK/dev-other when present (never fitted on). A layer is recalibrated only where
/// the cross-fitted error falls by a tenth or more: the fold models learn from fewer sources than the shipped ones
/// and can be worse calibrated than they are, so the correction is kept only where it carries over between sources.
/// </summary>
internal static class CalibrateCommand
{
    /// <summary>The relative fall of the cross-fitted ECE a layer needs for its recalibration to be kept.</summary>
    const double MinImprovement = 0.1;

    public static Command Create(CliConsole console)
    {
        var work = new Option<string>("--cross-source") { Description = "the yardstick's folder (training-data/cross-source.sh WORK)", Required = true };
        var output = new Option<string>("--out") { Description = "calibration model folder to write", DefaultValueFactory = _ => "models/calibration" };
        var command = new Command("calibrate", "fit confidence calibration for new sources on the yardstick's leave-one-source-out predictions")
        {
            work, output,
        };
        command.SetAction(parse => console.Run(() =>
        {
            string dir = parse.GetValue(work)!;
            if (!Directory.Exists(dir)) throw new UsageException($"--cross-source: no such folder: {dir}");
            var sources = Directory.EnumerateDirectories(dir, "loso-*").OrderBy(d => d, StringComparer.Ordinal)
                .Where(d => File.Exists(Path.Combine(d, "predicted.jsonl"))).ToList();
            if (sources.Count < 2) throw new UsageException($"--cross-source: {dir} needs two or more loso-*/ folders with test.jsonl and predicted.jsonl");
            var points = sources.ToDictionary(d => Path.GetFileName(d), d => Points(d));

            var calibration = SourceShiftCalibration.Fit(points.Values.SelectMany(p => p));
            // Honest figures: each source recalibrated by a fit that never saw it.
            var crossFitted = points.SelectMany(kv =>
            {
                var fit = SourceShiftCalibration.Fit(points.Where(o => o.Key != kv.Key).SelectMany(o => o.Value));
                return kv.Value.Select(p => p with { Confidence = fit.Calibrate(p.Layer, p.Label, p.Confidence) });
            }).ToList();

            var heldOut = Compare(points.Values.SelectMany(p => p).ToList(), crossFitted);
            var kept = heldOut.Properties()
                .Where(p => (double)p.Value["ece_after"]! <= (1 - MinImprovement) * (double)p.Value["ece_before"]!)
                .Select(p => p.Name).ToList();
            calibration = calibration.Only(kept);
            var scores = new JObject
            {
                ["leave_one_source_out"] = heldOut,
                ["recalibrated_layers"] = new JArray(kept),
            };
            console.Out.WriteLine($"{"ECE per layer",-34} {"before",8} {"after",8} {"points",8}");
            Print(console, "held-out sources (cross-fitted)", heldOut);
            console.Out.WriteLine($"recalibrated (cross-fitted ECE down by {MinImprovement:P0} or more): {(kept.Count == 0 ? "none" : string.Join(", ", kept))}");
            string devOther = Path.Combine(dir, "dev-other");
            if (File.Exists(Path.Combine(devOther, "predicted.jsonl")))
            {
                var before = Points(devOther);
                var after = before.Select(p => p with { Confidence = calibration.Calibrate(p.Layer, p.Label, p.Confidence) }).ToList();
                scores["dev_other"] = Compare(before, after);
                Print(console, "dev-other (never fitted on)", (JObject)scores["dev_other"]!);
            }
            var fittedOn = new JObject
            {
                ["cross_source_folder"] = Path.GetFullPath(dir),
                ["sets"] = new JArray(points.Select(kv => new JObject { ["name"] = kv.Key, ["points"] = kv.Value.Count })),
            };
            var files = sources.SelectMany(d => new[] { "test.jsonl", "predicted.jsonl" }.Select(f => DataFile.Of(Path.Combine(d, f)))).ToList();
            var written = calibration.Save(parse.GetValue(output)!, files, fittedOn, scores);
            console.Out.WriteLine($"wrote {parse.GetValue(output)} ({written.Version}): {calibration}");
            return 0;
        }));
        return command;
    }

    static List<ConfidencePoint> Points(string set) =>
        Scorer.Score(JsonlReader.ReadAll(Path.Combine(set, "test.jsonl")), JsonlReader.ReadAll(Path.Combine(set, "predicted.jsonl"))).Points;

    static JObject Compare(IReadOnlyList<ConfidencePoint> before, IReadOnlyList<ConfidencePoint> after)
    {
        var o = new JObject();
        foreach (var layer in SourceShiftCalibration.Layers)
        {
            var b = Bins(before.Where(p => p.Layer == layer));
            var a = Bins(after.Where(p => p.Layer == layer));
            if (b.Count == 0) continue;
            o[layer] = new JObject
            {
                ["ece_before"] = Math.Round(b.ExpectedCalibrationError!.Value, 4),
                ["ece_after"] = Math.Round(a.ExpectedCalibrationError!.Value, 4),
                ["points"] = b.Count,
            };
        }
        return o;
    }

    static CalibrationBins Bins(IEnumerable<ConfidencePoint> points)
    {
        var bins = new CalibrationBins();
        foreach (var p in points) bins.Add(p.Confidence, p.Correct);
        return bins;
    }

    static void Print(CliConsole console, string title, JObject layers)
    {
        console.Out.WriteLine(title);
        foreach (var (layer, v) in layers)
            console.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  {layer,-32} {(double)v!["ece_before"]!,8:0.000} {(double)v["ece_after"]!,8:0.000} {(int)v["points"]!,8}"));
    }
}
