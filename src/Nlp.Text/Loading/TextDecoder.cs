using System.Buffers;
using System.Text;

namespace Nlp.Text.Loading;

/// <summary>Decoded text, the name of the encoding used, and a sentence for a warning, if any: which bytes had to be
/// replaced, or that the encoding was guessed.</summary>
internal sealed record DecodedText(string Text, string Encoding, string? Replaced);

/// <summary>
/// Turns a file's bytes into text, never silently. The order is: an explicit encoding; a byte-order mark (UTF-8,
/// UTF-16 LE/BE, UTF-32 LE); UTF-16 without a mark (recognised by its zero bytes); strict UTF-8; UTF-8 with a few
/// stray legacy bytes (read as Windows-1252, the usual cause); Windows-1251 or KOI8-R when the letters look Cyrillic
/// (<see cref="CyrillicCodePages"/>, with a warning, as it is a guess); else Windows-1252. Bytes that cannot be decoded are
/// replaced (U+FFFD) and counted in <see cref="DecodedText.Replaced"/>, so the caller reports the file.
/// </summary>
internal static class TextDecoder
{
    public static DecodedText Decode(byte[] bytes, string path, string? encodingName)
    {
        if (encodingName is not null)
        {
            var fallback = new CountingFallback(asWindows1252: false);
            var encoding = Encodings.Counting(encodingName, fallback)
                ?? throw new DocumentLoadException(path, $"unknown encoding \"{encodingName}\"");
            int skip = bytes.AsSpan().StartsWith(encoding.Preamble) ? encoding.Preamble.Length : 0;
            return WithFallback(bytes, skip, encoding, fallback);
        }

        var (marked, markLength) = ByteOrderMark(bytes);
        if ((marked ?? Utf16WithoutMark(bytes)) is { } wide)
        {
            var fallback = new CountingFallback(asWindows1252: false);
            return WithFallback(bytes, markLength, Encodings.Counting(wide, fallback)!, fallback);
        }

        if (System.Text.Unicode.Utf8.IsValid(bytes)) return new DecodedText(Encoding.UTF8.GetString(bytes), "utf-8", null);

        if (MostlyUtf8(bytes))
        {
            // A UTF-8 file with a few bytes of another encoding pasted in (a name typed in an old editor): decoding all
            // of it as Windows-1252 would garble every accented letter, so only the stray bytes are read as Windows-1252.
            var fallback = new CountingFallback(asWindows1252: true);
            var utf8 = Encodings.Counting("utf-8", fallback)!.GetString(bytes);
            return new DecodedText(utf8, "utf-8", $"{fallback.Count} byte(s) not valid UTF-8 (the first at byte {fallback.FirstIndex}) were read as Windows-1252");
        }

        if (CyrillicCodePages.Guess(bytes) is { } cyrillic)
        {
            var fallback = new CountingFallback(asWindows1252: false);
            var decoded = WithFallback(bytes, 0, Encodings.Counting(cyrillic, fallback)!, fallback);
            return decoded with
            {
                Replaced = $"not valid UTF-8; its letters look Cyrillic, so it was read as {cyrillic} (if the file is in another " +
                           "encoding, name it with --encoding)" + (decoded.Replaced is { } replaced ? $"; {replaced}" : ""),
            };
        }

        var text = string.Create(bytes.Length, bytes, static (chars, b) =>
        {
            for (int i = 0; i < b.Length; i++) chars[i] = Encodings.Windows1252[b[i]];
        });
        int undefined = bytes.AsSpan().IndexOfAny(Undefined1252);
        if (undefined < 0) return new DecodedText(text, "windows-1252", null);
        int count = bytes.Count(Undefined1252.Contains);
        return new DecodedText(text, "windows-1252",
            $"not valid UTF-8, read as Windows-1252: {count} byte(s) undefined in it (the first 0x{bytes[undefined]:X2} at byte {undefined}) " +
            "were replaced by U+FFFD (if the file is in another encoding, name it with --encoding)");
    }

