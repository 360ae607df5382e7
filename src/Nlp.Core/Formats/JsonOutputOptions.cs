namespace Nlp.Core.Formats;

/// <summary>How documents are written.</summary>
public sealed record JsonOutputOptions
{
    public static readonly JsonOutputOptions Default = new();

    /// <summary>Adds a "text" field to every entity, trigger, argument, head and tail (readers ignore it).</summary>
    public bool IncludeSpanText { get; init; }
}
