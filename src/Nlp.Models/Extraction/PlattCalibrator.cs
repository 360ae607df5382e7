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
        return Sigmoid(A * Logit(p) + B);
    }

    public static PlattCalibrator Fit(IReadOnlyList<(double Probability, bool Correct)> points)
    {
        int positives = points.Count(p => p.Correct);
        if (points.Count < 20 || positives == 0 || positives == points.Count) return Identity;
        // Platt's smoothed targets keep A and B finite when the classes separate.
        double hi = (positives + 1.0) / (positives + 2.0), lo = 1.0 / (points.Count - positives + 2.0);
        double a = 1, b = 0;
        double loss = Loss(points, a, b, hi, lo);
        for (int iter = 0; iter < 100; iter++)
        {
            // Newton's method on the two parameters of the log loss, with step halving so that it never diverges.
            double ga = 0, gb = 0, haa = 1e-6, hab = 0, hbb = 1e-6;
            foreach (var (p, correct) in points)
            {
                double x = Logit(p), t = correct ? hi : lo;
                double q = Sigmoid(a * x + b);
                double d = q - t, s = q * (1 - q);
                ga += d * x; gb += d;
                haa += s * x * x; hab += s * x; hbb += s;
            }
            double det = haa * hbb - hab * hab;
            if (Math.Abs(det) < 1e-12) break;
            double da = (hbb * ga - hab * gb) / det, db = (haa * gb - hab * ga) / det;
            double step = 1;
            double na = a - da, nb = b - db, newLoss = Loss(points, na, nb, hi, lo);
            while (newLoss > loss && step > 1e-6)
            {
                step /= 2;
                na = a - step * da; nb = b - step * db;
                newLoss = Loss(points, na, nb, hi, lo);
            }
            if (newLoss > loss) break;
            bool converged = loss - newLoss < 1e-10;
            a = na; b = nb; loss = newLoss;
            if (converged) break;
        }
        return new PlattCalibrator(a, b);
    }

    private static double Loss(IReadOnlyList<(double Probability, bool Correct)> points, double a, double b, double hi, double lo)
    {
        double loss = 0;
        foreach (var (p, correct) in points)
        {
            double q = Math.Clamp(Sigmoid(a * Logit(p) + b), 1e-12, 1 - 1e-12), t = correct ? hi : lo;
            loss -= t * Math.Log(q) + (1 - t) * Math.Log(1 - q);
        }
        return loss;
    }

    private static double Sigmoid(double z) => 1 / (1 + Math.Exp(-z));

    private static double Logit(double p)
    {
        p = Math.Clamp(p, 1e-5, 1 - 1e-5);
        return Math.Log(p / (1 - p));
    }
}
