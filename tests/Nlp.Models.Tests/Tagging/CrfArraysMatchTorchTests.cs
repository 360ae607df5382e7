using Nlp.Models.Tagging;
using TorchSharp;
using static TorchSharp.torch;

namespace Nlp.Models.Tests.Tagging;

/// <summary>
/// Decoding and confidences run on plain arrays for speed; these check that they give bit for bit what the earlier
/// implementations gave (a torch Viterbi, an unskipped forward-backward storing every log), kept here as references,
/// on batches like the tagger's: IOB2 constraints, rows of many lengths, and integer scores that make ties common.
/// </summary>
public class CrfArraysMatchTorchTests
{
    static readonly BioTagSet TagSet = BioTagSet.FromEntityTypes(["PER", "LOC", "ORG", "DATE"]);

    static (LinearChainCrf Crf, Tensor Emissions, Tensor Mask) MakeBatch(int seed, bool integerScores)
    {
        TorchSetup.Seed(seed, threads: 1);
        var crf = new LinearChainCrf(TagSet.Count, TagSet);
        int batch = 12, length = 30;
        using (no_grad())
            foreach (var p in crf.parameters())
                p.copy_(integerScores ? randint(-2, 3, p.shape).to_type(ScalarType.Float32) : randn(p.shape) * 1.5);
        var emissions = integerScores ? randint(-3, 4, [batch, length, TagSet.Count]).to_type(ScalarType.Float32) : randn(batch, length, TagSet.Count) * 3;
        var random = new Random(seed);
        var maskValues = new bool[batch * length];
        for (int b = 0; b < batch; b++)
        {
            int n = b == 0 ? length : b == 1 ? 1 : random.Next(1, length + 1);
            for (int t = 0; t < n; t++) maskValues[b * length + t] = true;
        }
        return (crf, emissions, tensor(maskValues, [batch, length]));
    }

