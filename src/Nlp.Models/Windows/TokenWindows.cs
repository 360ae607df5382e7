namespace Nlp.Models.Windows;

/// <summary>
/// A stretch of a sentence's tokens a model reads in one call: tokens [Start, End) of the sentence.
/// </summary>
public readonly record struct TokenWindow(int Start, int End)
{
    public int Length => End - Start;

    /// <summary>
    /// How far tokens first..last lie from the nearest edge of this window that cuts the sentence (an edge at the
    /// sentence's own start or end is no cut: the model was trained on those). <see cref="int.MaxValue"/> when no
    /// edge cuts, i.e. when the window is the whole sentence.
    /// </summary>
    public int Margin(int first, int last, int sentenceLength)
    {
        int left = Start == 0 ? int.MaxValue : first - Start;
        int right = End == sentenceLength ? int.MaxValue : End - 1 - last;
        return Math.Min(left, right);
    }

    public bool Contains(int first, int last) => first >= Start && last < End;
}

/// <summary>
/// Splits an overlong sentence into windows a model can read with bounded memory and time: a text without sentence
/// ends (OCR output, a table dump) is one "sentence" of the whole document, and a BiLSTM-CRF or a pairwise classifier
/// over all of it grows with its square or worse. Windows hold at most <c>maxTokens</c> tokens and overlap their
/// neighbours by at least <c>overlap</c> tokens, so a token near a cut is also seen well inside another window
/// (<see cref="WindowedSpans"/> keeps, for each stretch, the prediction of the window where it lies farthest from a
/// cut). A sentence that fits is one window: models see it exactly as before.
/// </summary>
public static class TokenWindows
{
    /// <summary>Tokens one model call sees at most; the domain's sentences are far shorter (the longest seed sentence has about 150).</summary>
    public const int MaxTokens = 256;
    /// <summary>Tokens neighbouring tagger windows share: 32 on each side of a seam, far wider than any entity.</summary>
    public const int Overlap = 64;

    public static IReadOnlyList<TokenWindow> Split(int tokenCount, int maxTokens = MaxTokens, int overlap = Overlap)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(tokenCount);
        if (maxTokens < 1 || overlap < 0 || 2 * overlap > maxTokens)
            throw new ArgumentException($"windows of {maxTokens} tokens cannot overlap by {overlap} (at most half a window)");
        if (tokenCount <= maxTokens) return [new TokenWindow(0, tokenCount)];

        int stride = maxTokens - overlap;
        var windows = new List<TokenWindow>();
        for (int start = 0; ; start += stride)
        {
            // The last window ends at the sentence's end and is full length: its overlap with the one before grows.
            int clamped = Math.Min(start, tokenCount - maxTokens);
            windows.Add(new TokenWindow(clamped, clamped + maxTokens));
            if (clamped + maxTokens >= tokenCount) break;
        }
        return windows;
    }

    /// <summary>Consecutive non-overlapping chunks of at most <paramref name="maxTokens"/> tokens, of near-equal
    /// length (the unit the event and relation models read in place of an overlong sentence).</summary>
    public static IEnumerable<(int First, int End)> Chunks(int tokenCount, int maxTokens = MaxTokens)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxTokens, 1);
        int chunks = Math.Max(1, (tokenCount + maxTokens - 1) / maxTokens);
        for (int c = 0; c < chunks; c++)
            yield return ((int)((long)tokenCount * c / chunks), (int)((long)tokenCount * (c + 1) / chunks));
    }
}
