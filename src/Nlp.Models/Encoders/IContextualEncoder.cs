namespace Nlp.Models.Encoders;

/// <summary>
/// A pretrained encoder that gives every token of a sentence a vector that depends on its context. Tokens are the
/// text stage's tokens (their surfaces); how the encoder splits them into pieces, windows long sentences and pools
/// pieces back into tokens is its own business, so another encoder can be dropped in.
/// </summary>
public interface IContextualEncoder : IDisposable
{
    /// <summary>Names the encoder and its weights, for manifests ("minilm-l6-v2").</summary>
    string Name { get; }

    /// <summary>Width of a token vector.</summary>
    int Dimension { get; }

    /// <summary>Per sentence, its tokens' vectors one after another: <c>float[tokens * Dimension]</c>.</summary>
    IReadOnlyList<float[]> Encode(IReadOnlyList<IReadOnlyList<string>> sentences);
}
