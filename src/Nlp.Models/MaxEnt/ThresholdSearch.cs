namespace Nlp.Models.MaxEnt;

/// <summary>
/// Picks the confidence threshold that maximizes F1 on held-out (cross-fitted) predictions: the decision point is
/// learned from training data, not from dev.
/// </summary>
public static class ThresholdSearch
{
    /// <param name="points">held-out predictions: calibrated confidence and whether it was correct</param>
    /// <param name="goldCount">how many gold items the held-out documents had</param>
    public static double BestF1Threshold(IReadOnlyList<(double Confidence, bool Correct)> points, int goldCount, double fallback = 0.5)
    {
        if (points.Count == 0 || goldCount == 0) return fallback;
        var sorted = points.OrderByDescending(p => p.Confidence).ToList();
        double bestF1 = -1, best = fallback;
        int tp = 0;
        for (int i = 0; i < sorted.Count; i++)
        {
            if (sorted[i].Correct) tp++;
            // Only cut between distinct confidences.
            if (i + 1 < sorted.Count && sorted[i + 1].Confidence == sorted[i].Confidence) continue;
            double f1 = 2.0 * tp / (i + 1 + goldCount);
            if (f1 > bestF1)
            {
                bestF1 = f1;
                double next = i + 1 < sorted.Count ? sorted[i + 1].Confidence : 0;
                best = (sorted[i].Confidence + next) / 2;
            }
        }
        return Math.Round(Math.Clamp(best, 0.05, 0.95), 3);
    }
}
