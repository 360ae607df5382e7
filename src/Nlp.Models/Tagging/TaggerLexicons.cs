using Nlp.Models.Encoders;

namespace Nlp.Models.Tagging;

/// <summary>
/// The knowledge from outside the labelled data that a tagger reads per token: name lists (<see cref="Gazetteer"/>)
/// and word vectors learned from unlabeled prose (<see cref="WordVectors"/>), shipped in its model folder, and a
/// pretrained contextual encoder (<see cref="IContextualEncoder"/>), which comes from its package and is named in
/// the settings. Their columns follow the document-level <see cref="TokenFeatures"/>: gazetteer, word vectors, encoder.
/// A tagger that fine-tunes the encoder's top layers has a <see cref="Tunable"/> encoder instead: its piece states
/// travel with each sentence (<see cref="TaggedSentence.Pieces"/>) and its columns are made inside the tagger's forward pass.
/// </summary>
public sealed record TaggerLexicons(Gazetteer? Gazetteer, WordVectors? WordVectors, IContextualEncoder? Encoder = null, TunableEncoder? Tunable = null)
{
    public static readonly TaggerLexicons None = new(null, null);

    public int GazetteerWidth => Gazetteer?.FeatureCount ?? 0;
    public int WordVectorWidth => WordVectors?.FeatureCount ?? 0;
    /// <summary>Columns of contextual vectors per token, frozen or fine-tuned.</summary>
    public int EncoderWidth => Encoder?.Dimension ?? Tunable?.Dimension ?? 0;
    /// <summary>Columns written into a sentence's features (a fine-tuned encoder's are not: the tagger makes them).</summary>
    public int Width => GazetteerWidth + WordVectorWidth + (Encoder?.Dimension ?? 0);
    public string? EncoderName => Encoder?.Name ?? Tunable?.Name;

    /// <summary>Writes token t's columns at <c>offset + t * stride</c> onwards; <paramref name="contextual"/> is the
    /// sentence's encoder output (<c>float[tokens * EncoderWidth]</c>) when there is an encoder.</summary>
    public void Features(IReadOnlyList<string> surfaces, float[] into, int offset, int stride, float[]? contextual = null)
    {
        Gazetteer?.Features(surfaces, into, offset, stride);
        WordVectors?.Features(surfaces, into, offset + GazetteerWidth, stride);
        if (Encoder is null) return;
        if (contextual is null || contextual.Length != surfaces.Count * EncoderWidth)
            throw new ArgumentException("The tagger reads an encoder: every sentence needs its contextual vectors.");
        for (int t = 0; t < surfaces.Count; t++)
            Array.Copy(contextual, t * EncoderWidth, into, offset + GazetteerWidth + WordVectorWidth + t * stride, EncoderWidth);
    }

    /// <summary>The encoder's vectors for the given sentences (null without an encoder): one call per document, so
    /// that its windows are batched.</summary>
    public IReadOnlyList<float[]>? Contextual(IReadOnlyList<string[]> sentences) =>
        Encoder is null || sentences.Count == 0 ? null : Encoder.Encode(sentences);

    /// <summary>The frozen layers' piece states for the given sentences (null without a fine-tuned encoder): one call per document.</summary>
    public IReadOnlyList<SentencePieces>? Pieces(IReadOnlyList<string[]> sentences) =>
        Tunable is null || sentences.Count == 0 ? null : Tunable.Encode(sentences);

    /// <summary>Refuses lexicons whose widths differ from those the tagger was built with.</summary>
    public void CheckAgainst(TaggerSettings settings)
    {
        if (settings.GazetteerFeatures != GazetteerWidth)
            throw new ArgumentException($"The tagger was built for {settings.GazetteerFeatures} gazetteer features, but the gazetteer given has {GazetteerWidth}.");
        if (settings.WordVectorFeatures != WordVectorWidth)
            throw new ArgumentException($"The tagger was built for {settings.WordVectorFeatures} word vector features, but the word vectors given have {WordVectorWidth}.");
        if (settings.ContextualFeatures != EncoderWidth || (settings.ContextualFeatures > 0 && settings.Encoder != EncoderName))
            throw new ArgumentException($"The tagger was built for encoder {settings.Encoder ?? "(none)"} ({settings.ContextualFeatures} features), " +
                                        $"but the encoder given is {EncoderName ?? "(none)"} ({EncoderWidth}).");
        if (settings.TunedEncoderLayers != (Tunable?.TunedLayers ?? 0))
            throw new ArgumentException($"The tagger was built with {settings.TunedEncoderLayers} fine-tuned encoder layers, but the encoder given " +
                                        $"leaves {Tunable?.TunedLayers ?? 0} to it.");
    }
}
