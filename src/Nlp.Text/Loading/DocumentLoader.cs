using Newtonsoft.Json.Linq;
using Nlp.Core.Formats;
using Nlp.Core.Model;

namespace Nlp.Text.Loading;

/// <summary>
/// Reads documents from files by extension: .txt/.text (and files without a known extension) as plain text,
/// .md/.markdown as text, .html/.htm/.xhtml as visible text, .pdf as text in reading order, .jsonl as documents
/// (many per file). Every other file yields one document whose id is the file name without extension and whose
/// meta is {"source": path, "format": …}. Missing, empty, oversized, binary or undecodable files are refused
/// with a <see cref="DocumentLoadException"/> that names the file and the reason.
/// </summary>
public static class DocumentLoader
{
    public static IEnumerable<Document> Load(string path, LoadOptions? options = null)
    {
        options ??= LoadOptions.Default;
        var info = new FileInfo(path);
        if (Directory.Exists(path)) throw new DocumentLoadException(path, "is a directory, not a file");
        if (!info.Exists) throw new DocumentLoadException(path, "no such file");
        if (info.Length == 0) throw new DocumentLoadException(path, "empty file");

        var format = FormatOf(path);
        if (format == Format.Jsonl) return new JsonlReader(options.Jsonl).Read(path);

        if (info.Length > options.MaxBytes)
            throw new DocumentLoadException(path,
                $"file is {Megabytes(info.Length)}, larger than the limit of {Megabytes(options.MaxBytes)} (--max-mb)");
        var bytes = File.ReadAllBytes(path);
        return [LoadOne(path, bytes, format, options)];
    }

    private static Document LoadOne(string path, byte[] bytes, Format format, LoadOptions options)
    {
        var meta = new JObject { ["source"] = path };
        string text;
        switch (format)
        {
            case Format.Pdf:
                if (options.Encoding is not null) throw new DocumentLoadException(path, "an encoding cannot be given for a PDF");
                var (pdfText, pages) = PdfTextExtractor.Extract(bytes, path);
                text = pdfText;
                meta["format"] = "pdf";
                meta["pages"] = pages;
                break;
            case Format.Html:
            {
                var (html, encoding) = TextDecoder.Decode(bytes, path, options.Encoding ?? DeclaredCharset(bytes));
                var (visible, title) = HtmlTextExtractor.Extract(html);
                text = TextDecoder.Checked(path, visible, encoding);
                meta["format"] = "html";
                meta["encoding"] = encoding;
                if (title is not null) meta["title"] = title;
                break;
            }
            default:
            {
                var (decoded, encoding) = TextDecoder.Decode(bytes, path, options.Encoding);
                text = decoded;
                meta["format"] = format == Format.Markdown ? "markdown" : "text";
                meta["encoding"] = encoding;
                break;
            }
        }
        return new Document(IdOf(path), text) { Meta = meta };
    }

    /// <summary>A declared charset counts only when there is no byte-order mark and the name is one we know.</summary>
    private static string? DeclaredCharset(byte[] bytes)
    {
        if (bytes.Length >= 2 && (bytes[0] is 0xEF or 0xFF or 0xFE)) return null;
        var declared = HtmlCharset.Declared(bytes);
        return declared is not null && Encodings.Strict(declared) is not null ? declared : null;
    }

    public static string IdOf(string path) => Path.GetFileNameWithoutExtension(path);

    private enum Format { Text, Markdown, Html, Pdf, Jsonl }

    private static Format FormatOf(string path) =>
        Path.GetExtension(path).ToLowerInvariant() switch
        {
            ".md" or ".markdown" => Format.Markdown,
            ".html" or ".htm" or ".xhtml" => Format.Html,
            ".pdf" => Format.Pdf,
            ".jsonl" => Format.Jsonl,
            _ => Format.Text,
        };

    private static string Megabytes(long bytes) => $"{bytes / (1024.0 * 1024.0):0.#} MB";
}
