using Nlp.Models.Tagging;
using TorchSharp;
using static TorchSharp.torch;

namespace Nlp.Models.Tests.Tagging;

/// <summary>Every CRF computation checked against enumeration of all tag sequences.</summary>
public class LinearChainCrfTests
{
    const int Batch = 3, MaxLength = 4;
    static readonly int[] RowLengths = [4, 2, 1]; // variable lengths exercise the mask handling

    sealed record Case(LinearChainCrf Crf, Tensor Emissions, Tensor Mask, CrfBruteForce[] Rows);

    static Case MakeCase(int tagCount, BioTagSet? constraints, int seed)
    {
        TorchSetup.Seed(seed, threads: 1);
        var crf = new LinearChainCrf(tagCount, constraints);
        // Larger-than-initial scores so the distributions are far from uniform.
        using (no_grad())
            foreach (var p in crf.parameters()) p.copy_(randn(p.shape) * 1.5);
        var emissions = randn(Batch, MaxLength, tagCount) * 2;
        var maskValues = new bool[Batch * MaxLength];
        for (int b = 0; b < Batch; b++)
            for (int t = 0; t < RowLengths[b]; t++) maskValues[b * MaxLength + t] = true;
        var mask = tensor(maskValues, [Batch, MaxLength]);

        var (trans, start, end) = crf.EffectiveScores();
        var transitions = To2D(trans.to_type(ScalarType.Float64).data<double>().ToArray(), tagCount);
        var startArray = start.to_type(ScalarType.Float64).data<double>().ToArray();
        var endArray = end.to_type(ScalarType.Float64).data<double>().ToArray();
        var em = emissions.to_type(ScalarType.Float64).data<double>().ToArray();
        var rows = new CrfBruteForce[Batch];
        for (int b = 0; b < Batch; b++)
        {
            var rowEmissions = new double[MaxLength, tagCount];
            for (int t = 0; t < MaxLength; t++)
                for (int j = 0; j < tagCount; j++) rowEmissions[t, j] = em[(b * MaxLength + t) * tagCount + j];
            rows[b] = new CrfBruteForce(transitions, startArray, endArray, rowEmissions, RowLengths[b]);
        }
        return new Case(crf, emissions, mask, rows);
    }

    static double[,] To2D(double[] flat, int n)
    {
        var m = new double[n, n];
        for (int i = 0; i < n; i++)
            for (int j = 0; j < n; j++) m[i, j] = flat[i * n + j];
        return m;
    }

    public static TheoryData<bool> ConstraintModes => new() { false, true };

    static Case MakeCase(bool constrained, int seed) => constrained
        ? MakeCase(5, BioTagSet.FromEntityTypes(["PER", "LOC"]), seed) // O B-LOC I-LOC B-PER I-PER
        : MakeCase(3, null, seed);

    [Theory]
    [MemberData(nameof(ConstraintModes))]
    public void Negative_log_likelihood_matches_enumeration(bool constrained)
    {
        var c = MakeCase(constrained, seed: 11);
        int tagCount = c.Crf.TagCount;
        // Arbitrary gold tags, including padding values that must be ignored.
        var gold = new long[Batch * MaxLength];
        var rng = new Random(3);
        for (int i = 0; i < gold.Length; i++) gold[i] = rng.Next(tagCount);
        using var tags = tensor(gold, [Batch, MaxLength]);

        var nll = c.Crf.NegativeLogLikelihood(c.Emissions, tags, c.Mask).to_type(ScalarType.Float64).data<double>().ToArray();
        for (int b = 0; b < Batch; b++)
        {
            var y = Enumerable.Range(0, RowLengths[b]).Select(t => (int)gold[b * MaxLength + t]).ToArray();
            double expected = c.Rows[b].LogPartition() - c.Rows[b].Score(y);
            Assert.Equal(expected, nll[b], Math.Max(1e-3, Math.Abs(expected) * 1e-5));
        }
    }

