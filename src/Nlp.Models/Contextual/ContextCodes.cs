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
    readonly string[] _sizeNames;

    public ContextCodes(ContextClusters clusters, float[] vectors)
    {
        if (vectors.Length % clusters.Dimension != 0)
            throw new ArgumentException($"vectors of width {clusters.Dimension} expected");
        _clusters = clusters;
        _vectors = vectors;
        int tokens = vectors.Length / clusters.Dimension;
        _codes = clusters.Sizes.Select(_ => Enumerable.Repeat(-1, tokens).ToArray()).ToArray();
        _sizeNames = clusters.Sizes.Select(k => k.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToArray();
    }

    /// <summary>How many codebooks (coarse first).</summary>
    public int Levels => _codes.Length;

    /// <summary>The size of codebook <paramref name="level"/> as written in its features' names ("cx64"): formatted once,
    /// not for every feature.</summary>
    public string SizeName(int level) => _sizeNames[level];

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
        for (int level = 0; level < Levels; level++) yield return $"{prefix}{_sizeNames[level]}={Code(level, token)}";
    }
}
