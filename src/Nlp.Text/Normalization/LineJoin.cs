using System.Collections.Frozen;

namespace Nlp.Text.Normalization;

/// <summary>What becomes of a line break inside a paragraph.</summary>
internal enum JoinKind
{
    /// <summary>The break becomes one space.</summary>
    Space,
    /// <summary>The break disappears; a hyphen or dash before it stays ("Carpatho-Ukraine", "Germans—plans").</summary>
    Glue,
    /// <summary>The break and the hyphen before it disappear: a word split into syllables ("Mac-" "lean").</summary>
    DropHyphen,
}

/// <summary>
/// The rule for joining two wrapped lines, decided from the characters around the break alone, so that the
/// normalizer and <see cref="TokenText.Surface"/> always agree on a token's repaired form.
///
/// A hyphen at a line end before a lower-case letter is a syllable break ("individ-" "uals") unless there is
/// evidence it is a real hyphen: the same compound appears elsewhere in the text on one line ("cross-border"),
/// the first part is a prefix that keeps its hyphen ("self-", "quasi-", "low-") or the second part a word that
/// makes compounds ("-looking", "-based", "-scale"), or the part before the hyphen is not lower-case ("L-shaped",
/// "NKVD-run"). Before a capital or a digit the hyphen is real ("Carpatho-Ukraine", "post-1924"), and in
/// "one- to three-year" (a number before the hyphen, "to"/"and"/"or" after the break) the space is kept.
/// </summary>
internal static class LineJoin
{
    private static readonly FrozenSet<string> KeptPrefixes = new[]
    {
        "self", "non", "anti", "quasi", "pseudo", "well", "ill", "low", "high", "large", "small", "long", "short",
        "half", "cross", "all", "full", "ex", "mid", "one", "two", "three", "four", "five", "six", "seven", "eight",
        "nine", "ten", "eleven", "twelve", "fifteen", "twenty", "thirty", "forty", "fifty", "hundred", "first",
        "second", "third",
    }.ToFrozenSet(StringComparer.OrdinalIgnoreCase);

    private static readonly FrozenSet<string> CompoundSecondParts = new[]
    {
        "looking", "based", "like", "scale", "dominated", "ruled", "run", "led", "owned", "held", "sponsored",
        "speaking", "minded", "born", "year", "month", "day", "week", "kilometer", "mile", "century", "term", "level",
        "wide", "type", "style", "called", "oriented", "controlled", "language", "related", "specific", "ridden",
    }.ToFrozenSet(StringComparer.OrdinalIgnoreCase);

    private static readonly FrozenSet<string> SuspendedHyphenFollowers = new[] { "to", "and", "or", "nor" }
        .ToFrozenSet(StringComparer.Ordinal);

    private static readonly FrozenSet<string>.AlternateLookup<ReadOnlySpan<char>> Prefix = KeptPrefixes.GetAlternateLookup<ReadOnlySpan<char>>();
    private static readonly FrozenSet<string>.AlternateLookup<ReadOnlySpan<char>> Second = CompoundSecondParts.GetAlternateLookup<ReadOnlySpan<char>>();
    private static readonly FrozenSet<string>.AlternateLookup<ReadOnlySpan<char>> Suspended = SuspendedHyphenFollowers.GetAlternateLookup<ReadOnlySpan<char>>();

    /// <summary>
    /// How to join the line ending with <c>text[last]</c> (its last non-space character) to the line starting with
    /// <c>text[next]</c> (its first non-space character). <paramref name="evidence"/> is asked only when the
    /// characters alone cannot decide.
    /// </summary>
    public static JoinKind Decide(string text, int last, int next, Func<HyphenEvidence> evidence)
    {
        char a = text[last];
        char b = text[next];
        if (a == '\u00AD') return JoinKind.DropHyphen; // a soft hyphen only ever marks a syllable break
        char before = last > 0 ? text[last - 1] : ' ';
        if (CharClass.IsHyphen(a))
        {
            if (!CharClass.IsWordChar(before)) return JoinKind.Space; // a free-standing hyphen used as a dash
            if (!CharClass.IsLower(b)) return JoinKind.Glue;
            var first = WordBefore(text, last);
            var second = WordAfter(text, next);
            if (IsSuspendedHyphen(first, second)) return JoinKind.Space;
            if (!CharClass.IsLower(before)) return JoinKind.Glue;
            if (Prefix.Contains(first) || Second.Contains(second)) return JoinKind.Glue;
            if (evidence().SeenHyphenated(first, second)) return JoinKind.Glue;
            return JoinKind.DropHyphen;
        }
        if (CharClass.IsDash(a)) return CharClass.IsWhiteSpace(before) ? JoinKind.Space : JoinKind.Glue;
        if (a == '/') return JoinKind.Glue;
        return JoinKind.Space;
    }

    /// <summary>"one- to three-year", "100- to 150-kilometer": a number word or digits, then "to"/"and"/"or".</summary>
    private static bool IsSuspendedHyphen(ReadOnlySpan<char> first, ReadOnlySpan<char> second)
    {
        if (!Suspended.Contains(second) || first.Length == 0) return false;
        return CharClass.IsDigit(first[^1]) || Prefix.Contains(first);
    }

    /// <summary>The letters and digits right before the hyphen at <paramref name="hyphen"/>.</summary>
    internal static ReadOnlySpan<char> WordBefore(string text, int hyphen)
    {
        int start = hyphen;
        while (start > 0 && CharClass.IsWordChar(text[start - 1])) start--;
        return text.AsSpan(start, hyphen - start);
    }

    /// <summary>The letters and digits starting at <paramref name="start"/>.</summary>
    internal static ReadOnlySpan<char> WordAfter(string text, int start)
    {
        int end = start;
        while (end < text.Length && CharClass.IsWordChar(text[end])) end++;
        return text.AsSpan(start, end - start);
    }
}
