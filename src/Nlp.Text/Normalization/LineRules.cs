using Nlp.Text.Tokenization;

namespace Nlp.Text.Normalization;

/// <summary>Tests on single lines that the normalizer combines into its layout decisions.</summary>
internal static class LineRules
{
    /// <summary>Numbering may skip this many footnotes (one missed by the rules) and still count as the sequence.</summary>
    private const int FootnoteGap = 5;

    /// <summary>
    /// Whether the line ends a sentence: its last character is . ? ! or …, possibly followed by closing quotes
    /// and brackets and a glued footnote number ("on.”3", "minority.26"), and not after an initial or abbreviation.
    /// </summary>
    public static bool EndsSentence(string text, SourceLine line)
    {
        int start = line.ContentStart;
        int end = line.ContentEnd;
        int k = end;
        while (k > start && CharClass.IsDigit(text[k - 1])) k--;
        if (k < end && k > start && (CharClass.IsCloser(text[k - 1]) || text[k - 1] is '.' or '?' or '!')) end = k;
        while (end > start && CharClass.IsCloser(text[end - 1])) end--;
        if (end <= start) return false;
        char last = text[end - 1];
        if (last is '?' or '!' or '…') return true;
        if (last != '.') return false;
        int w = end - 1;
        while (w > start && CharClass.IsLetter(text[w - 1])) w--;
        var word = text.AsSpan(w, end - 1 - w);
        return word.Length != 1 && Abbreviations.Classify(word) == AbbreviationClass.None;
    }

    /// <summary>
    /// A footnote's first line: "12 Slezkine (n. 12 above)…" whose number continues the sequence seen so far, or
    /// "* Research support…". Returns the number, 0 for a symbol footnote, -1 for none.
    /// </summary>
    public static int FootnoteStart(string text, SourceLine line, int lastNumber, int lastMarker = 0)
    {
        var s = line.Content(text);
        if (s.Length >= 3 && s[0] is '*' or '†' or '‡' && s[1] == ' ') return 0;
        int digits = 0;
        while (digits < s.Length && CharClass.IsDigit(s[digits])) digits++;
        if (digits is 0 or > 3 || digits + 1 >= s.Length || s[digits] is not (' ' or '\t')) return -1;
        int k = digits;
        while (k < s.Length && s[k] is ' ' or '\t') k++;
        if (k >= s.Length) return -1;
        char c = s[k];
        if (!CharClass.IsUpper(c) && c is not ('“' or '"' or '‘' or '(')) return -1;
        int number = int.Parse(s[..digits]);
        // The sequence may also jump to a marker already seen in the body text: extractions lose whole pages of notes.
        bool inSequence = number > lastNumber && (number <= lastNumber + FootnoteGap || number <= lastMarker);
        return inSequence || number == 1 ? number : -1;
    }

    /// <summary>
    /// The highest footnote marker in a line of body text: one to three digits glued to sentence punctuation or a
    /// closing quote and followed by a capital or the line end ("Samarkand.”1", "in 1937.174 Red Army"). Returns 0
    /// when there is none.
    /// </summary>
    public static int LastFootnoteMarker(string text, SourceLine line)
    {
        int max = 0;
        for (int i = line.ContentStart + 1; i < line.ContentEnd; i++)
        {
            int digit = text.AsSpan(i, line.ContentEnd - i).IndexOfAnyInRange('0', '9');
            if (digit < 0) break;
            i += digit;
            if (text[i - 1] is not ('.' or '?' or '!' or ';' or ':' or '”' or '’' or ')' or '"')) continue;
            int end = i;
            while (end < line.ContentEnd && CharClass.IsDigit(text[end])) end++;
            bool followed = end == line.ContentEnd
                            || (text[end] == ' ' && end + 1 < line.ContentEnd && (CharClass.IsUpper(text[end + 1]) || text[end + 1] == '“'));
            if (end - i <= 3 && followed) max = Math.Max(max, int.Parse(text.AsSpan(i, end - i)));
            i = end;
        }
        return max;
    }

    /// <summary>
    /// Page furniture: a page number alone ("48", "- 12 -", "Page 12") or a running header with the page number
    /// at one end ("Origins of Soviet Ethnic Cleansing 827", "830 Martin"). The caller checks the line stands alone.
    /// </summary>
    public static bool IsFurniture(string text, SourceLine line)
    {
        var s = line.Content(text).Trim("-–— ");
        if (s.Length == 0 || s.Length > 70) return false;
        if (s.StartsWith("Page ", StringComparison.OrdinalIgnoreCase)) s = s[5..];
        int lead = 0;
        while (lead < s.Length && CharClass.IsDigit(s[lead])) lead++;
        if (lead == s.Length) return lead <= 4;
        int trail = s.Length;
        while (trail > 0 && CharClass.IsDigit(s[trail - 1])) trail--;
        if (lead is >= 1 and <= 4 && s[lead] == ' ') return IsRunningTitle(s[(lead + 1)..], 40);
        if (s.Length - trail is >= 1 and <= 4 && trail > 0 && s[trail - 1] == ' ') return IsRunningTitle(s[..(trail - 1)], 66);
        return false;
    }

    /// <summary>A running title: words, no sentence punctuation.</summary>
    private static bool IsRunningTitle(ReadOnlySpan<char> title, int maxLength)
    {
        title = title.Trim();
        if (title.Length == 0 || title.Length > maxLength || !CharClass.IsUpper(title[0])) return false;
        foreach (char c in title)
            if (c is '.' or ',' or ';' or ':' or '?' or '!' or '(' or ')' || CharClass.IsDigit(c)) return false;
        return true;
    }

    /// <summary>
    /// Could this line be a heading: short, opening with a capital (or a quote before one), and not ending like
    /// running text (no final . , ; : or hyphen).
    /// </summary>
    public static bool LooksLikeHeading(string text, SourceLine line, LineLayout layout)
    {
        var s = line.Content(text);
        if (s.Length < 2) return false;
        if (layout.HardWrapped ? !layout.IsShort(line) : s.Length > 120) return false;
        int first = s[0] is '“' or '"' or '‘' or '\'' ? 1 : 0;
        if (!CharClass.IsUpper(s[first])) return false;
        char last = s[^1];
        return last is not ('.' or ',' or ';' or ':') && !CharClass.IsHyphen(last) && !CharClass.IsDash(last);
    }

    /// <summary>A line that can only continue something: it opens with a lower-case letter or a bracket.</summary>
    public static bool StartsAsContinuation(string text, SourceLine line)
    {
        char c = text[line.ContentStart];
        return CharClass.IsLower(c) || c is '(' or '[';
    }
}
