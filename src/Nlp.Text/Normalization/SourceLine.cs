namespace Nlp.Text.Normalization;

/// <summary>
/// One line of the original text. [Start, End) excludes the line terminator; [ContentStart, ContentEnd) also
/// excludes leading and trailing white space. A line after a form feed starts a new page.
/// </summary>
internal readonly record struct SourceLine(int Start, int End, int ContentStart, int ContentEnd, bool AfterPageBreak)
{
    public bool IsBlank => ContentEnd <= ContentStart;

    /// <summary>Leading white space: in PDF extractions, the mark of a new page's first line.</summary>
    public bool Indented => ContentStart > Start;

    public int Length => ContentEnd - ContentStart;

    public ReadOnlySpan<char> Content(string text) => text.AsSpan(ContentStart, ContentEnd - ContentStart);

    /// <summary>Splits text at every line terminator (LF, CRLF, CR, FF, VT, NEL, LS, PS).</summary>
    public static List<SourceLine> Split(string text)
    {
        var lines = new List<SourceLine>(text.Length / 60 + 4);
        // NEL, LS and PS are rare: search for them only in texts that have them, the fast ASCII search otherwise.
        bool unicodeBreaks = text.AsSpan().IndexOfAny(UnicodeLineBreaks) >= 0;
        int start = 0;
        bool afterPageBreak = false;
        while (true)
        {
            int found = unicodeBreaks ? text.AsSpan(start).IndexOfAny(LineBreaks) : text.AsSpan(start).IndexOfAnyInRange('\n', '\r');
            int end = found < 0 ? text.Length : start + found;
            int contentStart = start;
            while (contentStart < end && CharClass.IsWhiteSpace(text[contentStart])) contentStart++;
            int contentEnd = end;
            while (contentEnd > contentStart && CharClass.IsWhiteSpace(text[contentEnd - 1])) contentEnd--;
            lines.Add(new SourceLine(start, end, contentStart, contentEnd, afterPageBreak));
            if (end >= text.Length) break;
            afterPageBreak = text[end] == '\f';
            start = end + (text[end] == '\r' && end + 1 < text.Length && text[end + 1] == '\n' ? 2 : 1);
        }
        return lines;
    }

    /// <summary>The characters <see cref="CharClass.IsLineBreak"/> accepts, for a vectorized search.</summary>
    private static readonly System.Buffers.SearchValues<char> LineBreaks =
        System.Buffers.SearchValues.Create("\n\v\f\r\u0085\u2028\u2029");

    private static readonly System.Buffers.SearchValues<char> UnicodeLineBreaks = System.Buffers.SearchValues.Create("\u0085\u2028\u2029");
}
