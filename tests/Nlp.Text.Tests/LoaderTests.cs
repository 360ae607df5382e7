using System.Text;
using Nlp.Core.Formats;
using Nlp.Core.Model;
using Nlp.Text.Loading;
using UglyToad.PdfPig.Content;
using UglyToad.PdfPig.Core;
using UglyToad.PdfPig.Fonts.Standard14Fonts;
using UglyToad.PdfPig.Writer;

namespace Nlp.Text.Tests;

/// <summary>Each loader on a real file written by the test into its own temporary folder.</summary>
public sealed class LoaderTests : IDisposable
{
    private const string Sentence = "In 1931 ten thousand Americans moved to the USSR — “déportés” from nowhere.";
    private readonly string _dir = Directory.CreateTempSubdirectory("nlp-text-loader-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string Write(string name, byte[] bytes)
    {
        var path = Path.Combine(_dir, name);
        File.WriteAllBytes(path, bytes);
        return path;
    }

    private static Document LoadOne(string path, LoadOptions? options = null) => Assert.Single(DocumentLoader.Load(path, options));

    [Fact]
    public void Utf8_text_without_byte_order_mark()
    {
        var doc = LoadOne(Write("plain.txt", Encoding.UTF8.GetBytes(Sentence)));
        Assert.Equal(Sentence, doc.Text);
        Assert.Equal("plain", doc.Id);
        Assert.Equal("text", (string?)doc.Meta!["format"]);
        Assert.Equal("utf-8", (string?)doc.Meta["encoding"]);
        Assert.EndsWith("plain.txt", (string?)doc.Meta["source"]);
    }

    [Fact]
    public void Utf8_text_with_byte_order_mark_loses_the_mark()
    {
        var doc = LoadOne(Write("bom.txt", [.. Encoding.UTF8.GetPreamble(), .. Encoding.UTF8.GetBytes(Sentence)]));
        Assert.Equal(Sentence, doc.Text);
    }

    [Theory]
    [InlineData("utf-16")]
    [InlineData("utf-16BE")]
    public void Utf16_text_with_byte_order_mark(string encodingName)
    {
        var encoding = Encoding.GetEncoding(encodingName);
        var doc = LoadOne(Write("wide.txt", [.. encoding.GetPreamble(), .. encoding.GetBytes(Sentence)]));
        Assert.Equal(Sentence, doc.Text);
        Assert.StartsWith("utf-16", (string?)doc.Meta!["encoding"]);
    }

    [Fact]
    public void Windows1252_is_detected_when_the_bytes_are_not_utf8()
    {
        var cp1252 = CodePagesEncodingProvider.Instance.GetEncoding(1252)!;
        var text = "Les peuples déportés d’union soviétique – “Paris, 1995”.";
        var doc = LoadOne(Write("legacy.txt", cp1252.GetBytes(text)));
        Assert.Equal(text, doc.Text);
        Assert.Equal("windows-1252", (string?)doc.Meta!["encoding"]);
    }

    [Fact]
    public void An_explicit_encoding_is_used_as_named()
    {
        var koi8 = CodePagesEncodingProvider.Instance.GetEncoding("koi8-r")!;
        var text = "Сталин подписал приказ НКВД 00447.";
        var doc = LoadOne(Write("russian.txt", koi8.GetBytes(text)), new LoadOptions { Encoding = "koi8-r" });
        Assert.Equal(text, doc.Text);
    }

    [Fact]
    public void An_unknown_encoding_name_is_refused()
    {
        var path = Write("plain.txt", Encoding.UTF8.GetBytes(Sentence));
        var e = Assert.Throws<DocumentLoadException>(() => LoadOne(path, new LoadOptions { Encoding = "no-such-encoding" }));
        Assert.Contains("unknown encoding", e.Message);
        Assert.Contains("plain.txt", e.Message);
    }

    [Fact]
    public void A_binary_file_is_refused_with_the_reason()
    {
        var bytes = new byte[4096];
        new Random(7).NextBytes(bytes);
        bytes[10] = 0;
        var path = Write("image.txt", bytes);
        var e = Assert.Throws<DocumentLoadException>(() => LoadOne(path));
        Assert.Equal(path, e.Path);
        Assert.Contains("binary content", e.Message);
        Assert.Contains("image.txt", e.Message);
    }

    [Fact]
    public void Text_full_of_control_characters_is_refused()
    {
        var bytes = Enumerable.Range(0, 400).Select(i => (byte)(i % 3 == 0 ? 0x01 + i % 7 : 'a')).ToArray();
        var e = Assert.Throws<DocumentLoadException>(() => LoadOne(Write("controls.txt", bytes)));
        Assert.Contains("control characters", e.Message);
    }

    [Fact]
    public void Empty_and_blank_files_are_refused()
    {
        var empty = Assert.Throws<DocumentLoadException>(() => LoadOne(Write("empty.txt", [])));
        Assert.Contains("empty file", empty.Message);
        var blank = Assert.Throws<DocumentLoadException>(() => LoadOne(Write("blank.txt", " \n\n "u8.ToArray())));
        Assert.Contains("contains no text", blank.Message);
    }

    [Fact]
    public void A_file_over_the_size_limit_is_refused()
    {
        var path = Write("big.txt", Encoding.UTF8.GetBytes(Sentence));
        var e = Assert.Throws<DocumentLoadException>(() => LoadOne(path, new LoadOptions { MaxBytes = 16 }));
        Assert.Contains("larger than the limit", e.Message);
        Assert.Equal(50L * 1024 * 1024, LoadOptions.Default.MaxBytes);
    }

    [Fact]
    public void A_missing_file_is_refused()
    {
        var e = Assert.Throws<DocumentLoadException>(() => LoadOne(Path.Combine(_dir, "nowhere.txt")));
        Assert.Contains("no such file", e.Message);
    }

    [Fact]
    public void Markdown_is_loaded_as_text()
    {
        var doc = LoadOne(Write("notes.md", Encoding.UTF8.GetBytes("# Kuzbass\n\nThe colony was disbanded in 1926.\n")));
        Assert.Equal("markdown", (string?)doc.Meta!["format"]);
        Assert.StartsWith("# Kuzbass", doc.Text);
    }

    [Fact]
    public void Html_gives_visible_text_with_blocks_on_their_own_lines()
    {
        var html = """
            <!DOCTYPE html>
            <html><head><title>Western Defectors</title>
            <style>p { color: red; }</style><script>var hidden = "do not show";</script></head>
            <body>
              <h1>Before the   Great Depression</h1>
              <p>The Society for Technical Aid to Soviet Russia was founded in <b>May 1919</b>
                 in New York.</p>
              <div hidden>secret</div><p style="display: none">invisible</p>
              <ul><li>Kuzbass</li><li>Seattle commune</li></ul>
              <p>Line one<br>line two</p>
              <noscript>enable scripts</noscript>
            </body></html>
            """;
        var doc = LoadOne(Write("page.html", Encoding.UTF8.GetBytes(html)));
        Assert.Equal(
            "Before the Great Depression\n\nThe Society for Technical Aid to Soviet Russia was founded in May 1919 in New York.\n\n" +
            "Kuzbass\n\nSeattle commune\n\nLine one\nline two",
            doc.Text);
        Assert.Equal("html", (string?)doc.Meta!["format"]);
        Assert.Equal("Western Defectors", (string?)doc.Meta["title"]);

        var segmented = new TextStage().Process(doc);
        var sentences = segmented.Sentences!.Value.Select(doc.TextOf).ToArray();
        Assert.Equal(["Before the Great Depression", "The Society for Technical Aid to Soviet Russia was founded in May 1919 in New York.",
            "Kuzbass", "Seattle commune", "Line one", "line two"], sentences);
    }

    [Fact]
    public void Html_declared_charset_is_honoured()
    {
        var cp1251 = CodePagesEncodingProvider.Instance.GetEncoding(1251)!;
        var html = "<html><head><meta charset=\"windows-1251\"></head><body><p>Приказ НКВД № 00447</p></body></html>";
        var doc = LoadOne(Write("ru.htm", cp1251.GetBytes(html)));
        Assert.Equal("Приказ НКВД № 00447", doc.Text);
    }

    [Fact]
    public void Pdf_gives_text_in_reading_order_with_pages_separated_by_a_blank_line()
    {
        var builder = new PdfDocumentBuilder();
        var font = builder.AddStandard14Font(Standard14Font.Helvetica);
        var first = builder.AddPage(PageSize.A4);
        first.AddText("In February 1937, a young English adventurer arrived in Moscow.", 11, new PdfPoint(60, 760), font);
        first.AddText("He took up the position of third secretary at the embassy.", 11, new PdfPoint(60, 745), font);
        var second = builder.AddPage(PageSize.A4);
        second.AddText("In September 1937, Maclean made a second attempt.", 11, new PdfPoint(60, 760), font);
        var path = Write("maclean.pdf", builder.Build());

        var doc = LoadOne(path);
        Assert.Equal("pdf", (string?)doc.Meta!["format"]);
        Assert.Equal(2, (int)doc.Meta["pages"]!);
        var pages = doc.Text.Split("\n\n");
        Assert.Equal(2, pages.Length);
        Assert.Equal("In February 1937, a young English adventurer arrived in Moscow.\nHe took up the position of third secretary at the embassy.", pages[0]);
        Assert.Equal("In September 1937, Maclean made a second attempt.", pages[1]);

        var segmented = new TextStage().Process(doc);
        Assert.Equal(3, segmented.Sentences!.Value.Length);
    }

    [Fact]
    public void A_pdf_without_text_and_a_broken_pdf_are_refused()
    {
        var builder = new PdfDocumentBuilder();
        builder.AddPage(PageSize.A4);
        var blank = Assert.Throws<DocumentLoadException>(() => LoadOne(Write("scan.pdf", builder.Build())));
        Assert.Contains("no text layer", blank.Message);

        var broken = Assert.Throws<DocumentLoadException>(() => LoadOne(Write("broken.pdf", "%PDF-1.7 not really"u8.ToArray())));
        Assert.Contains("not a readable PDF", broken.Message);
    }

    [Fact]
    public void Jsonl_yields_every_document()
    {
        var path = Path.Combine(_dir, "corpus.jsonl");
        JsonlWriter.WriteFile(path, [new Document("a", "First text."), new Document("b", "Second text.")]);
        var docs = DocumentLoader.Load(path).ToList();
        Assert.Equal(["a", "b"], docs.Select(d => d.Id));
        Assert.Equal("Second text.", docs[1].Text);
    }
}
