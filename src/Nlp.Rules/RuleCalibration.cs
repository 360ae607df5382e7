using Nlp.Core.Formats;
using Nlp.Core.Manifests;
using Nlp.Core.Model;
using Nlp.Core.Scoring;

namespace Nlp.Rules;

/// <summary>
/// Measures the rules on gold data and writes the manifest their confidences come from: per-label counts on
/// train (the precision that becomes the confidence) and, for the record, on dev. Deterministic: the same
/// rules and data give the same counts.
/// </summary>
public static class RuleCalibration
{
    /// <summary>The counts on train (and dev); data paths are recorded relative to <paramref name="repoRoot"/> (default:
    /// the working directory).</summary>
    public static RuleManifest Calibrate(string trainPath, string? devPath = null, string? repoRoot = null)
    {
        var train = JsonlReader.ReadAll(trainPath);
        var dev = devPath is null ? null : JsonlReader.ReadAll(devPath);
        return new RuleManifest
        {
            TrainingData = DataFile.Of(trainPath, train.Count, repoRoot),
            Train = Counts(RuleEvaluation.Score(train)),
            DevData = dev is null ? null : DataFile.Of(devPath!, dev.Count, repoRoot),
            Dev = dev is null ? null : Counts(RuleEvaluation.Score(dev)),
        };
    }

    public static IReadOnlyDictionary<string, LabelCounts> Counts(EvaluationReport report)
    {
        var result = new SortedDictionary<string, LabelCounts>(StringComparer.Ordinal);
        foreach (var label in NumericLabels.All)
        {
            var c = report.Entities.PerLabel.TryGetValue(label, out var p) ? p : PrfCounts.Zero;
            result[label] = new LabelCounts(c.TruePositives, c.FalsePositives, c.FalseNegatives);
        }
        return result;
    }
}
