using Nlp.Core.Model;

namespace Nlp.Text.Tokenization;

/// <summary>One token as the scanner emits it: offsets into the scanned text, its kind and its spacing.</summary>
public struct Token
{
    public int Start;
    public int End;
    public TokenKind Kind;
    public TokenFlags Flags;

    public readonly Span Span => new(Start, End);
    public readonly int Length => End - Start;
    public readonly bool Has(TokenFlags flag) => (Flags & flag) != 0;
    public override readonly string ToString() => $"{Kind}[{Start},{End})";
}
