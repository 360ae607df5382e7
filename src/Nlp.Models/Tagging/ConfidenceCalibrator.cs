using Nlp.Core.Scoring;

namespace Nlp.Models.Tagging;

/// <summary>
/// Platt scaling of the CRF's span marginals: calibrated = sigmoid(A * logit(p) + B), fitted by Newton's method
/// on the log loss of (raw marginal, was the predicted entity correct) pairs from dev data. Two parameters fit
/// well on a few hundred entities and keep the order of confidences (a ranking by confidence is unchanged).
/// Identity is A = 1, B = 0.
/// </summary>
public sealed record ConfidenceCalibrator(double A, double B)
{
    public static readonly ConfidenceCalibrator Identity = new(1, 0);
    const double Epsilon = 1e-6;

    public double Apply(double raw) => Sigmoid(A * Logit(raw) + B);

    public static ConfidenceCalibrator Fit(IReadOnlyList<(double Raw, bool Correct)> samples)
    {
        if (samples.Count < 10 || samples.All(s => s.Correct) || samples.All(s => !s.Correct)) return Identity;
        var x = samples.Select(s => Logit(s.Raw)).ToArray();
        var y = samples.Select(s => s.Correct ? 1.0 : 0.0).ToArray();
        double a = 1, b = 0;
        double loss = Loss(x, y, a, b);
        for (int iteration = 0; iteration < 100; iteration++)
        {
            double ga = Ridge * (a - 1), gb = Ridge * b, haa = Ridge, hab = 0, hbb = Ridge;
            for (int i = 0; i < x.Length; i++)
            {
                double p = Sigmoid(a * x[i] + b), r = p - y[i], w = Math.Max(p * (1 - p), 1e-12);
                ga += r * x[i];
                gb += r;
                haa += w * x[i] * x[i];
                hab += w * x[i];
                hbb += w;
            }
            double det = haa * hbb - hab * hab;
            if (!(det > 0)) break;
            double da = (hbb * ga - hab * gb) / det, db = (haa * gb - hab * ga) / det;
            // Newton with step halving: the log loss must go down, or the step is shortened.
            double step = 1, next = double.PositiveInfinity;
            for (; step > 1e-6; step /= 2)
            {
                next = Loss(x, y, a - step * da, b - step * db);
                if (next <= loss) break;
            }
            if (!(next <= loss)) break;
            a -= step * da;
            b -= step * db;
            bool converged = loss - next < 1e-12;
            loss = next;
            if (converged) break;
        }
        return double.IsFinite(a) && double.IsFinite(b) ? new ConfidenceCalibrator(a, b) : Identity;
    }

    /// <summary>
    /// Expected calibration error measured honestly: the samples are split in two halves by group (document),
    /// a calibrator fitted on each half is measured on the other, and the bins of both are pooled. Also returns
    /// the ECE of the raw marginals over all samples.
    /// </summary>
    public static (double? Raw, double? CrossFitted) CrossFitEce(IReadOnlyList<(double Raw, bool Correct, int Group)> samples)
    {
        var raw = new CalibrationBins();
        foreach (var s in samples) raw.Add(s.Raw, s.Correct);
        var halves = new[] { samples.Where(s => s.Group % 2 == 0).ToList(), samples.Where(s => s.Group % 2 == 1).ToList() };
        var crossed = new CalibrationBins();
        for (int h = 0; h < 2; h++)
        {
            var calibrator = Fit(halves[h].Select(s => (s.Raw, s.Correct)).ToList());
            foreach (var s in halves[1 - h]) crossed.Add(calibrator.Apply(s.Raw), s.Correct);
        }
        return (raw.ExpectedCalibrationError, crossed.ExpectedCalibrationError);
    }

    /// <summary>Keeps the Hessian invertible (and A, B finite) when the samples are separable.</summary>
    const double Ridge = 1e-3;

    static double Loss(double[] x, double[] y, double a, double b)
    {
        double loss = 0.5 * Ridge * ((a - 1) * (a - 1) + b * b);
        for (int i = 0; i < x.Length; i++)
        {
            double z = a * x[i] + b;
            // log(1 + e^z) - y z, computed without overflow
            loss += (z > 0 ? z + Math.Log(1 + Math.Exp(-z)) : Math.Log(1 + Math.Exp(z))) - y[i] * z;
        }
        return loss;
    }

    static double Logit(double p)
    {
        p = Math.Clamp(p, Epsilon, 1 - Epsilon);
        return Math.Log(p / (1 - p));
    }

    static double Sigmoid(double z) => 1 / (1 + Math.Exp(-z));
}
