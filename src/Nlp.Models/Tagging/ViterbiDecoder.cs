namespace Nlp.Models.Tagging;

/// <summary>
/// Viterbi decoding of a linear-chain CRF on the CPU in plain float arrays, for prediction. Why not torch: the
/// torch version issued five small tensor operations per position, whose fixed cost made decoding take a sixth of
/// the tagger's time. The arithmetic is torch's, step for step in float32 ((score + transition) + emission, the
/// first of equal maxima), so the paths are exactly those the torch version found.
/// </summary>
internal static class ViterbiDecoder
{
    /// <summary>The best tag path of each row, as long as the row.</summary>
    /// <param name="emissions">[batch, seq, tags] flat.</param>
    /// <param name="transitions">[from, to] flat, constraint penalties included.</param>
    public static int[][] Decode(int batch, int length, int tags, int[] lengths, float[] emissions, float[] transitions, float[] start, float[] end)
    {
        var paths = new int[batch][];
        var score = new float[tags];
        var next = new float[tags];
        var backpointers = new int[length * tags]; // [t, j]: best previous tag when position t has tag j; reused per row
        for (int b = 0; b < batch; b++)
        {
            int n = lengths[b];
            int row = b * length * tags;
            for (int j = 0; j < tags; j++) score[j] = start[j] + emissions[row + j];
            for (int t = 1; t < n; t++)
            {
                int at = row + t * tags;
                for (int j = 0; j < tags; j++)
                {
                    float emission = emissions[at + j];
                    float best = score[0] + transitions[j] + emission;
                    int argBest = 0;
                    for (int i = 1; i < tags; i++)
                    {
                        float candidate = score[i] + transitions[i * tags + j] + emission;
                        if (candidate > best) // strictly: torch's max keeps the first of equal values
                        {
                            best = candidate;
                            argBest = i;
                        }
                    }
                    next[j] = best;
                    backpointers[t * tags + j] = argBest;
                }
                (score, next) = (next, score);
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
            for (int t = n - 1; t >= 1; t--) path[t - 1] = backpointers[t * tags + path[t]];
            paths[b] = path;
        }
        return paths;
    }
}
