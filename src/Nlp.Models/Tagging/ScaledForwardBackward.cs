using System.Numerics;

namespace Nlp.Models.Tagging;

/// <summary>
/// Forward-backward of a linear-chain CRF on the CPU in plain arrays, for prediction. The recursions run in
/// probability space with one scale factor per position (Rabiner's scaling), so each step is a small
/// matrix-vector product with no exp or log inside. Why not torch: a torch version issues several tiny tensor
/// operations per position, whose fixed cost made confidences as expensive as the whole BiLSTM encoder.
/// </summary>
/// <remarks>
/// Savings that leave every result bit for bit as it was: each position's exponentiated emissions are computed once
/// for both directions; the log of a scaled value is taken only when a span asks for it (<see cref="ScaledLattice"/>),
/// not for every tag of every position; and the matrix-vector steps run in SIMD vectors across tags, each element
/// still summed in the same order with a separate multiply and add (no fused multiply-add, which rounds once).
/// </remarks>
internal static class ScaledForwardBackward
{
    static readonly int Lanes = Vector<double>.Count;

    /// <summary>Alpha and beta of every row in scaled form, and log Z per row. alpha[b, t, j]: log-sum of the scores
    /// of all prefixes ending at t with tag j (emission t included); beta[b, t, j]: log-sum of the scores of all
    /// suffixes after t given tag j at t (end score included). Padding positions are left at 0 and must not be read.</summary>
    /// <param name="emissions">[batch, seq, tags] flat.</param>
    /// <param name="transitions">[from, to] flat, constraint penalties included.</param>
    public static (ScaledLattice Alpha, ScaledLattice Beta, double[] LogZ) Run(
        int batch, int length, int tags, int[] lengths, double[] emissions, double[] transitions, double[] start, double[] end)
    {
        // Vectors of tags, padded to whole SIMD vectors (the padding lanes hold zeros and are never read).
        int width = (tags + Lanes - 1) / Lanes * Lanes;
        var expTransitions = new double[tags * width];   // [from, to]: a forbidden move (penalty) becomes 0
        var expTransposed = new double[tags * width];    // [to, from]
        for (int i = 0; i < tags; i++)
            for (int j = 0; j < tags; j++)
                expTransitions[i * width + j] = expTransposed[j * width + i] = Math.Exp(transitions[i * tags + j]);
        var expEnd = Array.ConvertAll(end, Math.Exp);
        var alpha = new ScaledLattice(batch, length, tags);
        var beta = new ScaledLattice(batch, length, tags);
        var logZ = new double[batch];
        var current = new double[width];
        var next = new double[width];
        var weighted = new double[width];
        var expEmissions = new double[length * width]; // one row's exp(emission - max), per position
        var emissionMax = new double[length];
        for (int b = 0; b < batch; b++)
        {
            int n = lengths[b];
            int row = b * length * tags;
            for (int t = 0; t < n; t++)
                emissionMax[t] = ExpShifted(emissions, row + t * tags, tags, expEmissions, t * width);

            // Forward: current holds alpha_t / exp(logScale). next[j] sums from * exp(transition[i, j]) over i in
            // order, as the one-tag-at-a-time loop did.
            double logScale = 0;
            for (int j = 0; j < tags; j++) current[j] = Math.Exp(start[j]) * expEmissions[j];
            logScale += emissionMax[0] + Normalize(current, tags);
            alpha.Store(b, 0, current, logScale);
            for (int t = 1; t < n; t++)
            {
                Array.Clear(next);
                for (int i = 0; i < tags; i++)
                {
                    double from = current[i];
                    if (from == 0) continue;
                    var fromVector = new Vector<double>(from);
                    for (int j = 0; j < width; j += Lanes)
                        (new Vector<double>(next, j) + fromVector * new Vector<double>(expTransitions, i * width + j)).CopyTo(next, j);
                }
                int at = t * width;
                for (int j = 0; j < width; j += Lanes)
                    (new Vector<double>(next, j) * new Vector<double>(expEmissions, at + j)).CopyTo(next, j);
                (current, next) = (next, current);
                logScale += emissionMax[t] + Normalize(current, tags);
                alpha.Store(b, t, current, logScale);
            }
            double z = 0;
            for (int j = 0; j < tags; j++) z += current[j] * expEnd[j];
            logZ[b] = Math.Log(z) + logScale;

            // Backward: current holds beta_t / exp(logScale). next[i] sums exp(transition[i, j]) * weighted[j] over j
            // in order (from 0, as the one-tag-at-a-time sum did), for all i at once from the transposed transitions.
            logScale = 0;
            Array.Clear(current);
            Array.Copy(expEnd, current, tags);
            logScale += Normalize(current, tags);
            beta.Store(b, n - 1, current, logScale);
            for (int t = n - 2; t >= 0; t--)
            {
                int at = (t + 1) * width;
                for (int j = 0; j < width; j += Lanes)
                    (new Vector<double>(expEmissions, at + j) * new Vector<double>(current, j)).CopyTo(weighted, j);
                Array.Clear(next);
                for (int j = 0; j < tags; j++)
                {
                    var weight = new Vector<double>(weighted[j]);
                    for (int i = 0; i < width; i += Lanes)
                        (new Vector<double>(next, i) + new Vector<double>(expTransposed, j * width + i) * weight).CopyTo(next, i);
                }
                (current, next) = (next, current);
                logScale += emissionMax[t + 1] + Normalize(current, tags);
                beta.Store(b, t, current, logScale);
            }
        }
        return (alpha, beta, logZ);
    }

    /// <summary>exp(emission - max) into <paramref name="into"/> at <paramref name="at"/>; returns the max, kept aside in log space.</summary>
    static double ExpShifted(double[] emissions, int offset, int tags, double[] into, int at)
    {
        double max = double.NegativeInfinity;
        for (int j = 0; j < tags; j++) max = Math.Max(max, emissions[offset + j]);
        for (int j = 0; j < tags; j++) into[at + j] = Math.Exp(emissions[offset + j] - max);
        return max;
    }

    /// <summary>Scales the first <paramref name="tags"/> values to sum 1 and returns the log of the factor removed (the
    /// caller adds it to its scale).</summary>
    static double Normalize(double[] values, int tags)
    {
        double sum = 0;
        for (int j = 0; j < tags; j++) sum += values[j];
        for (int j = 0; j < tags; j++) values[j] /= sum;
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
