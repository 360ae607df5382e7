using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Nlp.Models.Tagging;

/// <summary>
/// Linear-chain CRF over per-token emission scores: learned transition scores [from, to] plus start and end
/// scores. Batched inputs are emissions [batch, seq, tags] and a mask [batch, seq] (bool) that is true on a
/// prefix of each row: every sequence must have at least one token. All sums over paths run in log space.
/// </summary>
/// <remarks>
/// With a <see cref="BioTagSet"/>, IOB2-illegal transitions (O→I-X, B-X→I-Y) and starts (I-X) get a large
/// negative penalty. A finite penalty rather than -inf keeps logsumexp and its gradient free of NaNs, while
/// making such paths carry ~e^-10000 of the probability mass, i.e. none.
/// </remarks>
public sealed class LinearChainCrf : nn.Module
{
    internal const float ForbiddenScore = -10000f;

    // Field names become state-dict keys: keep them stable, saved models depend on them.
    readonly Parameter transitions;
    readonly Parameter start_scores;
    readonly Parameter end_scores;
    readonly Tensor transition_penalty; // buffer [tags, tags]: 0 or ForbiddenScore
    readonly Tensor start_penalty;      // buffer [tags]

    public LinearChainCrf(int tagCount, BioTagSet? constraints = null) : base(nameof(LinearChainCrf))
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(tagCount, 1);
        if (constraints is not null && constraints.Count != tagCount)
            throw new ArgumentException($"Constraint tag set has {constraints.Count} tags, expected {tagCount}.", nameof(constraints));
        TagCount = tagCount;

        transitions = nn.Parameter(empty(tagCount, tagCount));
        start_scores = nn.Parameter(empty(tagCount));
        end_scores = nn.Parameter(empty(tagCount));
        nn.init.uniform_(transitions, -0.1, 0.1);
        nn.init.uniform_(start_scores, -0.1, 0.1);
        nn.init.uniform_(end_scores, -0.1, 0.1);

