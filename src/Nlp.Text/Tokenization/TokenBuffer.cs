using System.Runtime.CompilerServices;
using Nlp.Core.Model;

namespace Nlp.Text.Tokenization;

/// <summary>
/// A growable array of tokens that is cleared, not reallocated, between documents: tokenizing a stream of
/// documents allocates nothing once the buffer has grown to the largest of them.
/// </summary>
public sealed class TokenBuffer
{
    private Token[] _items;

    public TokenBuffer(int capacity = 1024) => _items = new Token[Math.Max(16, capacity)];

    public int Count { get; private set; }

    public ref Token this[int index] => ref _items[index];

    public ReadOnlySpan<Token> AsSpan() => _items.AsSpan(0, Count);

    public void Clear() => Count = 0;

    /// <summary>End offset of the last token, or -1 when empty: the scanner asks "is this glued to the last token?".</summary>
    public int LastEnd => Count == 0 ? -1 : _items[Count - 1].End;

    public TokenKind LastKind => _items[Count - 1].Kind;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Add(int start, int end, TokenKind kind, TokenFlags flags)
    {
        if (Count == _items.Length) Array.Resize(ref _items, _items.Length * 2);
        ref var t = ref _items[Count++];
        t.Start = start;
        t.End = end;
        t.Kind = kind;
        t.Flags = flags;
    }
}

/// <summary>A growable, reusable array of spans (sentences).</summary>
public sealed class SpanBuffer
{
    private Span[] _items;

    public SpanBuffer(int capacity = 128) => _items = new Span[Math.Max(16, capacity)];

    public int Count { get; private set; }

    public Span this[int index] => _items[index];

    public ReadOnlySpan<Span> AsSpan() => _items.AsSpan(0, Count);

    public void Clear() => Count = 0;

    public void Add(Span span)
    {
        if (Count == _items.Length) Array.Resize(ref _items, _items.Length * 2);
        _items[Count++] = span;
    }
}
