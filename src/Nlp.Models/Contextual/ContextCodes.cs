namespace Nlp.Models.Contextual;

/// <summary>
/// The context clusters of one document's tokens: its encoder vectors and the codebooks, each token's cluster found
/// when a feature first asks for it (most tokens are never asked about: punctuation, function words).
/// </summary>
public sealed class ContextCodes
{
    readonly float[] _vectors;
    readonly ContextClusters _clusters;
    readonly int[][] _codes; // per level, per token; -1 until asked

    public ContextCodes(ContextClusters clusters, float[] vectors)
    {
        if (vectors.Length % clusters.Dimension != 0)
            throw new ArgumentException($"vectors of width {clusters.Dimension} expected");
        _clusters = clusters;
        _vectors = vectors;
        int tokens = vectors.Length / clusters.Dimension;
        _codes = clusters.Sizes.Select(_ => Enumerable.Repeat(-1, tokens).ToArray()).ToArray();
    }

    /// <summary>How many codebooks (coarse first).</summary>
    public int Levels => _codes.Length;

    /// <summary>The size of codebook <paramref name="level"/>, which names its features ("cx64").</summary>
    public int Size(int level) => _clusters.Sizes[level];

    /// <summary>Token <paramref name="token"/>'s cluster in codebook <paramref name="level"/>.</summary>
    public int Code(int level, int token)
    {
        ref int code = ref _codes[level][token];
        if (code < 0) code = _clusters.Nearest(level, _vectors.AsSpan(token * _clusters.Dimension, _clusters.Dimension));
        return code;
    }

    /// <summary>"cx64=17" for each level, for features that add one per codebook.</summary>
    public IEnumerable<string> Names(string prefix, int token)
    {
        for (int level = 0; level < Levels; level++) yield return $"{prefix}{Size(level)}={Code(level, token)}";
    }
}
