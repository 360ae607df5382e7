using System.Text;
using Nlp.Core.Model;
using Nlp.Text.Loading;
using UglyToad.PdfPig.Content;
using UglyToad.PdfPig.Core;
using UglyToad.PdfPig.Fonts.Standard14Fonts;
using UglyToad.PdfPig.Writer;

namespace Nlp.Text.Tests;

/// <summary>The kinds of bad input real archives hold, each built by the test in its own temporary folder.</summary>
public sealed class BadInputLoaderTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("nlp-bad-input-").FullName;
    private readonly List<LoadWarning> _warnings = [];

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string Write(string name, byte[] bytes)
    {
        var path = Path.Combine(_dir, name);
        File.WriteAllBytes(path, bytes);
        return path;
    }

    private Document LoadOne(string path, string? encoding = null) =>
        Assert.Single(DocumentLoader.Load(path, new LoadOptions { Encoding = encoding, OnWarning = _warnings.Add }));

    private string OnlyWarning(string path)
    {
        var warning = Assert.Single(_warnings);
        Assert.Equal(path, warning.Path);
        return warning.Message;
    }

    private static string[] Surfaces(Document doc) =>
        new TextStage().Process(doc).Tokens!.Value.Select(t => TokenText.Surface(doc.Text, t)).ToArray();

    [Theory]
    [InlineData("utf-16", "utf-16")]
    [InlineData("utf-16BE", "utf-16BE")]
    public void Utf16_without_byte_order_mark_is_recognised(string encodingName, string recorded)
    {
        const string text = "In 1931 ten thousand Americans moved to the USSR, “déportés” from nowhere.";
        var path = Write("wide.txt", Encoding.GetEncoding(encodingName).GetBytes(text));
        var doc = LoadOne(path);
        Assert.Equal(text, doc.Text);
        Assert.Equal(recorded, (string?)doc.Meta!["encoding"]);
        Assert.Empty(_warnings);
    }

    [Theory]
    [InlineData("utf-16", "utf-16")]
    [InlineData("utf-16BE", "utf-16BE")]
    public void Cyrillic_utf16_without_byte_order_mark_is_recognised(string encodingName, string recorded)
    {
        // Few zero bytes (only spaces, digits, punctuation): the high bytes are nearly all 0x04 or 0x00.
        const string text = "Приказ об операции по репрессированию бывших кулаков уголовников и других антисоветских элементов подписали в Москве.";
        var path = Write("prikaz.txt", Encoding.GetEncoding(encodingName).GetBytes(text));
        var doc = LoadOne(path);
        Assert.Equal(text, doc.Text);
        Assert.Equal(recorded, (string?)doc.Meta!["encoding"]);
        Assert.Empty(_warnings);
    }

    [Theory]
    [InlineData("windows-1251")]
    [InlineData("koi8-r")]
    public void Russian_in_a_single_byte_code_page_is_read_in_it_with_a_warning(string encodingName)
    {
        const string text = "Приказ НКВД о выселении кулацких семей из Харьковской области в Казахстан, весна 1931 года.";
        var path = Write("prikaz.txt", CodePagesEncodingProvider.Instance.GetEncoding(encodingName)!.GetBytes(text));
        var doc = LoadOne(path);
        Assert.Equal(text, doc.Text);
        Assert.Equal(encodingName, (string?)doc.Meta!["encoding"]);
        Assert.Contains("look Cyrillic", OnlyWarning(path));
    }

    [Theory]
    [InlineData("Les déportés de Kémérovo, été 1931, à l'époque où ça changeait.")]
    [InlineData("Die Übersiedlung der Wolgadeutschen begann im Spätsommer; Größe und Dauer blieben unklar.")]
    public void Western_european_windows1252_stays_windows1252_without_a_warning(string text)
    {
        var path = Write("west.txt", CodePagesEncodingProvider.Instance.GetEncoding(1252)!.GetBytes(text));
        var doc = LoadOne(path);
        Assert.Equal(text, doc.Text);
        Assert.Equal("windows-1252", (string?)doc.Meta!["encoding"]);
        Assert.Empty(_warnings);
    }

    [Fact]
    public void Utf8_with_a_few_stray_windows1252_bytes_keeps_its_utf8_and_is_reported()
    {
        byte[] bytes = [.. Encoding.UTF8.GetBytes("Les déportés de Kemerovo, "), 0xE9, .. "t\u00e9 1931."u8.ToArray()];
        var path = Write("mixed.txt", bytes);
        var doc = LoadOne(path);
        Assert.Equal("Les déportés de Kemerovo, ét\u00e9 1931.", doc.Text);
        Assert.Equal("utf-8", (string?)doc.Meta!["encoding"]);
        var warning = OnlyWarning(path);
        Assert.Contains("1 byte(s) not valid UTF-8", warning);
        Assert.Contains("at byte 28", warning);
        Assert.Equal(warning, (string?)doc.Meta["load_warnings"]![0]);
    }

    [Fact]
    public void Bytes_undefined_in_windows1252_are_replaced_and_reported()
    {
        var bytes = Encoding.ASCII.GetBytes(string.Concat(Enumerable.Repeat("A long line of ordinary text about the Kuzbass colony. ", 20)));
        bytes[5] = 0x81;
        var path = Write("mystery.txt", bytes);
        var doc = LoadOne(path);
        Assert.Equal(bytes.Length, doc.Text.Length);
        Assert.Equal('\uFFFD', doc.Text[5]);
        Assert.Equal("windows-1252", (string?)doc.Meta!["encoding"]);
        var warning = OnlyWarning(path);
        Assert.Contains("0x81 at byte 5", warning);
        Assert.Contains("--encoding", warning);
    }

    [Fact]
    public void Bytes_invalid_in_the_named_encoding_are_replaced_and_reported()
    {
        var path = Write("bad.txt", [0x41, 0xC3, 0x28, 0x42]);
        var doc = LoadOne(path, "utf-8");
        Assert.Equal("A\uFFFD(B", doc.Text);
        Assert.Contains("not valid utf-8 (the first at byte 1) were replaced by U+FFFD", OnlyWarning(path));
    }

    [Fact]
    public void A_nul_in_the_middle_becomes_a_space_and_offsets_stay_those_of_the_file()
    {
        const string text = "The Kuzbass colony\0 was founded in 1922.\u0001 It closed in 1926.";
        var path = Write("nul.txt", Encoding.UTF8.GetBytes(text));
        var doc = LoadOne(path);
        Assert.Equal(text.Replace('\0', ' ').Replace('\u0001', ' '), doc.Text);
        Assert.Equal(text.Length, doc.Text.Length);
        var warning = OnlyWarning(path);
        Assert.Contains("2 control character(s) (NUL among them), the first U+0000 at character 18", warning);
        Assert.Contains("colony", Surfaces(doc));
    }

    [Fact]
    public void A_short_file_with_a_few_control_characters_is_loaded()
    {
        var path = Write("short.txt", "Moscow\u001B in 1937\u0007."u8.ToArray());
        var doc = LoadOne(path);
        Assert.Equal("Moscow  in 1937 .", doc.Text);
        Assert.Equal(["Moscow", "in", "1937", "."], Surfaces(doc));
    }

    [Fact]
    public void A_pdf_named_txt_is_read_as_pdf_and_a_text_named_pdf_as_text()
    {
        var builder = new PdfDocumentBuilder();
        var font = builder.AddStandard14Font(Standard14Font.Helvetica);
        builder.AddPage(PageSize.A4).AddText("Maclean arrived in Moscow in 1937.", 11, new PdfPoint(60, 760), font);
        var pdfAsTxt = Write("report.txt", builder.Build());
        var pdf = LoadOne(pdfAsTxt);
        Assert.Equal("pdf", (string?)pdf.Meta!["format"]);
        Assert.Equal("Maclean arrived in Moscow in 1937.", pdf.Text);
        Assert.Contains("the extension is .txt but the content is a PDF", OnlyWarning(pdfAsTxt));

        _warnings.Clear();
        var textAsPdf = Write("notes.pdf", "Maclean arrived in Moscow in 1937.\n"u8.ToArray());
        var text = LoadOne(textAsPdf);
        Assert.Equal("text", (string?)text.Meta!["format"]);
        Assert.Equal("Maclean arrived in Moscow in 1937.\n", text.Text);
        Assert.Contains("the extension is .pdf but the content has no PDF header: read as text", OnlyWarning(textAsPdf));
    }

    [Fact]
    public void An_html_page_named_txt_is_read_as_html()
    {
        var path = Write("page.txt", "<!DOCTYPE html><html><body><p>Deported in <b>1944</b>.</p><script>x()</script></body></html>"u8.ToArray());
        var doc = LoadOne(path);
        Assert.Equal("Deported in 1944.", doc.Text);
        Assert.Equal("html", (string?)doc.Meta!["format"]);
        Assert.Contains("content is an HTML page", OnlyWarning(path));
    }

    [Theory]
    [InlineData(new byte[] { 0x89, (byte)'P', (byte)'N', (byte)'G', 13, 10, 26, 10, 0, 0, 0, 13 }, "a PNG image")]
    [InlineData(new byte[] { (byte)'P', (byte)'K', 3, 4, 20, 0, 6, 0, 8, 0, 0, 0 }, "a ZIP archive")]
    public void A_binary_file_with_a_lying_extension_is_refused_by_what_it_is(byte[] bytes, string kind)
    {
        var path = Write("scan.txt", [.. bytes, .. Encoding.ASCII.GetBytes(new string('a', 200))]);
        var e = Assert.Throws<DocumentLoadException>(() => LoadOne(path));
        Assert.Equal(path, e.Path);
        Assert.Contains($"binary content: {kind}", e.Message);
    }

    [Fact]
    public void Zero_width_and_bidi_characters_break_neither_words_nor_offsets()
    {
        // ZWSP inside a word, ZWNJ/ZWJ, a word joiner, a BOM in the middle, LRM/RLM, an RLO…PDF embedding, an isolate.
        const string text = "Mos\u200Bcow \u200Cand \u2060Kiev\u200D. \uFEFFIn \u200E1937\u200F the \u202Eprison\u202C of \u2067Lubyanka\u2069 opened.";
        var doc = LoadOne(Write("invisible.txt", Encoding.UTF8.GetBytes(text)));
        Assert.Equal(text, doc.Text);
        var segmented = new TextStage().Process(doc);
        foreach (var token in segmented.Tokens!.Value)
        {
            Assert.InRange(token.Start, 0, token.End - 1);
            Assert.InRange(token.End, token.Start + 1, doc.Text.Length);
            var surface = TokenText.Surface(doc.Text, token);
            Assert.Contains(surface, c => char.IsLetterOrDigit(c) || char.IsPunctuation(c) || char.IsSymbol(c));
        }
        var words = Surfaces(doc).Select(s => new string(s.Where(char.IsLetterOrDigit).ToArray())).Where(s => s.Length > 0).ToArray();
        Assert.Contains("1937", words);
        Assert.Contains("Lubyanka", words);
        Assert.Contains("prison", words);
    }

    [Fact]
    public void A_very_long_line_is_loaded_whole()
    {
        var line = string.Concat(Enumerable.Repeat("deported to Karaganda in 1931 and ", 60_000)); // 2 MB, no line break
        var doc = LoadOne(Write("line.txt", Encoding.UTF8.GetBytes(line)));
        Assert.Equal(line.Length, doc.Text.Length);
    }

    [Fact]
    public void A_200_MB_file_is_refused_by_name_without_being_read()
    {
        var path = Path.Combine(_dir, "huge dump.txt");
        using (var sparse = File.Create(path)) sparse.SetLength(200L * 1024 * 1024); // sparse: no disk, no memory
        var e = Assert.Throws<DocumentLoadException>(() =>
            DocumentLoader.Load(path, new LoadOptions { MaxBytes = 16L * 1024 * 1024, MaxBytesHint = " (raise it with --max-mb)" }).ToList());
        Assert.Equal("file is 200 MB, larger than the limit of 16 MB (raise it with --max-mb)", e.Reason);
        Assert.DoesNotContain("LoadOptions", e.Message);
    }

    [Fact]
    public void A_file_that_cannot_be_read_is_refused_with_the_reason()
    {
        var path = Path.Combine(_dir, "loop.txt");
        File.CreateSymbolicLink(path, "loop.txt"); // a link to itself: unreadable even by root
        var e = Assert.Throws<DocumentLoadException>(() => LoadOne(path));
        Assert.Equal(path, e.Path);
        Assert.StartsWith("cannot read", e.Reason);
    }

    [Fact]
    public void A_file_without_read_permission_is_refused_with_the_reason()
    {
        var path = Write("secret.txt", "Classified in 1953."u8.ToArray());
        File.SetUnixFileMode(path, UnixFileMode.None);
        if (CanStillRead(path)) return; // root reads everything: nothing to observe (checked as an ordinary user instead)
        var e = Assert.Throws<DocumentLoadException>(() => LoadOne(path));
        Assert.Equal("cannot read: permission denied", e.Reason);
    }

    internal static bool CanStillRead(string path)
    {
        try
        {
            File.ReadAllBytes(path);
            return true;
        }
        catch (UnauthorizedAccessException)
        {
            return false;
        }
    }
}
