namespace Nlp.Models.Windows;

/// <summary>A span predicted in a window, as tokens first..last (inclusive) of the whole sentence.</summary>
public readonly record struct WindowSpan<T>(int First, int Last, T Value);

/// <summary>
/// Brings the spans predicted in the windows of one sentence (<see cref="TokenWindows.Split"/>) back together. Near a
/// cut a model sees one side only, so every span is judged by the window where it lies farthest from a cut (its
/// owner): a window's span is kept only when that window owns it, so a span both windows predict comes out once and
/// whole, and where they disagree the better-placed window decides (its "no entity" included). Spans that still
/// overlap (each window owning its own reading of a stretch) are settled the same way: the one farther from its
/// window's cuts wins. The result never overlaps itself; with one window it is that window's spans unchanged.
/// </summary>
public static class WindowedSpans
{
    /// <param name="perWindow">the spans of each window, in sentence token indexes (non-overlapping within a window)</param>
    public static List<WindowSpan<T>> Merge<T>(IReadOnlyList<TokenWindow> windows, IReadOnlyList<IReadOnlyList<WindowSpan<T>>> perWindow,
        int sentenceLength)
    {
        if (windows.Count != perWindow.Count) throw new ArgumentException("one list of spans per window is needed", nameof(perWindow));
        if (windows.Count == 1) return perWindow[0].OrderBy(s => s.First).ToList();

        var owned = new List<(WindowSpan<T> Span, int Margin)>();
        for (int w = 0; w < windows.Count; w++)
            foreach (var span in perWindow[w])
            {
                if (!windows[w].Contains(span.First, span.Last))
                    throw new ArgumentException($"span {span.First}..{span.Last} lies outside window {w} [{windows[w].Start}, {windows[w].End})");
                if (Owner(windows, w, span.First, span.Last, sentenceLength) == w)
                    owned.Add((span, windows[w].Margin(span.First, span.Last, sentenceLength)));
            }

        var taken = new bool[sentenceLength];
        var result = new List<WindowSpan<T>>();
        foreach (var (span, _) in owned.OrderByDescending(o => o.Margin).ThenBy(o => o.Span.First).ThenBy(o => o.Span.Last))
        {
            if (Array.IndexOf(taken, true, span.First, span.Last - span.First + 1) >= 0) continue;
            Array.Fill(taken, true, span.First, span.Last - span.First + 1);
            result.Add(span);
        }
        result.Sort((a, b) => a.First.CompareTo(b.First));
        return result;
    }

    /// <summary>The window holding tokens first..last farthest from its cuts (the first such window on a tie).
    /// Windows are sorted by start and by end, so only neighbours of <paramref name="w"/> can hold them too.</summary>
    internal static int Owner(IReadOnlyList<TokenWindow> windows, int w, int first, int last, int sentenceLength)
    {
        int best = w, bestMargin = windows[w].Margin(first, last, sentenceLength);
        for (int j = w - 1; j >= 0 && windows[j].End > last; j--)
        {
            int margin = windows[j].Margin(first, last, sentenceLength);
            if (margin >= bestMargin) (best, bestMargin) = (j, margin);
        }
        for (int j = w + 1; j < windows.Count && windows[j].Start <= first; j++)
        {
            int margin = windows[j].Margin(first, last, sentenceLength);
            if (margin > bestMargin) (best, bestMargin) = (j, margin);
        }
        return best;
    }
}
