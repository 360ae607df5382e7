using Nlp.Core.Model;

namespace Nlp.Rules;

/// <summary>
/// Footnote markers are never entities (ANNOTATION.md, conventions): a number in brackets ("[1]", "[12]"), a number
/// glued to the punctuation that ends a word ("Samarkand.1", "returned,3"), or superscript digits ("Moscow¹").
/// Reference works and scholarly prose are full of them, and read as numbers they become false CARDINALs.
/// </summary>
public static class FootnoteMarkers
{
    /// <summary>The longest number read as a marker: notes beyond 999 do not occur, longer digit runs are years or counts.</summary>
    const int MaxDigits = 3;

    /// <summary>True when the span is a footnote marker of the text.</summary>
    public static bool IsMarker(string text, Span span)
    {
        if (span.Start < 0 || span.End > text.Length || span.Length == 0) return false;
        var s = text.AsSpan(span.Start, span.Length);
        if (s.Length <= MaxDigits && AllSuperscriptDigits(s)) return true;
        if (s.Length > MaxDigits || !AllAsciiDigits(s)) return false;
        char before = span.Start > 0 ? text[span.Start - 1] : ' ';
        char after = span.End < text.Length ? text[span.End] : ' ';
        if (before == '[' && after == ']') return true;
        // "Samarkand.1 In 1957": a letter, sentence punctuation, then the number with nothing between, and a
        // break after it. A decimal ("1.5") has a digit before the point, a page "p. 45" a space.
        bool glued = before is '.' or ',' or ';' or ':' or ')' or '"' or '\u201D' && span.Start >= 2 && char.IsLetter(text[span.Start - 2]);
        return glued && (char.IsWhiteSpace(after) || after is '.' or ',' or ';' or ')' || span.End == text.Length);
    }

    static bool AllAsciiDigits(ReadOnlySpan<char> s)
    {
        foreach (var c in s) if (c is < '0' or > '9') return false;
        return true;
    }

    static bool AllSuperscriptDigits(ReadOnlySpan<char> s)
    {
        foreach (var c in s) if (c is not ('\u00B9' or '\u00B2' or '\u00B3' or (>= '\u2070' and <= '\u2079'))) return false;
        return true;
    }
}
