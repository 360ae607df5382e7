namespace Nlp.Models.MaxEnt;

/// <summary>Settings of <see cref="MaxEntBatchTrainer"/>.</summary>
public sealed record MaxEntBatchSettings
{
    /// <summary>
    /// The L2 penalty λ/2·‖w‖² on the feature weights (not the biases), added to the MEAN log loss per example — the
    /// scale of <see cref="MaxEntSettings.L2"/>, whose per-example penalty sums to the same over an epoch.
    /// </summary>
    public double L2 { get; init; } = 1e-4;
    public int MaxIterations { get; init; } = 300;
    /// <summary>Stop when the objective improves by less than this fraction over 5 iterations.</summary>
    public double Tolerance { get; init; } = 1e-6;
    public int MinFeatureCount { get; init; } = 1;
    /// <summary>How many past steps L-BFGS remembers to approximate the curvature.</summary>
    public int Memory { get; init; } = 10;
}

/// <summary>
/// Fits a <see cref="MaxEntClassifier"/> by minimizing the L2-regularized log loss over the whole training set with
/// L-BFGS. Unlike the SGD trainer (<see cref="MaxEntTrainer"/>) the result does not depend on the order of the
/// examples: the objective is convex, so it converges to the one optimum — the same model for every seed, and
/// probabilities shaped by the penalty rather than by where training happened to stop.
/// </summary>
public sealed class MaxEntBatchTrainer(MaxEntBatchSettings settings)
{
    public MaxEntBatchSettings Settings { get; } = settings;

    /// <param name="prior">a warm start: the search begins at this model's weights (features it never saw at zero) and
    /// the L2 penalty is centred on them, λ/2·‖w − w₀‖² (a Gaussian prior at the old model: MAP adaptation), so what
    /// the new data does not speak about stays as it was</param>
    public MaxEntClassifier Fit(IReadOnlyList<(IReadOnlyList<string> Features, string Label)> data, IReadOnlyList<string> labels,
        Action<int, double>? onIteration = null, MaxEntClassifier? prior = null)
    {
        var (examples, featureIndex) = MaxEntTrainer.Index(data, labels, Settings.MinFeatureCount, prior?.FeatureNames);
        int n = labels.Count, dim = featureIndex.Count * n + n; // weights, then biases
        var x = new double[dim];
        var centre = new double[featureIndex.Count * n];
        if (prior?.WeightsOver(featureIndex, labels) is var (w0, b0))
        {
            for (int k = 0; k < w0.Length; k++) x[k] = centre[k] = w0[k];
            for (int l = 0; l < n; l++) x[centre.Length + l] = b0[l];
        }
        var objective = new Objective(examples, featureIndex.Count, n, Settings.L2, centre);
        Lbfgs.Minimize(objective.Evaluate, x, Settings.MaxIterations, Settings.Memory, Settings.Tolerance, onIteration);
        var weights = new float[featureIndex.Count * n];
        for (int k = 0; k < weights.Length; k++) weights[k] = MaxEntClassifier.Quantize((float)x[k]);
        var bias = new float[n];
        for (int l = 0; l < n; l++) bias[l] = MaxEntClassifier.Quantize((float)x[weights.Length + l], keepSmall: true);
        return new MaxEntClassifier(labels, featureIndex, weights, bias);
    }

    /// <summary>The regularized negative log-likelihood and its gradient.</summary>
    private sealed class Objective(Example[] examples, int features, int labels, double l2, double[] centre)
    {
        public double Evaluate(double[] x, double[] gradient)
        {
            int n = labels, biasOffset = features * n;
            Array.Clear(gradient);
            double loss = 0;
            var scores = new double[n];
            foreach (var ex in examples)
            {
                for (int l = 0; l < n; l++) scores[l] = x[biasOffset + l];
                foreach (int f in ex.Features)
                    for (int l = 0; l < n; l++) scores[l] += x[f * n + l];
                var p = MaxEntClassifier.Softmax(scores);
                loss -= Math.Log(Math.Max(p[ex.Label], 1e-300));
                for (int l = 0; l < n; l++)
                {
                    double g = p[l] - (l == ex.Label ? 1 : 0);
                    gradient[biasOffset + l] += g;
                    foreach (int f in ex.Features) gradient[f * n + l] += g;
                }
            }
            double scale = 1.0 / Math.Max(1, examples.Length);
            loss *= scale;
            for (int k = 0; k < gradient.Length; k++) gradient[k] *= scale;
            for (int k = 0; k < biasOffset; k++)
            {
                double d = x[k] - centre[k];
                loss += 0.5 * l2 * d * d;
                gradient[k] += l2 * d;
            }
            return loss;
        }
    }
}
