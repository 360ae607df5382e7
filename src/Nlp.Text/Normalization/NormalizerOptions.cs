namespace Nlp.Text.Normalization;

/// <summary>Whether the text's line breaks are wrapping (to be undone) or paragraph breaks (to be kept).</summary>
public enum Wrapping
{
    /// <summary>Decide from the line lengths (<see cref="LineLayout"/>).</summary>
    Auto,
    /// <summary>Lines were wrapped at a width (PDF, typed text): join them into paragraphs.</summary>
    HardWrapped,
    /// <summary>Each line is a paragraph (HTML, word-processor exports): keep every line break.</summary>
    Unwrapped,
}

public sealed record NormalizerOptions
{
    public static readonly NormalizerOptions Default = new();

    public Wrapping Wrapping { get; init; } = Wrapping.Auto;
}