    [Theory]
    [MemberData(nameof(ConstraintModes))]
    public void Viterbi_finds_the_best_sequence(bool constrained)
    {
        for (int seed = 20; seed < 25; seed++)
        {
            var c = MakeCase(constrained, seed);
            var paths = c.Crf.Decode(c.Emissions, c.Mask);
            for (int b = 0; b < Batch; b++)
                Assert.Equal(c.Rows[b].Best(), paths[b]);
        }
    }

    [Theory]
    [MemberData(nameof(ConstraintModes))]
    public void Forward_backward_marginals_match_enumeration(bool constrained)
    {
        var c = MakeCase(constrained, seed: 31);
        int tagCount = c.Crf.TagCount;
        var marginals = c.Crf.Marginals(c.Emissions, c.Mask).to_type(ScalarType.Float64).data<double>().ToArray();
        var posteriors = c.Crf.Posteriors(c.Emissions, c.Mask);
        for (int b = 0; b < Batch; b++)
            for (int t = 0; t < MaxLength; t++)
                for (int j = 0; j < tagCount; j++)
                {
                    double actual = marginals[(b * MaxLength + t) * tagCount + j];
                    if (t >= RowLengths[b])
                    {
                        Assert.Equal(0, actual);
                        continue;
                    }
                    double expected = c.Rows[b].Probability(y => y[t] == j);
                    Assert.Equal(expected, actual, 1e-4);
                    Assert.Equal(expected, posteriors.Marginal(b, t, j), 1e-4);
                }
    }

    [Fact]
    public void Span_marginal_matches_enumeration()
    {
        var tagSet = BioTagSet.FromEntityTypes(["PER", "LOC"]);
        foreach (bool constrained in new[] { false, true })
        {
            var c = MakeCase(5, constrained ? tagSet : null, seed: 41);
            var posteriors = c.Crf.Posteriors(c.Emissions, c.Mask);
            for (int b = 0; b < Batch; b++)
                foreach (var type in tagSet.EntityTypes)
                {
                    int begin = tagSet.Begin(type), inside = tagSet.Inside(type);
                    int len = RowLengths[b];
                    for (int first = 0; first < len; first++)
                        for (int last = first; last < len; last++)
                        {
                            double expected = c.Rows[b].Probability(y =>
                                y[first] == begin
                                && Enumerable.Range(first + 1, last - first).All(t => y[t] == inside)
                                && (last + 1 == len || y[last + 1] != inside));
                            double actual = posteriors.SpanMarginal(b, first, last, begin, inside);
                            Assert.Equal(expected, actual, 1e-4);
                        }
                }
        }
    }

    [Fact]
    public void Constrained_decoding_never_produces_illegal_iob2()
    {
        var tagSet = BioTagSet.FromEntityTypes(["PER", "LOC"]);
        var c = MakeCase(5, tagSet, seed: 51);
        foreach (var path in c.Crf.Decode(c.Emissions, c.Mask))
        {
            Assert.True(tagSet.IsAllowedStart(path[0]));
            for (int t = 1; t < path.Length; t++) Assert.True(tagSet.IsAllowedTransition(path[t - 1], path[t]));
        }
    }

    [Fact]
    public void Nll_gradient_flows_to_emissions_and_parameters()
    {
        var c = MakeCase(3, null, seed: 61);
        var emissions = c.Emissions.detach().requires_grad_(true);
        using var tags = zeros([Batch, MaxLength], ScalarType.Int64);
        c.Crf.NegativeLogLikelihood(emissions, tags, c.Mask).sum().backward();
        Assert.NotNull(emissions.grad);
        Assert.All(c.Crf.parameters(), p => Assert.True(p.grad is not null && p.grad.abs().sum().item<float>() > 0));
        // Padding positions must not receive gradient.
        Assert.Equal(0f, emissions.grad!.select(0, 2).narrow(0, 1, MaxLength - 1).abs().sum().item<float>());
    }
}
