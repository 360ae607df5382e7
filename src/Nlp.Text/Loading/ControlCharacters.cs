namespace Nlp.Text.Loading;

/// <summary>
/// Control characters in decoded text: a file mostly made of them is binary and refused; a few of them (a NUL
/// left by a copy, a stray ESC or form of C1 control) are mapped to spaces. Mapping one character to one space,
/// rather than deleting it, keeps the document text exactly as long as the decoded file: every offset still
/// points at the same character of the file as decoded, and tokens simply do not include the control.
/// Tab, line breaks (LF, VT, FF, CR, NEL) are text and stay.
/// </summary>
internal static class ControlCharacters
{
    /// <summary>More than 1 character in 10 being a control or a replaced byte means the file is not text.</summary>
    private const double MaxBinaryShare = 0.10;

    /// <summary>A handful of control characters never makes a file binary, however short it is.</summary>
    private const int AlwaysTolerated = 8;

    public static bool IsStray(char c) => char.IsControl(c) && c is not ('\t' or '\n' or '\v' or '\f' or '\r' or '\u0085');

    /// <summary>Refuses text that is mostly not text: control characters and U+FFFD (bytes that decoded to nothing).</summary>
    public static void RefuseBinary(string path, string text, string encoding)
    {
        int suspicious = 0;
        foreach (char c in text)
            if (c == '\uFFFD' || IsStray(c)) suspicious++;
        if (suspicious > AlwaysTolerated && suspicious > text.Length * MaxBinaryShare)
            throw new DocumentLoadException(path,
                $"binary content: {suspicious} control characters or undecodable bytes in {text.Length} ({100.0 * suspicious / text.Length:0.#}%) when read as {encoding}");
    }

    /// <summary>The text with each stray control character replaced by a space, and a sentence saying so (null: none).</summary>
    public static (string Text, string? Mapped) MapToSpaces(string text)
    {
        int first = -1;
        for (int i = 0; i < text.Length && first < 0; i++)
            if (IsStray(text[i])) first = i;
        if (first < 0) return (text, null);
        var chars = text.ToCharArray();
        int count = 0;
        bool nul = false;
        for (int i = first; i < chars.Length; i++)
        {
            if (!IsStray(chars[i])) continue;
            nul |= chars[i] == '\0';
            chars[i] = ' ';
            count++;
        }
        return (new string(chars), $"{count} control character(s){(nul ? " (NUL among them)" : "")}, the first U+{(int)text[first]:X4} at character {first}, were replaced by spaces (offsets unchanged)");
    }
}
