using System.Text;

namespace Nlp.Text.Loading;

/// <summary>
/// What a file's first bytes say it is, whatever its extension: a PDF (the "%PDF-" header, which readers accept
/// anywhere in the first kilobyte), a known binary format (images, archives — .docx and .odt are ZIP —, executables,
/// databases), or an HTML page. Only signatures that ordinary text cannot start with are used.
/// </summary>
internal static class ContentSniffer
{
    private static readonly (byte[] Magic, string Kind)[] Binary =
    [
        ([0x89, (byte)'P', (byte)'N', (byte)'G'], "a PNG image"),
        ([0xFF, 0xD8, 0xFF], "a JPEG image"),
        ("GIF87a"u8.ToArray(), "a GIF image"),
        ("GIF89a"u8.ToArray(), "a GIF image"),
        ([(byte)'I', (byte)'I', 0x2A, 0x00], "a TIFF image"),
        ([(byte)'M', (byte)'M', 0x00, 0x2A], "a TIFF image"),
        ([(byte)'P', (byte)'K', 0x03, 0x04], "a ZIP archive (.docx, .odt and .epub are ZIP: convert them to text first)"),
        ([0x1F, 0x8B], "a gzip archive"),
        ([0xFD, (byte)'7', (byte)'z', (byte)'X', (byte)'Z', 0x00], "an xz archive"),
        ([(byte)'7', (byte)'z', 0xBC, 0xAF, 0x27, 0x1C], "a 7-Zip archive"),
        ([0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1], "an old Microsoft Office document (.doc, .xls): convert it to text first"),
        ([0x7F, (byte)'E', (byte)'L', (byte)'F'], "an ELF executable"),
        ("SQLite format 3\0"u8.ToArray(), "an SQLite database"),
    ];

    public static bool IsPdf(ReadOnlySpan<byte> bytes) => bytes[..Math.Min(bytes.Length, 1024)].IndexOf("%PDF-"u8) >= 0;

    /// <summary>"a PNG image" and the like, or null when the bytes start with no binary signature we know.</summary>
    public static string? BinaryKind(ReadOnlySpan<byte> bytes)
    {
        foreach (var (magic, kind) in Binary)
            if (bytes.StartsWith(magic)) return kind;
        return null;
    }

    /// <summary>An HTML page: after an optional UTF-8 byte-order mark and white space, a doctype or an html element.</summary>
    public static bool IsHtml(ReadOnlySpan<byte> bytes)
    {
        if (bytes.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF])) bytes = bytes[3..];
        var head = Encoding.ASCII.GetString(bytes[..Math.Min(bytes.Length, 256)]).TrimStart();
        return head.StartsWith("<!doctype html", StringComparison.OrdinalIgnoreCase)
               || head.StartsWith("<html", StringComparison.OrdinalIgnoreCase);
    }
}
