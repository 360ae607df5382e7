namespace Nlp.Models.Tagging;

/// <summary>
/// Forward-backward of a linear-chain CRF on the CPU in plain arrays, for prediction. The recursions run in
/// probability space with one scale factor per position (Rabiner's scaling), so each step is a small
/// matrix-vector product with no exp or log inside. Why not torch: a torch version issues several tiny tensor
/// operations per position, whose fixed cost made confidences as expensive as the whole BiLSTM encoder.
/// </summary>
/// <remarks>
/// Three savings that leave every result bit for bit as it was: each position's exponentiated emissions are
/// computed once for both directions; transitions whose exponential is exactly 0 (the IOB2 penalties, about half
/// of them) are skipped, as adding their zero products changed nothing; and the log of a scaled value is taken only
/// when a span asks for it (<see cref="ScaledLattice"/>), not for every tag of every position.
/// </remarks>
internal static class ScaledForwardBackward
{
    /// <summary>Alpha and beta of every row in scaled form, and log Z per row. alpha[b, t, j]: log-sum of the scores
    /// of all prefixes ending at t with tag j (emission t included); beta[b, t, j]: log-sum of the scores of all
    /// suffixes after t given tag j at t (end score included). Padding positions are left at 0 and must not be read.</summary>
    /// <param name="emissions">[batch, seq, tags] flat.</param>
    /// <param name="transitions">[from, to] flat, constraint penalties included.</param>
    public static (ScaledLattice Alpha, ScaledLattice Beta, double[] LogZ) Run(
        int batch, int length, int tags, int[] lengths, double[] emissions, double[] transitions, double[] start, double[] end)
    {
        var expTransitions = Array.ConvertAll(transitions, Math.Exp); // a forbidden move (penalty) becomes 0
        var expEnd = Array.ConvertAll(end, Math.Exp);
        var allowed = AllowedMoves(expTransitions, tags);
        var alpha = new ScaledLattice(batch, length, tags);
        var beta = new ScaledLattice(batch, length, tags);
        var logZ = new double[batch];
        var current = new double[tags];
        var next = new double[tags];
        var weighted = new double[tags];
        var expEmissions = new double[length * tags]; // one row's exp(emission - max), per position
        var emissionMax = new double[length];
        for (int b = 0; b < batch; b++)
        {
            int n = lengths[b];
            int row = b * length * tags;
            for (int t = 0; t < n; t++)
                emissionMax[t] = ExpShifted(emissions, row + t * tags, tags, expEmissions, t * tags);

            // Forward: current holds alpha_t / exp(logScale).
            double logScale = 0;
            for (int j = 0; j < tags; j++) current[j] = Math.Exp(start[j]) * expEmissions[j];
            logScale += emissionMax[0] + Normalize(current);
            alpha.Store(b, 0, current, logScale);
            for (int t = 1; t < n; t++)
            {
                Array.Clear(next);
                for (int i = 0; i < tags; i++)
                {
                    double from = current[i];
                    if (from == 0) continue;
                    int transitionRow = i * tags;
                    foreach (int j in allowed[i]) next[j] += from * expTransitions[transitionRow + j];
                }
                int at = t * tags;
                for (int j = 0; j < tags; j++) next[j] *= expEmissions[at + j];
                (current, next) = (next, current);
                logScale += emissionMax[t] + Normalize(current);
                alpha.Store(b, t, current, logScale);
            }
            double z = 0;
            for (int j = 0; j < tags; j++) z += current[j] * expEnd[j];
            logZ[b] = Math.Log(z) + logScale;

            // Backward: current holds beta_t / exp(logScale).
            logScale = 0;
            Array.Copy(expEnd, current, tags);
            logScale += Normalize(current);
            beta.Store(b, n - 1, current, logScale);
            for (int t = n - 2; t >= 0; t--)
            {
                int at = (t + 1) * tags;
                for (int j = 0; j < tags; j++) weighted[j] = expEmissions[at + j] * current[j];
                for (int i = 0; i < tags; i++)
                {
                    double sum = 0;
                    int transitionRow = i * tags;
                    foreach (int j in allowed[i]) sum += expTransitions[transitionRow + j] * weighted[j];
                    next[i] = sum;
                }
                (current, next) = (next, current);
                logScale += emissionMax[t + 1] + Normalize(current);
                beta.Store(b, t, current, logScale);
            }
        }
        return (alpha, beta, logZ);
    }

    /// <summary>For each tag, the tags it may move to: those whose exponentiated transition is not exactly 0.</summary>
    static int[][] AllowedMoves(double[] expTransitions, int tags)
    {
        var allowed = new int[tags][];
        for (int i = 0; i < tags; i++)
            allowed[i] = Enumerable.Range(0, tags).Where(j => expTransitions[i * tags + j] != 0).ToArray();
        return allowed;
    }

    /// <summary>exp(emission - max) into <paramref name="into"/> at <paramref name="at"/>; returns the max, kept aside in log space.</summary>
    static double ExpShifted(double[] emissions, int offset, int tags, double[] into, int at)
    {
        double max = double.NegativeInfinity;
        for (int j = 0; j < tags; j++) max = Math.Max(max, emissions[offset + j]);
        for (int j = 0; j < tags; j++) into[at + j] = Math.Exp(emissions[offset + j] - max);
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
}

/// <summary>
/// Alpha or beta of a batch as scaled probabilities [batch, seq, tags] plus one log scale per position; the log-space
/// value is <c>log(scaled) + logScale</c>, computed only for the entries read.
/// </summary>
internal sealed class ScaledLattice(int batch, int length, int tags)
{
    readonly double[] _scaled = new double[batch * length * tags];
    readonly double[] _logScale = new double[batch * length];

    public void Store(int b, int t, double[] scaled, double logScale)
    {
        Array.Copy(scaled, 0, _scaled, (b * length + t) * tags, tags);
        _logScale[b * length + t] = logScale;
    }

    public double Log(int b, int t, int tag) => Math.Log(_scaled[(b * length + t) * tags + tag]) + _logScale[b * length + t];
}
