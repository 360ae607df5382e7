namespace Nlp.Core.Scoring;

/// <summary>True positives, false positives and false negatives, with precision, recall and F1 in percent.</summary>
public sealed record PrfCounts(int TruePositives, int FalsePositives, int FalseNegatives)
{
    public static readonly PrfCounts Zero = new(0, 0, 0);

    public int Predicted => TruePositives + FalsePositives;
    public int Gold => TruePositives + FalseNegatives;

    /// <summary>Percent. With nothing predicted and nothing to find, a perfect score (the system is right to say nothing).</summary>
    public double Precision => Predicted == 0 ? (Gold == 0 ? 100 : 0) : 100.0 * TruePositives / Predicted;
    public double Recall => Gold == 0 ? (Predicted == 0 ? 100 : 0) : 100.0 * TruePositives / Gold;
    public double F1 => Precision + Recall == 0 ? 0 : 2 * Precision * Recall / (Precision + Recall);

    public static PrfCounts operator +(PrfCounts a, PrfCounts b) =>
        new(a.TruePositives + b.TruePositives, a.FalsePositives + b.FalsePositives, a.FalseNegatives + b.FalseNegatives);
}