        var pairPenalty = new float[tagCount * tagCount];
        var startPenalty = new float[tagCount];
        if (constraints is not null)
            for (int to = 0; to < tagCount; to++)
            {
                if (!constraints.IsAllowedStart(to)) startPenalty[to] = ForbiddenScore;
                for (int from = 0; from < tagCount; from++)
                    if (!constraints.IsAllowedTransition(from, to)) pairPenalty[from * tagCount + to] = ForbiddenScore;
            }
        transition_penalty = tensor(pairPenalty, [tagCount, tagCount]);
        start_penalty = tensor(startPenalty, [tagCount]);
        RegisterComponents();
    }

    public int TagCount { get; }

    /// <summary>The scores actually used by every computation: learned scores plus constraint penalties.</summary>
    internal (Tensor Transitions, Tensor Start, Tensor End) EffectiveScores() =>
        (transitions + transition_penalty, start_scores + start_penalty, end_scores.alias());

    /// <summary>Negative log-likelihood of gold tag sequences, one value per sequence: [batch].</summary>
    /// <param name="emissions">[batch, seq, tags] float.</param>
    /// <param name="tags">[batch, seq] int64 gold tags; values at masked positions are ignored.</param>
    /// <param name="mask">[batch, seq] bool, a true prefix per row.</param>
    public Tensor NegativeLogLikelihood(Tensor emissions, Tensor tags, Tensor mask)
    {
        CheckShapes(emissions, mask);
        using var scope = NewDisposeScope();
        var (trans, start, end) = EffectiveScores();
        return (LogPartition(emissions, mask, trans, start, end) - GoldScore(emissions, tags, mask, trans, start, end)).MoveToOuterDisposeScope();
    }

    /// <summary>Most probable tag sequence per row (Viterbi), each as long as its mask.</summary>
    public int[][] Decode(Tensor emissions, Tensor mask) => Decode(ToCpu(emissions, mask));

    /// <summary>Viterbi on emissions already copied to the CPU (see <see cref="ViterbiDecoder"/>).</summary>
    internal int[][] Decode(CpuEmissions emissions)
    {
        var (trans, start, end) = EffectiveScoreArrays();
        return ViterbiDecoder.Decode(emissions.Batch, emissions.Length, TagCount, emissions.Lengths, emissions.Values, trans, start, end);
    }

    /// <summary>A batch's emissions and row lengths copied to the CPU once, for decoding and confidences alike.</summary>
    internal sealed record CpuEmissions(int Batch, int Length, int[] Lengths, float[] Values);

    internal CpuEmissions ToCpu(Tensor emissions, Tensor mask)
    {
        CheckShapes(emissions, mask);
        if (emissions.dtype != ScalarType.Float32)
            throw new ArgumentException($"Emissions must be float32 for decoding, got {emissions.dtype}.", nameof(emissions));
        using var noGrad = no_grad();
        using var scope = NewDisposeScope();
        return new CpuEmissions((int)emissions.shape[0], (int)emissions.shape[1], Lengths(mask), ToFloats(emissions));
    }

    /// <summary><see cref="EffectiveScores"/> as float arrays: transitions [from, to] flat, start, end.</summary>
    (float[] Transitions, float[] Start, float[] End) EffectiveScoreArrays()
    {
        using var noGrad = no_grad();
        using var scope = NewDisposeScope();
        var (trans, start, end) = EffectiveScores();
        return (ToFloats(trans), ToFloats(start), ToFloats(end));
    }

    /// <summary>Per-position tag marginals P(y_t = j | x), [batch, seq, tags]; zero at masked positions.</summary>
    public Tensor Marginals(Tensor emissions, Tensor mask)
    {
        var posteriors = Posteriors(emissions, mask);
        int length = (int)emissions.shape[1];
        var values = new float[posteriors.BatchSize * length * TagCount];
        for (int b = 0; b < posteriors.BatchSize; b++)
            for (int t = 0; t < posteriors.Length(b); t++)
                for (int j = 0; j < TagCount; j++)
                    values[(b * length + t) * TagCount + j] = (float)posteriors.Marginal(b, t, j);
        return tensor(values, [posteriors.BatchSize, length, TagCount]).to_type(emissions.dtype);
    }

    /// <summary>
    /// Forward-backward quantities copied to the CPU in double precision, for per-position and span marginals
    /// of many candidate spans without further torch calls.
    /// </summary>
    public CrfPosteriors Posteriors(Tensor emissions, Tensor mask) => Posteriors(ToCpu(emissions, mask));

    internal CrfPosteriors Posteriors(CpuEmissions emissions)
    {
        var (trans, start, end) = EffectiveScoreArrays();
        // float to double is exact: the same values torch's conversion gave.
        double[] emissionValues = ToDoubles(emissions.Values), transitionValues = ToDoubles(trans), endValues = ToDoubles(end);
        var (alpha, beta, logZ) = ScaledForwardBackward.Run(
            emissions.Batch, emissions.Length, TagCount, emissions.Lengths, emissionValues, transitionValues, ToDoubles(start), endValues);
        return new CrfPosteriors(emissions.Batch, emissions.Length, TagCount, emissions.Lengths, alpha, beta, logZ, emissionValues, transitionValues, endValues);
    }

    static Tensor LogPartition(Tensor emissions, Tensor mask, Tensor trans, Tensor start, Tensor end)
    {
        var alpha = start.unsqueeze(0) + emissions.select(1, 0);
        for (long t = 1; t < emissions.shape[1]; t++)
        {
            var next = logsumexp(alpha.unsqueeze(2) + trans.unsqueeze(0), 1) + emissions.select(1, t);
            alpha = where(mask.select(1, t).unsqueeze(1), next, alpha);
        }
        return logsumexp(alpha + end.unsqueeze(0), 1);
    }

    static Tensor GoldScore(Tensor emissions, Tensor tags, Tensor mask, Tensor trans, Tensor start, Tensor end)
    {
        long length = emissions.shape[1], tagCount = emissions.shape[2];
        tags = tags.masked_fill(mask.logical_not(), 0); // padding may hold anything; keep indices valid
        var weights = mask.to_type(emissions.dtype);

        var score = start.index_select(0, tags.select(1, 0));
        score = score + (emissions.gather(2, tags.unsqueeze(2)).squeeze(2) * weights).sum(1);
        if (length > 1)
        {
            var pairIndex = tags.narrow(1, 0, length - 1) * tagCount + tags.narrow(1, 1, length - 1);
            var pairScores = trans.reshape(-1).index_select(0, pairIndex.reshape(-1)).view(pairIndex.shape);
            score = score + (pairScores * weights.narrow(1, 1, length - 1)).sum(1);
        }
        var lastIndex = mask.sum(1, type: ScalarType.Int64) - 1;
        var lastTags = tags.gather(1, lastIndex.unsqueeze(1)).squeeze(1);
        return score + end.index_select(0, lastTags);
    }

    void CheckShapes(Tensor emissions, Tensor mask)
    {
        if (emissions.dim() != 3 || emissions.shape[2] != TagCount)
            throw new ArgumentException($"Emissions must be [batch, seq, {TagCount}], got [{string.Join(", ", emissions.shape)}].", nameof(emissions));
        if (mask.dim() != 2 || mask.shape[0] != emissions.shape[0] || mask.shape[1] != emissions.shape[1] || mask.dtype != ScalarType.Bool)
            throw new ArgumentException("Mask must be bool [batch, seq] matching the emissions.", nameof(mask));
        if (emissions.shape[1] == 0)
            throw new ArgumentException("Sequences must have at least one position.", nameof(emissions));
    }

    static int[] Lengths(Tensor mask)
    {
        var lengths = mask.sum(1, type: ScalarType.Int64).data<long>().ToArray().Select(l => (int)l).ToArray();
        if (lengths.Any(l => l == 0)) throw new ArgumentException("Every sequence needs at least one unmasked position (mask[:, 0] must be true).");
        return lengths;
    }

    static float[] ToFloats(Tensor t) => t.detach().to_type(ScalarType.Float32).contiguous().data<float>().ToArray();

    static double[] ToDoubles(float[] values) => Array.ConvertAll(values, v => (double)v);
}
