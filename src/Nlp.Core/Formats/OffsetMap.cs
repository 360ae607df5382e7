namespace Nlp.Core.Formats;

/// <summary>
/// Converts between code-point offsets (the file format, ANNOTATION.md) and UTF-16 indices (.NET strings).
/// For text without surrogate pairs, the two are equal and the map costs nothing.
/// </summary>
public sealed class OffsetMap
{
    private readonly int[]? _codePointToUtf16; // null when identical
    private readonly int[]? _utf16ToCodePoint;

    public OffsetMap(string text)
    {
        int surrogates = 0;
        foreach (char c in text) if (char.IsHighSurrogate(c)) surrogates++;
        CodePointLength = text.Length - surrogates;
        if (surrogates == 0) return;

        _codePointToUtf16 = new int[CodePointLength + 1];
        _utf16ToCodePoint = new int[text.Length + 1];
        int cp = 0;
        for (int i = 0; i < text.Length; i++)
        {
            _utf16ToCodePoint[i] = cp;
            bool pair = char.IsHighSurrogate(text[i]) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]);
            _codePointToUtf16[cp] = i;
            if (pair) { i++; _utf16ToCodePoint[i] = cp; }
            cp++;
        }
        _codePointToUtf16[CodePointLength] = text.Length;
        _utf16ToCodePoint[text.Length] = CodePointLength;
    }

    public bool IsIdentity => _codePointToUtf16 is null;
    public int CodePointLength { get; }

    /// <summary>UTF-16 index of a code-point offset; the caller checks the range first.</summary>
    public int ToUtf16(int codePoint) => _codePointToUtf16 is null ? codePoint : _codePointToUtf16[codePoint];

    public int ToCodePoint(int utf16) => _utf16ToCodePoint is null ? utf16 : _utf16ToCodePoint[utf16];
}
