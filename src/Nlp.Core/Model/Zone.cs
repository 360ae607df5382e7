namespace Nlp.Core.Model;

/// <summary>
/// A region of the original text that is not running body text: a footnote block, page furniture
/// (running headers, page numbers), a heading. Written to JSONL as the extension field "zones".
/// </summary>
public readonly record struct Zone(Span Span, string Kind)
{
    public const string Footnote = "footnote";
    public const string Furniture = "furniture";
    public const string Heading = "heading";
}
