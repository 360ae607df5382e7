using System.Buffers;

namespace Nlp.Text.Normalization;

/// <summary>
/// Appends characters to the normalized text together with their original offsets. The working arrays are
/// rented from the shared pools: for a long document they are large-object-heap sized, and allocating them
/// per document would cost more than the normalization itself.
/// </summary>
internal sealed class NormalizedTextBuilder
{
    private readonly string _original;
    private char[] _chars;
    private int[] _map;

    public NormalizedTextBuilder(string original)
    {
        _original = original;
        _chars = ArrayPool<char>.Shared.Rent(original.Length + 16);
        _map = ArrayPool<int>.Shared.Rent(original.Length + 17);
    }

    public int Length { get; private set; }

    /// <summary>Copies original characters [start, end) unchanged.</summary>
    public void AppendOriginal(int start, int end)
    {
        int count = end - start;
        Ensure(count);
        _original.CopyTo(start, _chars, Length, count);
        var map = _map.AsSpan(Length, count);
        for (int k = 0; k < map.Length; k++) map[k] = start + k;
        Length += count;
    }

    /// <summary>Appends a character that stands for original offset <paramref name="offset"/> (a space for a line break).</summary>
    public void Append(char c, int offset)
    {
        Ensure(1);
        _chars[Length] = c;
        _map[Length] = offset;
        Length++;
    }

    /// <summary>Drops the last character (a line-break hyphen found to be a syllable break).</summary>
    public void RemoveLast() => Length--;

    /// <summary>A paragraph break: a blank line, mapped onto the original gap between the two paragraphs.</summary>
    public void AppendParagraphBreak(int gapStart, int gapEnd)
    {
        if (Length == 0) return;
        int second = Math.Min(gapStart + 1, Math.Max(gapStart, gapEnd - 1));
        Append('\n', gapStart);
        Append('\n', second);
    }

    /// <summary>The text and its map (with <paramref name="end"/> as the final entry); returns the working arrays.</summary>
    public (string Text, int[] Map) Build(int end)
    {
        var map = new int[Length + 1];
        _map.AsSpan(0, Length).CopyTo(map);
        map[Length] = end;
        var text = new string(_chars, 0, Length);
        ArrayPool<char>.Shared.Return(_chars);
        ArrayPool<int>.Shared.Return(_map);
        _chars = [];
        _map = [];
        return (text, map);
    }

    private void Ensure(int more)
    {
        if (Length + more + 1 <= _chars.Length) return;
        int size = Math.Max(_chars.Length * 2, Length + more + 16);
        var chars = ArrayPool<char>.Shared.Rent(size);
        var map = ArrayPool<int>.Shared.Rent(size + 1);
        _chars.AsSpan(0, Length).CopyTo(chars);
        _map.AsSpan(0, Length).CopyTo(map);
        ArrayPool<char>.Shared.Return(_chars);
        ArrayPool<int>.Shared.Return(_map);
        _chars = chars;
        _map = map;
    }
}
