using System.Globalization;
using System.Text;
using Newtonsoft.Json.Linq;

namespace Nlp.Core.Scoring;

/// <summary>Renders an <see cref="EvaluationReport"/> as a table for people or as one JSON object for programs.</summary>
public static class ReportFormatter
{
    public static string Table(EvaluationReport report)
    {
        var sb = new StringBuilder();
        sb.AppendLine($"documents: {report.Documents}");
        foreach (var (name, scores, calibration) in report.Sections())
        {
            var micro = scores.Micro;
            if (micro.Gold == 0 && micro.Predicted == 0) continue;
            sb.AppendLine();
            sb.AppendLine($"{name,-24} {"P",7} {"R",7} {"F1",7} {"gold",7} {"pred",7} {"tp",7}");
            foreach (var (label, c) in scores.PerLabel) Row(sb, "  " + label, c);
            Row(sb, "  micro", micro);
            if (calibration?.ExpectedCalibrationError is { } ece)
                sb.AppendLine(string.Create(CultureInfo.InvariantCulture, $"  ECE {ece:0.0000} over {calibration.Count} confidences"));
        }
        if (report.OverallCalibration.ExpectedCalibrationError is { } all)
            sb.AppendLine().AppendLine(string.Create(CultureInfo.InvariantCulture, $"calibration: ECE {all:0.0000} over {report.OverallCalibration.Count} confidences (10 bins)"));
        return sb.ToString();
    }

    public static JObject Json(EvaluationReport report)
    {
        var o = new JObject { ["documents"] = report.Documents };
        foreach (var (name, scores, calibration) in report.Sections())
        {
            var section = new JObject { ["micro"] = Counts(scores.Micro) };
            var per = new JObject();
            foreach (var (label, c) in scores.PerLabel) per[label] = Counts(c);
            section["per_label"] = per;
            if (calibration is not null) section["ece"] = calibration.ExpectedCalibrationError is { } e ? Math.Round(e, 6) : null;
            o[Key(name)] = section;
        }
        o["ece"] = report.OverallCalibration.ExpectedCalibrationError is { } all ? Math.Round(all, 6) : null;
        return o;
    }

    private static string Key(string name) => name switch
    {
        "arguments (overlap)" => "arguments",
        "arguments (strict)" => "arguments_strict",
        _ => name,
    };

    private static JObject Counts(PrfCounts c) => new()
    {
        ["precision"] = Math.Round(c.Precision, 4),
        ["recall"] = Math.Round(c.Recall, 4),
        ["f1"] = Math.Round(c.F1, 4),
        ["gold"] = c.Gold,
        ["predicted"] = c.Predicted,
        ["true_positives"] = c.TruePositives,
    };

    private static void Row(StringBuilder sb, string label, PrfCounts c) =>
        sb.AppendLine(string.Create(CultureInfo.InvariantCulture,
            $"{label,-24} {c.Precision,7:0.00} {c.Recall,7:0.00} {c.F1,7:0.00} {c.Gold,7} {c.Predicted,7} {c.TruePositives,7}"));
}
