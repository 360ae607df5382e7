using System.Collections.Immutable;
using System.Text.RegularExpressions;
using Nlp.Core.Model;

namespace Nlp.Rules;

/// <summary>
/// Finds DATE, TIME, CARDINAL, ORDINAL, PERCENT, MONEY and QUANTITY mentions in a text by rule. Every pattern
/// proposes candidates; citation apparatus (page and archive numbers) is masked; overlapping candidates are
/// resolved longest first (on equal length, the rule listed first wins); neighbouring calendar dates joined by
/// "to", "and", "through" or a dash become one range ("1932 and 1933", "May 1930 to June 1931"). When the
/// document has tokens, a mention may not cut through letters or digits inside a token; it may end inside a
/// token at punctuation, since tokenizers keep "1926.12" (a year and a footnote marker) or "168,009.106" whole
/// while the conventions end the mention before the marker. Stateless and thread-safe.
/// </summary>
public static class NumericRecognizer
{
    private static readonly Regex RangeGap = new(@"^\s*,?\s*(?:to|through|until|till|and|[–—-])\s*$", RegexOptions.IgnoreCase | RegexOptions.Compiled);

    private sealed record Candidate(Span Span, string Label, RuleKind Kind, int Priority);

    public static IReadOnlyList<RuleMatch> Recognize(Document document) =>
        Recognize(document.Text, document.Tokens);

    public static IReadOnlyList<RuleMatch> Recognize(string text, ImmutableArray<Span>? tokens = null) =>
        Recognize(text, tokens, useGates: true);

    /// <summary>With <paramref name="useGates"/> false every rule scans the whole text (the reference for the gates).</summary>
    internal static IReadOnlyList<RuleMatch> Recognize(string text, ImmutableArray<Span>? tokens, bool useGates)
    {
        ArgumentNullException.ThrowIfNull(text);
        var masked = CitationMask(text);
        var candidates = new List<Candidate>();
        for (int r = 0; r < RulePatterns.All.Count; r++)
        {
            var rule = RulePatterns.All[r];
            foreach (var m in useGates ? Matches(rule, text) : rule.Pattern.Matches(text).Select(m => (m.Index, m.Length)))
            {
                var span = Trim(text, new Span(m.Index, m.Index + m.Length));
                if (span.IsEmpty || masked.Overlaps(span) || !Plausible(text, span, rule.Label)) continue;
                candidates.Add(new Candidate(span, rule.Label, rule.Kind, r));
            }
        }

        var chosen = new List<Candidate>();
        var taken = new DisjointSpans();   // the chosen spans, sorted: an overlap test is a binary search, not a scan
        foreach (var c in candidates.OrderByDescending(c => c.Span.Length).ThenBy(c => c.Priority).ThenBy(c => c.Span.Start))
            if (taken.TryAdd(c.Span)) chosen.Add(c);
        chosen.Sort((a, b) => a.Span.CompareTo(b.Span));
        var merged = MergeRanges(text, chosen);

        (int[] Starts, int[] Ends)? boundaries = tokens is { } t && merged.Count > 0 ? TokenBoundaries(t) : null;
        var result = new List<RuleMatch>(merged.Count);
        foreach (var c in merged)
        {
            if (boundaries is { } b && !(Fits(text, c.Span.Start, b.Starts) && Fits(text, c.Span.End, b.Ends))) continue;
            result.Add(new RuleMatch(c.Span, c.Label, ValueNormalizer.Normalize(c.Label, c.Span.Of(text))));
        }
        return result;
    }

    /// <summary>Characters around a gate keyword within which its rule may match; matches are far shorter.</summary>
    private const int WindowBefore = 150, WindowAfter = 60;

    /// <summary>
    /// The rule's matches: over the whole text, or for a gated rule, in windows around its keyword. A window
    /// begins and ends at white space, so the patterns' guards (which all accept white space beside a mention)
    /// read the same at its edges as in the whole text.
    /// </summary>
    internal static IEnumerable<(int Index, int Length)> RuleMatches(Rule rule, string text) => Matches(rule, text);

