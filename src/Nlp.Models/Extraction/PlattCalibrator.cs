namespace Nlp.Models.Extraction;

/// <summary>
/// Platt scaling on the log-odds of a classifier's probability: confidence = σ(A·logit(p) + B). Fitted on
/// (probability, was-correct) pairs the classifier did not train on (cross-fitted folds), so that a confidence
/// of 0.8 means right about 80% of the time. The identity (A=1, B=0) when there is too little data.
/// </summary>
public sealed record PlattCalibrator(double A, double B)
{
    public static readonly PlattCalibrator Identity = new(1, 0);

    public double Calibrate(double p)
    {
        double z = A * Logit(p) + B;
        return 1 / (1 + Math.Exp(-z));
    }

    public static PlattCalibrator Fit(IReadOnlyList<(double Probability, bool Correct)> points)
    {
        int positives = points.Count(p => p.Correct);
        if (points.Count < 20 || positives == 0 || positives == points.Count) return Identity;
        // Platt's smoothed targets keep A and B finite when the classes separate.
        double hi = (positives + 1.0) / (positives + 2.0), lo = 1.0 / (points.Count - positives + 2.0);
        double a = 1, b = 0;
        for (int iter = 0; iter < 100; iter++)
        {
            // Newton's method on the two parameters of the log loss.
            double ga = 0, gb = 0, haa = 1e-9, hab = 0, hbb = 1e-9;
            foreach (var (p, correct) in points)
            {
                double x = Logit(p), t = correct ? hi : lo;
                double q = 1 / (1 + Math.Exp(-(a * x + b)));
                double d = q - t, s = q * (1 - q);
                ga += d * x; gb += d;
                haa += s * x * x; hab += s * x; hbb += s;
            }
            double det = haa * hbb - hab * hab;
            if (Math.Abs(det) < 1e-12) break;
            double da = (hbb * ga - hab * gb) / det, db = (haa * gb - hab * ga) / det;
            a -= da; b -= db;
            if (Math.Abs(da) + Math.Abs(db) < 1e-9) break;
        }
        return new PlattCalibrator(a, b);
    }

    private static double Logit(double p)
    {
        p = Math.Clamp(p, 1e-7, 1 - 1e-7);
        return Math.Log(p / (1 - p));
    }
}
