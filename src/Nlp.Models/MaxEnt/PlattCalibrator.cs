namespace Nlp.Models.MaxEnt;

/// <summary>
/// Platt scaling on the log-odds of a model's probability: confidence = σ(A·logit(p) + B), the one calibrator of the
/// tagger's span marginals, the event and relation classifiers and the source-shift layer. Fitted on (probability,
/// was-correct) pairs the model did not train on, so that a confidence of 0.8 means right about 80% of the time. Two
/// parameters fit well on a few hundred decisions and keep the order of confidences. The identity (A=1, B=0) when
/// there is too little data.
/// </summary>
/// <remarks>
/// <see cref="ProbabilityFloor"/> bounds p away from 0 and 1 before the logit. It is part of a fitted calibrator:
/// the tagger's calibrators were fitted with 1e-6 (<see cref="TaggerFloor"/>), the others with 1e-5, and applying a
/// stored A, B with another floor would change confidences above 1 − floor.
/// </remarks>
public sealed record PlattCalibrator(double A, double B)
{
    public const double DefaultFloor = 1e-5, TaggerFloor = 1e-6;
    public static readonly PlattCalibrator Identity = new(1, 0);

    /// <summary>Not stored in a manifest: it follows from the kind of model (only the tagger's differs).</summary>
    [Newtonsoft.Json.JsonIgnore]
    public double ProbabilityFloor { get; init; } = DefaultFloor;

    public double Calibrate(double p) => Sigmoid(A * Logit(p, ProbabilityFloor) + B);

    /// <summary>The raw probability this calibrator maps to <paramref name="confidence"/> (its inverse; A must not be 0).</summary>
    public double Uncalibrate(double confidence) => Sigmoid((Logit(confidence, ProbabilityFloor) - B) / A);

    /// <summary>
    /// Newton's method on the log loss against Platt's smoothed targets, (positives+1)/(positives+2) and
    /// 1/(negatives+2), which keep A and B finite when right and wrong separate.
    /// </summary>
    public static PlattCalibrator Fit(IReadOnlyList<(double Probability, bool Correct)> points, double probabilityFloor = DefaultFloor)
    {
        var identity = Identity with { ProbabilityFloor = probabilityFloor };
        int positives = points.Count(p => p.Correct);
        if (points.Count < 20 || positives == 0 || positives == points.Count) return identity;
        double hi = (positives + 1.0) / (positives + 2.0), lo = 1.0 / (points.Count - positives + 2.0);
        var x = points.Select(p => Logit(p.Probability, probabilityFloor)).ToArray();
        var t = points.Select(p => p.Correct ? hi : lo).ToArray();
        double a = 1, b = 0;
        double loss = Loss(x, t, a, b);
        for (int iter = 0; iter < 100; iter++)
        {
            double ga = 0, gb = 0, haa = 1e-6, hab = 0, hbb = 1e-6;
            for (int i = 0; i < x.Length; i++)
            {
                double q = Sigmoid(a * x[i] + b);
                double d = q - t[i], s = q * (1 - q);
                ga += d * x[i]; gb += d;
                haa += s * x[i] * x[i]; hab += s * x[i]; hbb += s;
            }
            double det = haa * hbb - hab * hab;
            if (Math.Abs(det) < 1e-12) break;
            double da = (hbb * ga - hab * gb) / det, db = (haa * gb - hab * ga) / det;
            // Step halving: the loss must go down, so the iteration never diverges.
            double step = 1;
            double na = a - da, nb = b - db, newLoss = Loss(x, t, na, nb);
            while (newLoss > loss && step > 1e-6)
            {
                step /= 2;
                na = a - step * da; nb = b - step * db;
                newLoss = Loss(x, t, na, nb);
            }
            if (newLoss > loss) break;
            bool converged = loss - newLoss < 1e-10;
            a = na; b = nb; loss = newLoss;
            if (converged) break;
        }
        return double.IsFinite(a) && double.IsFinite(b) ? new PlattCalibrator(a, b) { ProbabilityFloor = probabilityFloor } : identity;
    }

    private static double Loss(double[] x, double[] t, double a, double b)
    {
        double loss = 0;
        for (int i = 0; i < x.Length; i++)
        {
            double q = Math.Clamp(Sigmoid(a * x[i] + b), 1e-12, 1 - 1e-12);
            loss -= t[i] * Math.Log(q) + (1 - t[i]) * Math.Log(1 - q);
        }
        return loss;
    }

    private static double Sigmoid(double z) => 1 / (1 + Math.Exp(-z));

    private static double Logit(double p, double floor)
    {
        p = Math.Clamp(p, floor, 1 - floor);
        return Math.Log(p / (1 - p));
    }
}
