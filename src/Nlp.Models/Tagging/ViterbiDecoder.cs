using System.Numerics;

namespace Nlp.Models.Tagging;

/// <summary>
/// Viterbi decoding of a linear-chain CRF on the CPU in plain float arrays, for prediction. Why not torch: the
/// torch version issued five small tensor operations per position, whose fixed cost made decoding take a sixth of
/// the tagger's time. The arithmetic is torch's, step for step in float32 ((score + transition) + emission, the
/// first of equal maxima), so the paths are exactly those the torch version found. The candidates of all next tags
/// are computed at once in SIMD vectors: element-wise additions and comparisons, which round exactly as one at a time.
/// </summary>
internal static class ViterbiDecoder
{
    static readonly int Lanes = Vector<float>.Count;

    /// <summary>The best tag path of each row, as long as the row.</summary>
    /// <param name="emissions">[batch, seq, tags] flat.</param>
    /// <param name="transitions">[from, to] flat, constraint penalties included.</param>
    public static int[][] Decode(int batch, int length, int tags, int[] lengths, float[] emissions, float[] transitions, float[] start, float[] end)
    {
        // Rows padded to whole vectors; the padding lanes compute values nobody reads.
        int width = (tags + Lanes - 1) / Lanes * Lanes;
        var paddedTransitions = new float[tags * width];
        for (int i = 0; i < tags; i++) Array.Copy(transitions, i * tags, paddedTransitions, i * width, tags);
        var emission = new float[width];
        var score = new float[width];
        var best = new float[width];
        var argBest = new int[width];
        var paths = new int[batch][];
        var backpointers = new int[length * width]; // [t, j]: best previous tag when position t has tag j; reused per row
        for (int b = 0; b < batch; b++)
        {
            int n = lengths[b];
            int row = b * length * tags;
            for (int j = 0; j < tags; j++) score[j] = start[j] + emissions[row + j];
            for (int t = 1; t < n; t++)
            {
                Array.Copy(emissions, row + t * tags, emission, 0, tags);
                for (int j = 0; j < width; j += Lanes)
                {
                    var e = new Vector<float>(emission, j);
                    var bestValue = new Vector<float>(score[0]) + new Vector<float>(paddedTransitions, j) + e;
                    var bestIndex = Vector<int>.Zero;
                    for (int i = 1; i < tags; i++)
                    {
                        var candidate = new Vector<float>(score[i]) + new Vector<float>(paddedTransitions, i * width + j) + e;
                        // Strictly greater: torch's max keeps the first of equal values.
                        var greater = Vector.GreaterThan(candidate, bestValue);
                        bestValue = Vector.ConditionalSelect(greater, candidate, bestValue);
                        bestIndex = Vector.ConditionalSelect(greater, new Vector<int>(i), bestIndex);
                    }
                    bestValue.CopyTo(best, j);
                    bestIndex.CopyTo(argBest, j);
                }
                Array.Copy(best, score, tags);
                Array.Copy(argBest, 0, backpointers, t * width, tags);
            }

            var path = new int[n];
            int last = 0;
            float bestFinal = score[0] + end[0];
            for (int j = 1; j < tags; j++)
            {
                float final = score[j] + end[j];
                if (final > bestFinal)
                {
                    bestFinal = final;
                    last = j;
                }
            }
            path[n - 1] = last;
            for (int t = n - 1; t >= 1; t--) path[t - 1] = backpointers[t * width + path[t]];
            paths[b] = path;
        }
        return paths;
    }
}
