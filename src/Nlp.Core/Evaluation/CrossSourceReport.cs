using System.Globalization;
using System.Text;
using Newtonsoft.Json.Linq;
using Nlp.Core.Scoring;

namespace Nlp.Core.Evaluation;

/// <summary>
/// The cross-source yardstick's table: one row per held-out source (folders named <c>loso-*</c>), their mean
/// (each source weighs the same, however many passages it has), and the dev-other set, scored on the models
/// trained on everything. Each cell is micro F1 with the calibration error (ECE) of that layer's confidences. Sources
/// differ widely in size (one seed gives 64 passages, another 2), so the pooled score over all held-out passages is
/// shown beside the mean: the mean asks "how does a new source fare", the pooled score has the smaller variance.
/// </summary>
public sealed class CrossSourceReport
{
    public sealed record Row(string Name, EvaluationReport Report);

    public static readonly string[] Layers = ["entities", "triggers", "arguments", "relations"];

    readonly List<Row> _rows = new();

    public IReadOnlyList<Row> Rows => _rows;

    public void Add(string name, EvaluationReport report) => _rows.Add(new Row(name, report));

    /// <summary>All held-out passages scored together, when the caller provides it.</summary>
    public EvaluationReport? Pooled { get; set; }

    public IEnumerable<Row> SourceRows => _rows.Where(r => r.Name.StartsWith("loso-", StringComparison.Ordinal));

    /// <summary>(F1, ECE) of one layer of one report; ECE is null without confidences.</summary>
    public static (double F1, double? Ece, int Gold) Cell(EvaluationReport r, string layer) => layer switch
    {
        "entities" => (r.Entities.Micro.F1, r.EntityCalibration.ExpectedCalibrationError, r.Entities.Micro.Gold),
        "triggers" => (r.Triggers.Micro.F1, r.TriggerCalibration.ExpectedCalibrationError, r.Triggers.Micro.Gold),
        "arguments" => (r.ArgumentsOverlap.Micro.F1, r.ArgumentCalibration.ExpectedCalibrationError, r.ArgumentsOverlap.Micro.Gold),
        "relations" => (r.Relations.Micro.F1, r.RelationCalibration.ExpectedCalibrationError, r.Relations.Micro.Gold),
        _ => throw new ArgumentException($"unknown layer {layer}"),
    };

    /// <summary>The unweighted mean over the held-out sources, or null when there are none.</summary>
    public (double F1, double? Ece)? Mean(string layer)
    {
        var cells = SourceRows.Select(r => Cell(r.Report, layer)).ToList();
        if (cells.Count == 0) return null;
        var eces = cells.Where(c => c.Ece is not null).Select(c => c.Ece!.Value).ToList();
        return (cells.Average(c => c.F1), eces.Count == cells.Count ? eces.Average() : null);
    }

    public string Table()
    {
        var sb = new StringBuilder();
        sb.Append($"{"set",-56}");
        foreach (var layer in Layers) sb.Append($" {layer + " F1 (ECE)",-22}");
        sb.AppendLine();
        foreach (var row in _rows)
        {
            sb.Append($"{row.Name + $" ({row.Report.Documents} docs)",-56}");
            foreach (var layer in Layers)
            {
                var (f1, ece, gold) = Cell(row.Report, layer);
                sb.Append($" {Format(f1, ece) + $" n={gold}",-22}");
            }
            sb.AppendLine();
        }
        if (SourceRows.Any())
        {
            sb.Append($"{"leave-one-source-out mean",-56}");
            foreach (var layer in Layers)
            {
                var (f1, ece) = Mean(layer)!.Value;
                sb.Append($" {Format(f1, ece),-22}");
            }
            sb.AppendLine();
        }
        if (Pooled is not null)
        {
            sb.Append($"{$"leave-one-source-out pooled ({Pooled.Documents} docs)",-56}");
            foreach (var layer in Layers)
            {
                var (f1, ece, gold) = Cell(Pooled, layer);
                sb.Append($" {Format(f1, ece) + $" n={gold}",-22}");
            }
            sb.AppendLine();
        }
        return sb.ToString();
    }

    public JObject Json()
    {
        var o = new JObject();
        var rows = new JObject();
        foreach (var row in _rows) rows[row.Name] = ReportFormatter.Json(row.Report);
        o["sets"] = rows;
        if (SourceRows.Any())
        {
            var mean = new JObject();
            foreach (var layer in Layers)
            {
                var (f1, ece) = Mean(layer)!.Value;
                mean[layer] = new JObject { ["f1"] = Math.Round(f1, 2), ["ece"] = ece is { } e ? Math.Round(e, 4) : null };
            }
            o["leave_one_source_out_mean"] = mean;
        }
        if (Pooled is not null) o["leave_one_source_out_pooled"] = Summary(Pooled);
        var summary = new JObject();
        foreach (var row in _rows) summary[row.Name] = Summary(row.Report);
        o["summary"] = summary;
        return o;
    }

    /// <summary>F1, ECE and gold count per layer.</summary>
    static JObject Summary(EvaluationReport report)
    {
        var cells = new JObject();
        foreach (var layer in Layers)
        {
            var (f1, ece, gold) = Cell(report, layer);
            cells[layer] = new JObject { ["f1"] = Math.Round(f1, 2), ["ece"] = ece is { } e ? Math.Round(e, 4) : null, ["gold"] = gold };
        }
        return cells;
    }

    static string Format(double f1, double? ece) =>
        string.Create(CultureInfo.InvariantCulture, $"{f1,5:0.0} ({(ece is { } e ? e.ToString("0.000", CultureInfo.InvariantCulture) : "-")})");
}