    private static readonly SearchValues<byte> Undefined1252 = SearchValues.Create([0x81, 0x8D, 0x8F, 0x90, 0x9D]);

    private static DecodedText WithFallback(byte[] bytes, int skip, Encoding encoding, CountingFallback fallback)
    {
        var text = encoding.GetString(bytes, skip, bytes.Length - skip);
        return new DecodedText(text, encoding.WebName, fallback.Count == 0 ? null
            : $"{fallback.Count} byte(s) not valid {encoding.WebName} (the first at byte {skip + fallback.FirstIndex}) were replaced by U+FFFD");
    }

    private static (string? Encoding, int Length) ByteOrderMark(byte[] b)
    {
        if (b.Length >= 3 && b[0] == 0xEF && b[1] == 0xBB && b[2] == 0xBF) return ("utf-8", 3);
        if (b.Length >= 4 && b[0] == 0xFF && b[1] == 0xFE && b[2] == 0 && b[3] == 0) return ("utf-32", 4);
        if (b.Length >= 2 && b[0] == 0xFF && b[1] == 0xFE) return ("utf-16", 2);
        if (b.Length >= 2 && b[0] == 0xFE && b[1] == 0xFF) return ("utf-16BE", 2);
        return (null, 0);
    }

    /// <summary>
    /// UTF-16 without a byte-order mark: in the first 4 KB, one byte of each pair is often zero (ASCII, Latin-1)
    /// and the other almost never. Binary data has zeros on both sides, and an odd NUL in text is far below 20%.
    /// </summary>
    private static string? Utf16WithoutMark(byte[] b)
    {
        int n = Math.Min(b.Length, 4096) & ~1;
        if (n < 4) return null;
        int evenZeros = 0, oddZeros = 0;
        for (int i = 0; i < n; i += 2)
        {
            if (b[i] == 0) evenZeros++;
            if (b[i + 1] == 0) oddZeros++;
        }
        int pairs = n / 2;
        if (oddZeros >= Math.Max(1, pairs / 5) && evenZeros * 10 <= oddZeros) return "utf-16"; // little-endian: high bytes are odd
        if (evenZeros >= Math.Max(1, pairs / 5) && oddZeros * 10 <= evenZeros) return "utf-16BE";
        // One script beyond Latin-1 (Cyrillic, Greek): the high byte is the script's block (0x04 for Cyrillic) or zero
        // for spaces, digits and punctuation, so fewer zeros, but two values make nearly all high bytes.
        if (oddZeros >= Math.Max(1, pairs / 20) && evenZeros * 10 <= oddZeros && TwoValuesDominate(b, 1, n)) return "utf-16";
        if (evenZeros >= Math.Max(1, pairs / 20) && oddZeros * 10 <= evenZeros && TwoValuesDominate(b, 0, n)) return "utf-16BE";
        return null;
    }

    /// <summary>Whether the two commonest values of every other byte (from <paramref name="first"/>) make 95% of them.</summary>
    private static bool TwoValuesDominate(byte[] b, int first, int n)
    {
        var counts = new int[256];
        int total = 0;
        for (int i = first; i < n; i += 2, total++) counts[b[i]]++;
        Array.Sort(counts);
        return (counts[255] + counts[254]) * 100 >= total * 95;
    }

    /// <summary>Valid multi-byte UTF-8 sequences at least as many as invalid bytes: UTF-8 text with stray bytes.</summary>
    private static bool MostlyUtf8(ReadOnlySpan<byte> bytes)
    {
        int multiByte = 0, invalid = 0;
        while (!bytes.IsEmpty)
        {
            var status = System.Text.Rune.DecodeFromUtf8(bytes, out _, out int consumed);
            if (status == OperationStatus.Done) { if (consumed > 1) multiByte++; }
            else invalid += consumed;
            bytes = bytes[consumed..];
        }
        return multiByte > 0 && multiByte >= invalid;
    }
}
