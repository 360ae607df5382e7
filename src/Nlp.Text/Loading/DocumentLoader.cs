using Newtonsoft.Json.Linq;
using Nlp.Core.Formats;
using Nlp.Core.Model;

namespace Nlp.Text.Loading;

/// <summary>
/// Reads documents from files by extension: .txt/.text (and files without a known extension) as plain text,
/// .md/.markdown as text, .html/.htm/.xhtml as visible text, .pdf as text in reading order, .jsonl as documents
/// (many per file). Every other file yields one document whose id is the file name without extension and whose
/// meta is {"source": path, "format": …, "encoding": …}. The content decides over the extension (see Sniffed).
/// Missing, unreadable, empty, oversized or binary files are refused with a <see cref="DocumentLoadException"/>
/// that names the file and the reason; text that needed repair (undecodable bytes replaced, control characters
/// mapped to spaces) is loaded, and the repair is told to <see cref="LoadOptions.OnWarning"/> and kept in the
/// meta as "load_warnings".
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
                $"file is {Megabytes(info.Length)}, larger than the limit of {Megabytes(options.MaxBytes)}{options.MaxBytesHint}");
        return [LoadOne(path, ReadAllBytes(path), format, options)];
    }

    private static byte[] ReadAllBytes(string path)
    {
        try
        {
            return File.ReadAllBytes(path);
        }
        catch (UnauthorizedAccessException e)
        {
            throw new DocumentLoadException(path, "cannot read: permission denied", e);
        }
        catch (IOException e)
        {
            throw new DocumentLoadException(path, $"cannot read: {e.Message}", e);
        }
    }

    private static Document LoadOne(string path, byte[] bytes, Format byExtension, LoadOptions options)
    {
        var warnings = new List<string>();
        var format = Sniffed(path, bytes, byExtension, warnings);
        var meta = new JObject { ["source"] = path };
        string text;
        if (format == Format.Pdf)
        {
            var (pdfText, pages) = PdfTextExtractor.Extract(bytes, path);
            text = pdfText;
            meta["format"] = "pdf";
            meta["pages"] = pages;
        }
        else
        {
            var decoded = TextDecoder.Decode(bytes, path, options.Encoding ?? (format == Format.Html ? DeclaredCharset(bytes) : null));
            ControlCharacters.RefuseBinary(path, decoded.Text, decoded.Encoding);
            if (decoded.Replaced is not null) warnings.Add(decoded.Replaced);
            meta["format"] = format switch { Format.Html => "html", Format.Markdown => "markdown", _ => "text" };
            meta["encoding"] = decoded.Encoding;
            text = decoded.Text;
            if (format == Format.Html)
            {
                var (visible, title) = HtmlTextExtractor.Extract(decoded.Text);
                text = visible;
                if (title is not null) meta["title"] = title;
            }
        }
        var (mapped, controls) = ControlCharacters.MapToSpaces(text);
        if (controls is not null) warnings.Add(controls);
        if (mapped.AsSpan().IsWhiteSpace()) throw new DocumentLoadException(path, "contains no text");

        if (warnings.Count > 0) meta["load_warnings"] = new JArray(warnings);
        foreach (var warning in warnings) options.OnWarning?.Invoke(new LoadWarning(path, warning));
        return new Document(IdOf(path), mapped) { Meta = meta };
    }

    /// <summary>
    /// The format the content shows, which wins over the extension: a PDF named .txt is read as a PDF, a ".pdf"
    /// without a PDF header as text, a .txt that starts as an HTML page as HTML; an image or archive is refused
    /// whatever its name. Each such disagreement is a warning, so the file is named.
    /// </summary>
    private static Format Sniffed(string path, byte[] bytes, Format byExtension, List<string> warnings)
    {
        string extension = Path.GetExtension(path) is { Length: > 0 } e ? e : "(none)";
        if (ContentSniffer.IsPdf(bytes))
        {
            if (byExtension != Format.Pdf) warnings.Add($"the extension is {extension} but the content is a PDF: read as PDF");
            return Format.Pdf;
        }
        if (ContentSniffer.BinaryKind(bytes) is { } kind)
            throw new DocumentLoadException(path, $"binary content: {kind}, not {(byExtension == Format.Pdf ? "a PDF" : "text")}");
        bool html = ContentSniffer.IsHtml(bytes);
        if (byExtension == Format.Pdf)
        {
            warnings.Add($"the extension is .pdf but the content has no PDF header: read as {(html ? "HTML" : "text")}");
            return html ? Format.Html : Format.Text;
        }
        if (byExtension == Format.Text && html)
        {
            warnings.Add($"the extension is {extension} but the content is an HTML page: read as HTML");
            return Format.Html;
        }
        return byExtension;
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
