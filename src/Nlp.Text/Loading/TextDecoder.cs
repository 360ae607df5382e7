using System.Text;

namespace Nlp.Text.Loading;

/// <summary>
/// Turns a file's bytes into text, or refuses: never a silent guess. The order is: an explicit encoding; a
/// byte-order mark (UTF-8, UTF-16 LE/BE, UTF-32 LE); strict UTF-8; Windows-1252 for bytes that are not UTF-8
/// (the encoding of most legacy Western text files). Binary content — NUL bytes, or too many control
/// characters after decoding — is refused with the reason.
/// </summary>
internal static class TextDecoder
{
    /// <summary>More than 1 in 100 characters being control characters means the file is not text.</summary>
    private const double MaxControlShare = 0.01;

    public static (string Text, string EncodingName) Decode(byte[] bytes, string path, string? encodingName)
    {
        if (encodingName is not null)
        {
            var explicitEncoding = Encodings.Strict(encodingName)
                ?? throw new DocumentLoadException(path, $"unknown encoding \"{encodingName}\"");
            var preamble = explicitEncoding.Preamble;
            int skip = bytes.AsSpan().StartsWith(preamble) ? preamble.Length : 0;
            return (Checked(path, DecodeStrict(bytes, skip, explicitEncoding, path), explicitEncoding.WebName), explicitEncoding.WebName);
        }

        var (bomEncoding, bomLength) = ByteOrderMark(bytes);
        if (bomEncoding is not null)
            return (Checked(path, DecodeStrict(bytes, bomLength, bomEncoding, path), bomEncoding.WebName), bomEncoding.WebName);

        int nul = Array.IndexOf(bytes, (byte)0);
        if (nul >= 0)
            throw new DocumentLoadException(path, $"binary content: NUL byte at offset {nul} (UTF-16 text needs a byte-order mark, or name it with an explicit encoding)");

        if (Encodings.TryDecodeUtf8(bytes, out var utf8))
            return (Checked(path, utf8, "utf-8"), "utf-8");

        // Five byte values have no character in Windows-1252 (.NET would map them to C1 controls): text that has
        // them is in some other encoding, and guessing further would garble it.
        int undefined = bytes.AsSpan().IndexOfAny(Undefined1252);
        if (undefined >= 0)
            throw new DocumentLoadException(path,
                $"undecodable: not valid UTF-8, and byte 0x{bytes[undefined]:X2} at offset {undefined} is undefined in Windows-1252 (name the encoding explicitly)");
        var windows1252 = Encodings.Strict("windows-1252")!;
        return (Checked(path, DecodeStrict(bytes, 0, windows1252, path), "windows-1252 (not valid UTF-8)"), "windows-1252");
    }

    private static readonly System.Buffers.SearchValues<byte> Undefined1252 = System.Buffers.SearchValues.Create([0x81, 0x8D, 0x8F, 0x90, 0x9D]);

    private static (Encoding? Encoding, int Length) ByteOrderMark(byte[] b)
    {
        if (b.Length >= 3 && b[0] == 0xEF && b[1] == 0xBB && b[2] == 0xBF) return (Encodings.Strict("utf-8"), 3);
        if (b.Length >= 4 && b[0] == 0xFF && b[1] == 0xFE && b[2] == 0 && b[3] == 0) return (Encodings.Strict("utf-32"), 4);
        if (b.Length >= 2 && b[0] == 0xFF && b[1] == 0xFE) return (Encodings.Strict("utf-16"), 2);
        if (b.Length >= 2 && b[0] == 0xFE && b[1] == 0xFF) return (Encodings.Strict("utf-16BE"), 2);
        return (null, 0);
    }

    private static string DecodeStrict(byte[] bytes, int skip, Encoding encoding, string path)
    {
        try
        {
            return encoding.GetString(bytes, skip, bytes.Length - skip);
        }
        catch (DecoderFallbackException e)
        {
            throw new DocumentLoadException(path, $"not valid {encoding.WebName}: undecodable bytes at offset {skip + e.Index}", e);
        }
    }

    /// <summary>Refuses decoded text that is mostly not text: control characters other than tab, line breaks and form feed.</summary>
    internal static string Checked(string path, string text, string encodingDescription)
    {
        if (text.Length == 0 || text.AsSpan().IsWhiteSpace())
            throw new DocumentLoadException(path, "contains no text");
        int control = 0;
        foreach (char c in text)
            if (char.IsControl(c) && c is not ('\t' or '\n' or '\r' or '\f')) control++;
        if (control > 0 && control >= text.Length * MaxControlShare)
            throw new DocumentLoadException(path,
                $"binary content: {control} control characters in {text.Length} ({100.0 * control / text.Length:0.#}%) when read as {encodingDescription}");
        return text;
    }
}
