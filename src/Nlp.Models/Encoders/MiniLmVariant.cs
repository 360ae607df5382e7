using System.Text.RegularExpressions;

namespace Nlp.Models.Encoders;

/// <summary>
/// Which form of all-MiniLM-L6-v2 runs: the first <see cref="Layers"/> of its 6 layers, with fp32 or int8 weights.
/// Its name is what a model's settings record: <c>minilm-l6-v2</c> is the whole fp32 model (the package's as is),
/// <c>minilm-l4-v2-int8</c> its first 4 layers with int8 weights. A token's vector is the mean of its word pieces'
/// vectors, or with <see cref="FirstPiece"/> (<c>-first</c>) its first piece's alone (issue 18 asks which serves better).
/// </summary>
public sealed partial record MiniLmVariant(int Layers, bool Int8, bool FirstPiece = false)
{
    public string Name => $"minilm-l{Layers}-v2{(Int8 ? "-int8" : "")}{(FirstPiece ? "-first" : "")}";

    public static MiniLmVariant? TryParse(string name)
    {
        var match = NamePattern().Match(name);
        if (!match.Success) return null;
        int layers = int.Parse(match.Groups[1].Value);
        return layers is >= 1 and <= MiniLmEncoder.FullLayers ? new MiniLmVariant(layers, match.Groups[2].Success, match.Groups[3].Success) : null;
    }

    [GeneratedRegex(@"^minilm-l(\d)-v2(-int8)?(-first)?$")]
    private static partial Regex NamePattern();
}
