using System.Security.Cryptography;
using Nlp.Core.Formats;
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
    public static RuleManifest Calibrate(string trainPath, string? devPath = null, string? repoRoot = null)
    {
        var train = JsonlReader.ReadAll(trainPath);
        var dev = devPath is null ? null : JsonlReader.ReadAll(devPath);
        return new RuleManifest
        {
            TrainingData = Relative(trainPath, repoRoot),
            TrainingDataSha256 = Sha256(trainPath),
            TrainingDocuments = train.Count,
            Train = Counts(RuleEvaluation.Score(train)),
            DevData = devPath is null ? null : Relative(devPath, repoRoot),
            Dev = dev is null ? null : Counts(RuleEvaluation.Score(dev)),
            Created = DateTimeOffset.UtcNow,
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

    public static string Sha256(string path)
    {
        using var stream = File.OpenRead(path);
        return Convert.ToHexString(SHA256.HashData(stream)).ToLowerInvariant();
    }

    private static string Relative(string path, string? root) =>
        root is null ? Path.GetFullPath(path) : Path.GetRelativePath(root, path).Replace('\\', '/');
}
