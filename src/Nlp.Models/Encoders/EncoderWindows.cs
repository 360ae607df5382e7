namespace Nlp.Models.Encoders;

/// <summary>
/// Splits a sentence's pieces into windows the encoder can take (at most <c>maxPieces</c> between [CLS] and [SEP]).
/// Each window has a core whose tokens take their vectors from it, and context on both sides that the core's tokens
/// see but that takes its vectors from another window; so a token of a long sentence is encoded with at least
/// <c>context</c> pieces of context on each side where the sentence has them, and every token is encoded once.
/// </summary>
public static class EncoderWindows
{
    /// <summary>A window: pieces [Start, End), of which [CoreStart, CoreEnd) give their tokens' vectors.</summary>
    public readonly record struct Window(int Start, int End, int CoreStart, int CoreEnd);

    public static List<Window> Split(WordPieceAlignment alignment, int maxPieces, int context)
    {
        if (maxPieces < 1 || context < 0 || 2 * context >= maxPieces)
            throw new ArgumentException($"windows of {maxPieces} pieces cannot hold {context} pieces of context on each side");
        int n = alignment.PieceIds.Length;
        var windows = new List<Window>();
        if (n <= maxPieces)
        {
            windows.Add(new Window(0, n, 0, n));
            return windows;
        }
        int coreBudget = maxPieces - 2 * context;
        int coreStart = 0;
        while (coreStart < n)
        {
            // The core ends on a token boundary, so that a token's pieces are pooled from one window.
            int coreEnd = Math.Min(n, coreStart + coreBudget);
            while (coreEnd < n && coreEnd > coreStart && alignment.TokenOfPiece[coreEnd] == alignment.TokenOfPiece[coreEnd - 1]) coreEnd--;
            if (coreEnd == coreStart) coreEnd = NextTokenStart(alignment, coreStart);
            int start = Math.Max(0, coreStart - context);
            int end = Math.Min(n, Math.Max(coreEnd + context, start + maxPieces));
            // Near the end of the sentence, spend the unused budget on more context to the left.
            start = Math.Max(0, Math.Min(start, end - maxPieces));
            windows.Add(new Window(start, end, coreStart, coreEnd));
            coreStart = coreEnd;
        }
        return windows;
    }

    static int NextTokenStart(WordPieceAlignment a, int p)
    {
        int t = a.TokenOfPiece[p];
        while (p < a.PieceIds.Length && a.TokenOfPiece[p] == t) p++;
        return p;
    }
}
