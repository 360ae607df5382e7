namespace Nlp.Models.Tagging;

/// <summary>
/// Forward-backward of a linear-chain CRF on the CPU in plain arrays, for prediction. The recursions run in
/// probability space with one scale factor per position (Rabiner's scaling), so each step is a small
/// matrix-vector product with no exp or log inside; the results are returned in log space. Why not torch:
/// a torch version issues several tiny tensor operations per position, whose fixed cost made confidences as
/// expensive as the whole BiLSTM encoder.
/// </summary>
internal static class ScaledForwardBackward
{
    /// <summary>
    /// Log-space alpha and beta ([batch, seq, tags], padding positions left at negative infinity) and log Z per
    /// row. alpha[b, t, j]: log-sum of the scores of all prefixes ending at t with tag j (emission t included);
    /// beta[b, t, j]: log-sum of the scores of all suffixes after t given tag j at t (end score included).
    /// </summary>
    /// <param name="emissions">[batch, seq, tags] flat.</param>
    /// <param name="transitions">[from, to] flat, constraint penalties included.</param>
    public static (double[] Alpha, double[] Beta, double[] LogZ) Run(
        int batch, int length, int tags, int[] lengths, double[] emissions, double[] transitions, double[] start, double[] end)
    {
        var expTransitions = Array.ConvertAll(transitions, Math.Exp); // a forbidden move (penalty) becomes 0
        var expEnd = Array.ConvertAll(end, Math.Exp);
        var alpha = new double[batch * length * tags];
        var beta = new double[batch * length * tags];
        Array.Fill(alpha, double.NegativeInfinity);
        Array.Fill(beta, double.NegativeInfinity);
        var logZ = new double[batch];
        var current = new double[tags];
        var next = new double[tags];
        var expEmission = new double[tags];
        for (int b = 0; b < batch; b++)
        {
            int n = lengths[b];
            int row = b * length * tags;

            // Forward: current holds alpha_t / exp(logScale).
            double logScale = 0;
            double emissionMax = ExpShifted(emissions, row, tags, expEmission);
            for (int j = 0; j < tags; j++) current[j] = Math.Exp(start[j]) * expEmission[j];
            logScale += emissionMax + Normalize(current);
            StoreLog(alpha, row, current, logScale);
            for (int t = 1; t < n; t++)
            {
                emissionMax = ExpShifted(emissions, row + t * tags, tags, expEmission);
                Array.Clear(next);
                for (int i = 0; i < tags; i++)
                {
                    double from = current[i];
                    if (from == 0) continue;
                    int transitionRow = i * tags;
                    for (int j = 0; j < tags; j++) next[j] += from * expTransitions[transitionRow + j];
                }
                for (int j = 0; j < tags; j++) next[j] *= expEmission[j];
                (current, next) = (next, current);
                logScale += emissionMax + Normalize(current);
                StoreLog(alpha, row + t * tags, current, logScale);
            }
            double z = 0;
            for (int j = 0; j < tags; j++) z += current[j] * expEnd[j];
            logZ[b] = Math.Log(z) + logScale;

            // Backward: current holds beta_t / exp(logScale).
            logScale = 0;
            Array.Copy(expEnd, current, tags);
            logScale += Normalize(current);
            StoreLog(beta, row + (n - 1) * tags, current, logScale);
            for (int t = n - 2; t >= 0; t--)
            {
                emissionMax = ExpShifted(emissions, row + (t + 1) * tags, tags, expEmission);
                for (int j = 0; j < tags; j++) expEmission[j] *= current[j];
                for (int i = 0; i < tags; i++)
                {
                    double sum = 0;
                    int transitionRow = i * tags;
                    for (int j = 0; j < tags; j++) sum += expTransitions[transitionRow + j] * expEmission[j];
                    next[i] = sum;
                }
                (current, next) = (next, current);
                logScale += emissionMax + Normalize(current);
                StoreLog(beta, row + t * tags, current, logScale);
            }
        }
        return (alpha, beta, logZ);
    }

    /// <summary>exp(emission - max) into <paramref name="into"/>; returns the max, kept aside in log space.</summary>
    static double ExpShifted(double[] emissions, int offset, int tags, double[] into)
    {
        double max = double.NegativeInfinity;
        for (int j = 0; j < tags; j++) max = Math.Max(max, emissions[offset + j]);
        for (int j = 0; j < tags; j++) into[j] = Math.Exp(emissions[offset + j] - max);
        return max;
    }

    /// <summary>Scales the vector to sum 1 and returns the log of the factor removed (the caller adds it to its scale).</summary>
    static double Normalize(double[] values)
    {
        double sum = 0;
        foreach (double v in values) sum += v;
        for (int j = 0; j < values.Length; j++) values[j] /= sum;
        return Math.Log(sum);
    }

    static void StoreLog(double[] into, int offset, double[] scaled, double logScale)
    {
        for (int j = 0; j < scaled.Length; j++) into[offset + j] = Math.Log(scaled[j]) + logScale;
    }
}