    public static TheoryData<int, bool> Cases => new() { { 1, false }, { 2, false }, { 3, true }, { 4, true } };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Viterbi_on_arrays_finds_the_torch_paths(int seed, bool integerScores)
    {
        var (crf, emissions, mask) = MakeBatch(seed, integerScores);
        var expected = TorchViterbi(crf, emissions, mask);
        var actual = crf.Decode(emissions, mask);
        Assert.Equal(expected.Length, actual.Length);
        for (int b = 0; b < expected.Length; b++) Assert.Equal(expected[b], actual[b]);
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Span_marginals_are_those_of_the_full_forward_backward(int seed, bool integerScores)
    {
        var (crf, emissions, mask) = MakeBatch(seed, integerScores);
        var posteriors = crf.Posteriors(emissions, mask);
        var (trans, start, end) = crf.EffectiveScores();
        var reference = new ReferenceForwardBackward(ToDoubles(emissions), ToDoubles(trans), ToDoubles(start), ToDoubles(end),
            (int)emissions.shape[1], TagSet.Count);
        for (int b = 0; b < posteriors.BatchSize; b++)
        {
            var (alpha, beta, logZ) = reference.Row(b, posteriors.Length(b));
            Assert.Equal(logZ, posteriors.LogPartition(b));
            for (int t = 0; t < posteriors.Length(b); t++)
                for (int j = 0; j < TagSet.Count; j++)
                    Assert.Equal(Math.Exp(alpha[t * TagSet.Count + j] + beta[t * TagSet.Count + j] - logZ), posteriors.Marginal(b, t, j));
        }
    }

    static double[] ToDoubles(Tensor t) => t.detach().to_type(ScalarType.Float64).contiguous().data<double>().ToArray();

    /// <summary>The torch Viterbi the tagger used before (five tensor operations per position).</summary>
    static int[][] TorchViterbi(LinearChainCrf crf, Tensor emissions, Tensor mask)
    {
        using var noGrad = no_grad();
        var (trans, start, end) = crf.EffectiveScores();
        long batch = emissions.shape[0], length = emissions.shape[1];
        int tagCount = crf.TagCount;
        var backpointers = new List<long[]>();
        var score = start.unsqueeze(0) + emissions.select(1, 0);
        for (long t = 1; t < length; t++)
        {
            var candidates = score.unsqueeze(2) + trans.unsqueeze(0) + emissions.select(1, t).unsqueeze(1);
            var (best, argBest) = candidates.max(1);
            score = where(mask.select(1, t).unsqueeze(1), best, score);
            backpointers.Add(argBest.contiguous().data<long>().ToArray());
        }
        var final = (score + end.unsqueeze(0)).contiguous().data<float>().ToArray();
        var lengths = mask.sum(1, type: ScalarType.Int64).data<long>().ToArray();
        var paths = new int[batch][];
        for (int b = 0; b < batch; b++)
        {
            int len = (int)lengths[b];
            var path = new int[len];
            int last = 0;
            for (int j = 1; j < tagCount; j++)
                if (final[b * tagCount + j] > final[b * tagCount + last]) last = j;
            path[len - 1] = last;
            for (int t = len - 1; t >= 1; t--) path[t - 1] = (int)backpointers[t - 1][b * tagCount + path[t]];
            paths[b] = path;
        }
        return paths;
    }

    /// <summary>The scaled forward-backward as it was: every transition summed, every log stored.</summary>
    sealed class ReferenceForwardBackward(double[] emissions, double[] transitions, double[] start, double[] end, int length, int tags)
    {
        public (double[] Alpha, double[] Beta, double LogZ) Row(int b, int n)
        {
            var expTransitions = Array.ConvertAll(transitions, Math.Exp);
            var expEnd = Array.ConvertAll(end, Math.Exp);
            var alpha = new double[n * tags];
            var beta = new double[n * tags];
            var current = new double[tags];
            var next = new double[tags];
            var expEmission = new double[tags];
            int row = b * length * tags;
            double logScale = 0;
            double emissionMax = ExpShifted(row, expEmission);
            for (int j = 0; j < tags; j++) current[j] = Math.Exp(start[j]) * expEmission[j];
            logScale += emissionMax + Normalize(current);
            StoreLog(alpha, 0, current, logScale);
            for (int t = 1; t < n; t++)
            {
                emissionMax = ExpShifted(row + t * tags, expEmission);
                Array.Clear(next);
                for (int i = 0; i < tags; i++)
                {
                    double from = current[i];
                    if (from == 0) continue;
                    for (int j = 0; j < tags; j++) next[j] += from * expTransitions[i * tags + j];
                }
                for (int j = 0; j < tags; j++) next[j] *= expEmission[j];
                (current, next) = (next, current);
                logScale += emissionMax + Normalize(current);
                StoreLog(alpha, t * tags, current, logScale);
            }
            double z = 0;
            for (int j = 0; j < tags; j++) z += current[j] * expEnd[j];
            double logZ = Math.Log(z) + logScale;

            logScale = 0;
            Array.Copy(expEnd, current, tags);
            logScale += Normalize(current);
            StoreLog(beta, (n - 1) * tags, current, logScale);
            for (int t = n - 2; t >= 0; t--)
            {
                emissionMax = ExpShifted(row + (t + 1) * tags, expEmission);
                for (int j = 0; j < tags; j++) expEmission[j] *= current[j];
                for (int i = 0; i < tags; i++)
                {
                    double sum = 0;
                    for (int j = 0; j < tags; j++) sum += expTransitions[i * tags + j] * expEmission[j];
                    next[i] = sum;
                }
                (current, next) = (next, current);
                logScale += emissionMax + Normalize(current);
                StoreLog(beta, t * tags, current, logScale);
            }
            return (alpha, beta, logZ);
        }

        double ExpShifted(int offset, double[] into)
        {
            double max = double.NegativeInfinity;
            for (int j = 0; j < tags; j++) max = Math.Max(max, emissions[offset + j]);
            for (int j = 0; j < tags; j++) into[j] = Math.Exp(emissions[offset + j] - max);
            return max;
        }

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
}
