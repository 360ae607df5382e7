namespace Nlp.Models.MaxEnt;

/// <summary>Settings of <see cref="MaxEntTrainer"/>.</summary>
public sealed record MaxEntSettings
{
    public int Epochs { get; init; } = 12;
    public double LearningRate { get; init; } = 0.2;
    /// <summary>L2 penalty per example on the weights an example touches (a sparse approximation of full L2).</summary>
    public double L2 { get; init; } = 1e-4;
    /// <summary>Features seen fewer times than this in training are dropped: they only memorize.</summary>
    public int MinFeatureCount { get; init; } = 1;
    public int Seed { get; init; } = 13;
    /// <summary>Average the weights of the epochs in the second half of training (smoother, generalizes better).</summary>
    public bool Average { get; init; } = true;
}

/// <summary>
/// Fits a <see cref="MaxEntClassifier"/> with AdaGrad stochastic gradient descent on the log loss.
/// Deterministic for a given seed: the example order is a seeded shuffle and nothing runs in parallel.
/// </summary>
public sealed class MaxEntTrainer(MaxEntSettings settings)
{
    public MaxEntSettings Settings { get; } = settings;

    /// <summary>Fits on bags of feature names with string labels; <paramref name="labels"/> fixes the label order.</summary>
    /// <param name="prior">a warm start: training begins at this model's weights (features it never saw at zero) and
    /// the L2 penalty pulls towards them instead of towards zero, so a few epochs on new data adapt it without
    /// forgetting what the data does not speak about</param>
    public MaxEntClassifier Fit(IReadOnlyList<(IReadOnlyList<string> Features, string Label)> data, IReadOnlyList<string> labels,
        Action<int, double>? onEpoch = null, MaxEntClassifier? prior = null)
    {
        var (examples, featureIndex) = Index(data, labels, Settings.MinFeatureCount, prior?.FeatureNames);
        var start = prior?.WeightsOver(featureIndex, labels);
        var (weights, bias) = FitIndexed(examples, featureIndex.Count, labels.Count, onEpoch, start);
        return new MaxEntClassifier(labels, featureIndex, weights, bias);
    }

    /// <summary>Numbers the features seen at least <paramref name="minCount"/> times (in ordinal order, so that indices do
    /// not depend on hash order) and turns each example into feature indices and a label index.</summary>
    /// <param name="keep">features numbered whatever their count (a warm start's: the model it starts from has weights for them)</param>
    internal static (Example[] Examples, Dictionary<string, int> FeatureIndex) Index(
        IReadOnlyList<(IReadOnlyList<string> Features, string Label)> data, IReadOnlyList<string> labels, int minCount,
        IEnumerable<string>? keep = null)
    {
        var labelIndex = labels.Select((l, i) => (l, i)).ToDictionary(p => p.l, p => p.i, StringComparer.Ordinal);
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var (features, _) in data)
            foreach (var f in features) counts[f] = counts.GetValueOrDefault(f) + 1;
        var featureIndex = new Dictionary<string, int>(StringComparer.Ordinal);
        // Sorted, so that indices (and therefore the floating-point order of sums) do not depend on hash order.
        var numbered = counts.Where(p => p.Value >= minCount).Select(p => p.Key).Union(keep ?? [], StringComparer.Ordinal);
        foreach (var f in numbered.OrderBy(f => f, StringComparer.Ordinal))
            featureIndex[f] = featureIndex.Count;

        var examples = new Example[data.Count];
        for (int e = 0; e < data.Count; e++)
        {
            if (!labelIndex.TryGetValue(data[e].Label, out int y))
                throw new ArgumentException($"example {e}: label '{data[e].Label}' is not among the labels");
            var ids = data[e].Features.Where(featureIndex.ContainsKey).Select(f => featureIndex[f]).Distinct().ToArray();
            examples[e] = new Example(ids, y);
        }
        return (examples, featureIndex);
    }

    private (float[] Weights, float[] Bias) FitIndexed(Example[] examples, int featureCount, int labelCount, Action<int, double>? onEpoch,
        (float[] Weights, float[] Bias)? start)
    {
        int n = labelCount;
        // The penalty's centre: zero, or the weights a warm start begins from.
        var w0 = start?.Weights ?? new float[featureCount * n];
        var w = w0.ToArray();
        var g2 = new float[featureCount * n];
        var b = start?.Bias.ToArray() ?? new float[n];
        var gb2 = new float[n];
        var order = Enumerable.Range(0, examples.Length).ToArray();
        var rng = new Random(Settings.Seed);
        var scores = new double[n];
        var sumW = new double[w.Length];
        var sumB = new double[n];
        int averaged = 0;
        float lr = (float)Settings.LearningRate, l2 = (float)Settings.L2;
        for (int epoch = 1; epoch <= Settings.Epochs; epoch++)
        {
            rng.Shuffle(order);
            double loss = 0;
            foreach (int e in order)
            {
                var ex = examples[e];
                for (int l = 0; l < n; l++) scores[l] = b[l];
                foreach (int f in ex.Features)
                    for (int l = 0; l < n; l++) scores[l] += w[f * n + l];
                var p = MaxEntClassifier.Softmax(scores);
                loss -= Math.Log(Math.Max(p[ex.Label], 1e-12));
                for (int l = 0; l < n; l++)
                {
                    float grad = (float)(p[l] - (l == ex.Label ? 1 : 0));
                    gb2[l] += grad * grad;
                    b[l] -= lr * grad / (1e-6f + MathF.Sqrt(gb2[l]));
                    foreach (int f in ex.Features)
                    {
                        int k = f * n + l;
                        float gk = grad + l2 * (w[k] - w0[k]);
                        if (gk == 0) continue;
                        g2[k] += gk * gk;
                        w[k] -= lr * gk / (1e-6f + MathF.Sqrt(g2[k]));
                    }
                }
            }
            onEpoch?.Invoke(epoch, loss / Math.Max(1, examples.Length));
            if (Settings.Average && epoch > Settings.Epochs / 2)
            {
                for (int k = 0; k < w.Length; k++) sumW[k] += w[k];
                for (int l = 0; l < n; l++) sumB[l] += b[l];
                averaged++;
            }
        }
        if (averaged > 0)
        {
            w = sumW.Select(v => (float)(v / averaged)).ToArray();
            b = sumB.Select(v => (float)(v / averaged)).ToArray();
        }
        // Quantized exactly as the file stores them, so that a loaded model predicts what the fitted one did.
        return (w.Select(MaxEntClassifier.Quantize).ToArray(), b.Select(v => MaxEntClassifier.Quantize(v, keepSmall: true)).ToArray());
    }
}
