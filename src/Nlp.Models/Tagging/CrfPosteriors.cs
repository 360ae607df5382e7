namespace Nlp.Models.Tagging;

/// <summary>
/// Forward-backward results of a <see cref="LinearChainCrf"/> for one batch, held as double arrays in log space
/// so that many span probabilities can be read without further tensor work. Flat layouts: emissions
/// [batch, seq, tags], transitions [from, to] (constraint penalties included), end [tags]; alpha and beta are
/// <see cref="ScaledLattice"/>s, whose logs are taken only where a span reads them.
/// </summary>
public sealed class CrfPosteriors
{
    readonly int _length, _tags;
    readonly int[] _lengths;
    readonly ScaledLattice _alpha, _beta;
    readonly double[] _logZ, _emissions, _transitions, _end;

    internal CrfPosteriors(int batch, int length, int tags, int[] lengths,
        ScaledLattice alpha, ScaledLattice beta, double[] logZ, double[] emissions, double[] transitions, double[] end)
    {
        BatchSize = batch;
        _length = length;
        _tags = tags;
        _lengths = lengths;
        _alpha = alpha;
        _beta = beta;
        _logZ = logZ;
        _emissions = emissions;
        _transitions = transitions;
        _end = end;
    }

    public int BatchSize { get; }
    public int Length(int b) => _lengths[b];
    public double LogPartition(int b) => _logZ[b];

    /// <summary>P(y_t = tag | x).</summary>
    public double Marginal(int b, int t, int tag)
    {
        CheckPosition(b, t);
        return Math.Exp(Alpha(b, t, tag) + Beta(b, t, tag) - _logZ[b]);
    }

    /// <summary>
    /// Probability that tokens first..last carry exactly beginTag insideTag ... insideTag and that the token after
    /// last (if any) is not insideTag, i.e. that the CRF labels exactly this entity span. Computed as a constrained
    /// path sum: alpha at the first token, the fixed path through the span, then every continuation except
    /// insideTag (or the end score when the span ends the sequence).
    /// </summary>
    public double SpanMarginal(int b, int first, int last, int beginTag, int insideTag)
    {
        CheckPosition(b, first);
        CheckPosition(b, last);
        if (last < first) throw new ArgumentException($"Span [{first}, {last}] is empty.");

        double score = Alpha(b, first, beginTag);
        int previous = beginTag;
        for (int t = first + 1; t <= last; t++)
        {
            score += Transition(previous, insideTag) + Emission(b, t, insideTag);
            previous = insideTag;
        }

        if (last == _lengths[b] - 1)
        {
            score += _end[previous];
        }
        else
        {
            int next = last + 1;
            double max = double.NegativeInfinity;
            var terms = new double[_tags];
            for (int y = 0; y < _tags; y++)
            {
                terms[y] = y == insideTag ? double.NegativeInfinity : Transition(previous, y) + Emission(b, next, y) + Beta(b, next, y);
                max = Math.Max(max, terms[y]);
            }
            if (double.IsNegativeInfinity(max)) return 0;
            double sum = 0;
            foreach (double term in terms) sum += Math.Exp(term - max);
            score += max + Math.Log(sum);
        }
        // Rounding can push a near-certain span a hair above 1.
        return Math.Min(1.0, Math.Exp(score - _logZ[b]));
    }

    double Alpha(int b, int t, int tag) => _alpha.Log(b, t, tag);
    double Beta(int b, int t, int tag) => _beta.Log(b, t, tag);
    double Emission(int b, int t, int tag) => _emissions[(b * _length + t) * _tags + tag];
    double Transition(int from, int to) => _transitions[from * _tags + to];

    void CheckPosition(int b, int t)
    {
        if ((uint)b >= (uint)BatchSize) throw new ArgumentOutOfRangeException(nameof(b));
        if ((uint)t >= (uint)_lengths[b]) throw new ArgumentOutOfRangeException(nameof(t), $"Position {t} is outside sequence {b} of length {_lengths[b]}.");
    }
}
