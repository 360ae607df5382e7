namespace Nlp.Models.Tagging;

/// <summary>
/// The knowledge from outside the labelled data that a tagger reads per token, shipped in its model folder:
/// name lists (<see cref="Gazetteer"/>) and word vectors learned from unlabeled prose (<see cref="WordVectors"/>).
/// Their columns follow the document-level <see cref="TokenFeatures"/>, gazetteer first.
/// </summary>
public sealed record TaggerLexicons(Gazetteer? Gazetteer, WordVectors? WordVectors)
{
    public static readonly TaggerLexicons None = new(null, null);

    public int GazetteerWidth => Gazetteer?.FeatureCount ?? 0;
    public int WordVectorWidth => WordVectors?.FeatureCount ?? 0;
    public int Width => GazetteerWidth + WordVectorWidth;

    /// <summary>Writes token t's columns at <c>offset + t * stride</c> onwards.</summary>
    public void Features(IReadOnlyList<string> surfaces, float[] into, int offset, int stride)
    {
        Gazetteer?.Features(surfaces, into, offset, stride);
        WordVectors?.Features(surfaces, into, offset + GazetteerWidth, stride);
    }

    /// <summary>Refuses lexicons whose widths differ from those the tagger was built with.</summary>
    public void CheckAgainst(TaggerSettings settings)
    {
        if (settings.GazetteerFeatures != GazetteerWidth)
            throw new ArgumentException($"The tagger was built for {settings.GazetteerFeatures} gazetteer features, but the gazetteer given has {GazetteerWidth}.");
        if (settings.WordVectorFeatures != WordVectorWidth)
            throw new ArgumentException($"The tagger was built for {settings.WordVectorFeatures} word vector features, but the word vectors given have {WordVectorWidth}.");
    }
}
