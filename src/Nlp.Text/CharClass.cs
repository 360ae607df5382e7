using System.Globalization;
using System.Runtime.CompilerServices;

namespace Nlp.Text;

/// <summary>
/// Character tests shared by the normalizer, the tokenizer and <see cref="TokenText"/>. ASCII is answered from
/// range checks (the hot path of the scanner); other characters fall back to the Unicode tables.
/// All three components must agree on what white space and a line break are, so they all ask here.
/// </summary>
internal static class CharClass
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool IsDigit(char c) => (uint)(c - '0') <= 9;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool IsLetter(char c) =>
        c < 128 ? (uint)((c | 0x20) - 'a') <= 'z' - 'a' : c != '\u00AD' && char.IsLetter(c);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool IsUpper(char c) => c < 128 ? (uint)(c - 'A') <= 'Z' - 'A' : char.IsUpper(c);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool IsLower(char c) => c < 128 ? (uint)(c - 'a') <= 'z' - 'a' : char.IsLower(c);

    /// <summary>Letters, digits and combining marks: what a word is made of.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool IsWordChar(char c) =>
        c < 128 ? IsDigit(c) || (uint)((c | 0x20) - 'a') <= 'z' - 'a' : IsNonAsciiWordChar(c);

    private static bool IsNonAsciiWordChar(char c)
    {
        if (c == '\u00AD') return true; // soft hyphen: invisible, belongs to the word it sits in
        var category = char.GetUnicodeCategory(c);
        return category <= UnicodeCategory.OtherLetter // Lu Ll Lt Lm Lo
               || category is UnicodeCategory.NonSpacingMark or UnicodeCategory.SpacingCombiningMark
                   or UnicodeCategory.DecimalDigitNumber;
    }

    /// <summary>White space, including no-break space and the invisible characters PDF extraction leaves behind.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool IsWhiteSpace(char c) =>
        c <= ' ' ? c == ' ' || (c >= '\t' && c <= '\r') : c > 127 && IsNonAsciiWhiteSpace(c);

    /// <summary>
    /// Also the invisible format characters that sit between or around words: zero-width space, joiners and
    /// non-joiners, word joiner, a byte-order mark in mid-text, and the bidirectional marks, embeddings and isolates
    /// (LRM, RLM, ALM, LRE…RLO, PDF, LRI…PDI). Read as spaces they never become a token of their own nor glue
    /// punctuation to a word; offsets are unaffected, since they stay in the text.
    /// </summary>
    private static bool IsNonAsciiWhiteSpace(char c) =>
        char.IsWhiteSpace(c) || c is (>= '\u200B' and <= '\u200F') or '\uFEFF' or '\u2060' or '\u061C'
            or (>= '\u202A' and <= '\u202E') or (>= '\u2066' and <= '\u2069');

    /// <summary>Characters that end a line: LF, CR, form feed (a page break), vertical tab, NEL, LS, PS.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool IsLineBreak(char c) =>
        c <= '\r' ? c >= '\n' : c is '\u0085' or '\u2028' or '\u2029';

    public static bool IsHyphen(char c) => c is '-' or '\u2010' or '\u2011';

    /// <summary>Figure, en, em and horizontal-bar dashes (not the hyphen).</summary>
    public static bool IsDash(char c) => c is '\u2012' or '\u2013' or '\u2014' or '\u2015';

    public static bool IsApostrophe(char c) => c is '\'' or '\u2019' or '\u02BC';

    /// <summary>Closing quotes and brackets that may follow sentence-final punctuation.</summary>
    public static bool IsCloser(char c) => c is '"' or '\'' or '\u2019' or '\u201D' or '\u00BB' or '\u203A' or ')' or ']' or '}';
}