    private static IEnumerable<(int Index, int Length)> Matches(Rule rule, string text)
    {
        if (rule.Gate is null)
        {
            foreach (var m in InWindow(rule, text, 0, text.Length)) yield return m;
            yield break;
        }
        int windowStart = -1, windowEnd = -1;
        foreach (Match g in rule.Gate.Matches(text))
        {
            int start = ToSpace(text, g.Index - WindowBefore, -1), end = ToSpace(text, g.Index + g.Length + WindowAfter, +1);
            if (windowStart >= 0 && start <= windowEnd) { windowEnd = Math.Max(windowEnd, end); continue; }
            if (windowStart >= 0)
                foreach (var m in InWindow(rule, text, windowStart, windowEnd)) yield return m;
            (windowStart, windowEnd) = (start, end);
        }
        if (windowStart >= 0)
            foreach (var m in InWindow(rule, text, windowStart, windowEnd)) yield return m;
    }

    /// <summary>
    /// Matches inside [start, end): the window is the whole input to the engine (lookbehinds and \b see nothing
    /// outside it), so nothing is copied. A rule with a <see cref="StartFilter"/> is tried only where a match can
    /// begin; the span overloads keep the window as the input while the scan resumes inside it.
    /// </summary>
    private static IEnumerable<(int Index, int Length)> InWindow(Rule rule, string text, int start, int end)
    {
        if (rule.Start is not { } filter)
        {
            for (var m = rule.Pattern.Match(text, start, end - start); m.Success; m = m.NextMatch()) yield return (m.Index, m.Length);
            yield break;
        }
        int at = 0;
        while (at <= end - start && NextMatch(filter, text.AsSpan(start, end - start), ref at) is { } found)
            yield return (start + found.Index, found.Length);
    }

    /// <summary>The first match at or after <paramref name="at"/> in the window; moves <paramref name="at"/> past it.</summary>
    private static (int Index, int Length)? NextMatch(StartFilter filter, ReadOnlySpan<char> window, ref int at)
    {
        while (at <= window.Length)
        {
            int candidate = -1;
            foreach (var c in filter.Candidates.EnumerateMatches(window, at)) { candidate = c.Index; break; }
            if (candidate < 0) { at = window.Length + 1; return null; }
            foreach (var m in filter.Anchored.EnumerateMatches(window, candidate))
            {
                // Like the engine's own scan: resume at the match end, or one further after an empty match.
                at = m.Index + Math.Max(m.Length, 1);
                return (m.Index, m.Length);
            }
            at = candidate + 1;
        }
        return null;
    }

    /// <summary>The nearest white space (or text edge) from a position, going in a direction.</summary>
    private static int ToSpace(string text, int position, int direction)
    {
        int p = Math.Clamp(position, 0, text.Length);
        while (p > 0 && p < text.Length && !char.IsWhiteSpace(text[p])) p += direction;
        return Math.Clamp(p, 0, text.Length);
    }

    /// <summary>"1932 and 1933", "the 1920s through the 1930s", "May 1930 to June 1931": one DATE (ANNOTATION.md).</summary>
    private static List<Candidate> MergeRanges(string text, List<Candidate> sorted)
    {
        var result = new List<Candidate>();
        foreach (var c in sorted)
        {
            if (result.Count > 0 && result[^1] is { Kind: RuleKind.Calendar } prev && c.Kind == RuleKind.Calendar
                && RangeGap.IsMatch(text.AsSpan(prev.Span.End, c.Span.Start - prev.Span.End)))
            {
                result[^1] = prev with { Span = new Span(prev.Span.Start, c.Span.End) };
                continue;
            }
            result.Add(c);
        }
        return result;
    }

    private static readonly Regex YearInside = new(@"(?<![\d,.])(?:1[6-9]\d\d|20[0-4]\d)(?![\d,])", RegexOptions.Compiled);

    private static readonly Regex InflectedRangeEnd = new(@"^[–-]\d+-\s*\p{L}", RegexOptions.Compiled);

    private static readonly Regex PronounOneAfter = new(
        @"^\s*(?:[.,;:)”’]|-|that\b|which\b|who\b|might\b|could\b|would\b|must\b|should\b|can\b|may\b|will\b|includes?\b|has\b|is\b|was\b|end\b|sense\b|hand\b|another\b|day\b)",
        RegexOptions.IgnoreCase | RegexOptions.Compiled);

    private static readonly Regex PronounOneBefore = new(@"(?:\b(?:the|a|an|as|this|that|each|any|every|no)|\p{Lu}\p{Ll}+)\s+$", RegexOptions.Compiled);

    /// <summary>Vetoes that a pattern cannot express: parts of a reference or title, the pronoun "one".</summary>
    private static bool Plausible(string text, Span span, string label)
    {
        int s = span.Start, e = span.End;
        // "K480944–49", "L192270–475": the tail of an archive or page range, not a number of its own.
        if (label != NumericLabels.Date && s >= 2 && text[s - 1] is '–' or '-' && char.IsLetterOrDigit(text[s - 2])) return false;
        // "the Sixteenth Party Congress", "the Second World War": a numeral word inside a name is no entity of its own.
        if (label is NumericLabels.Ordinal or NumericLabels.Cardinal && char.IsUpper(text[s]) && !char.IsDigit(text[s])
            && !SentenceStart(text, s) && NextWordCapitalized(text, e)) return false;
        if (label != NumericLabels.Cardinal) return true;
        // "20-e gody", "30-kh": numerals inflected in Russian or Ukrainian titles; "a one-way street".
        if (e < text.Length && text[e] == '-' || InflectedRangeEnd.IsMatch(text.AsSpan(e, Math.Min(12, text.Length - e)))) return false;
        // A year is a DATE, never part of a count ("from 119,881 in 1937 to 54,500").
        // Matched on a span of the text, not a copy: the span is the engine's whole input, as a substring would be.
        if (YearInside.IsMatch(text.AsSpan(s, e - s))) return false;
        if (text.AsSpan(s, e - s).Equals("one", StringComparison.OrdinalIgnoreCase))
        {
            string after = text.Substring(e, Math.Min(20, text.Length - e));
            string before = text.Substring(Math.Max(0, s - 20), s - Math.Max(0, s - 20));
            // "one might", "the Polish one", "On the one hand": the pronoun or an idiom, not a count.
            if (PronounOneAfter.IsMatch(after) || PronounOneBefore.IsMatch(before)) return false;
        }
        return true;
    }

    private static bool SentenceStart(string text, int s)
    {
        int i = s - 1;
        while (i >= 0 && (char.IsWhiteSpace(text[i]) || text[i] is '“' or '"' or '‘' or '(' or '[')) i--;
        return i < 0 || text[i] is '.' or '!' or '?' or ':' or '”' || char.IsDigit(text[i]);
    }

    private static bool NextWordCapitalized(string text, int e)
    {
        int i = e;
        while (i < text.Length && char.IsWhiteSpace(text[i])) i++;
        return i < text.Length && char.IsUpper(text[i]);
    }

    private static DisjointSpans CitationMask(string text)
    {
        var spans = new List<Span>();
        foreach (var re in RulePatterns.Citations)
            foreach (Match m in re.Matches(text))
            {
                // Only the numbers of a citation are masked, not the word before them ("pp.", "reel").
                int digit = text.AsSpan(m.Index, m.Length).IndexOfAnyInRange('0', '9');
                if (digit >= 0) spans.Add(new Span(m.Index + digit, m.Index + m.Length));
            }
        return DisjointSpans.Union(spans);
    }

    /// <summary>Spans never start or end with space or punctuation other than an abbreviation's period.</summary>
    private static Span Trim(string text, Span s)
    {
        int start = s.Start, end = s.End;
        while (start < end && (char.IsWhiteSpace(text[start]) || text[start] is ',' or '-' or '–')) start++;
        while (end > start && (char.IsWhiteSpace(text[end - 1]) || text[end - 1] is ',' or '-' or '–' or ';' or ':')) end--;
        return new Span(start, end);
    }

    /// <summary>A mention edge on a token edge, or between a letter or digit and anything else.</summary>
    private static bool Fits(string text, int edge, int[] tokenEdges) =>
        Array.BinarySearch(tokenEdges, edge) >= 0 || edge <= 0 || edge >= text.Length
        || !(char.IsLetterOrDigit(text[edge - 1]) && char.IsLetterOrDigit(text[edge]));

    /// <summary>Token starts and ends as sorted arrays: a binary search per mention edge, no hash sets of every token.</summary>
    private static (int[] Starts, int[] Ends) TokenBoundaries(ImmutableArray<Span> tokens)
    {
        var starts = new int[tokens.Length];
        var ends = new int[tokens.Length];
        for (int i = 0; i < tokens.Length; i++) (starts[i], ends[i]) = (tokens[i].Start, tokens[i].End);
        Array.Sort(starts);
        Array.Sort(ends);
        return (starts, ends);
    }
}
