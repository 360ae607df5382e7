using System.Text;
using UglyToad.PdfPig;
using UglyToad.PdfPig.Content;
using UglyToad.PdfPig.DocumentLayoutAnalysis.PageSegmenter;
using UglyToad.PdfPig.DocumentLayoutAnalysis.ReadingOrderDetector;
using UglyToad.PdfPig.DocumentLayoutAnalysis.TextExtractor;
using UglyToad.PdfPig.DocumentLayoutAnalysis.WordExtractor;

namespace Nlp.Text.Loading;

/// <summary>
/// The text of a PDF in reading order, via PdfPig: words from letters, text blocks by the Docstrum layout
/// analysis, blocks ordered by the unsupervised reading-order detector. Lines of a block are separated by a line
/// break, blocks and pages by a blank line. The normalizer then unwraps the lines into paragraphs.
/// </summary>
internal static class PdfTextExtractor
{
    public static (string Text, int Pages) Extract(byte[] bytes, string path)
    {
        PdfDocument pdf;
        try
        {
            pdf = PdfDocument.Open(bytes);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            throw new DocumentLoadException(path, $"not a readable PDF ({e.Message})", e);
        }
        using (pdf)
        {
            if (pdf.IsEncrypted) throw new DocumentLoadException(path, "the PDF is encrypted");
            var sb = new StringBuilder();
            foreach (var page in pdf.GetPages())
            {
                var pageText = PageText(page);
                if (pageText.Length == 0) continue;
                if (sb.Length > 0) sb.Append("\n\n");
                sb.Append(pageText);
            }
            if (sb.Length == 0 || sb.ToString().AsSpan().IsWhiteSpace())
                throw new DocumentLoadException(path, $"no text layer in {pdf.NumberOfPages} page(s) (a scanned PDF needs OCR first)");
            return (sb.ToString(), pdf.NumberOfPages);
        }
    }

    private static string PageText(Page page)
    {
        if (page.Letters.Count == 0) return "";
        try
        {
            var words = NearestNeighbourWordExtractor.Instance.GetWords(page.Letters);
            var blocks = DocstrumBoundingBoxes.Instance.GetBlocks(words);
            var ordered = UnsupervisedReadingOrderDetector.Instance.Get(blocks).OrderBy(b => b.ReadingOrder);
            return string.Join("\n\n", ordered.Select(b => b.Text.Trim()).Where(t => t.Length > 0));
        }
        catch (Exception e) when (e is InvalidOperationException or ArgumentException or IndexOutOfRangeException)
        {
            // Layout analysis fails on some degenerate pages; content order is still better than nothing.
            return ContentOrderTextExtractor.GetText(page).Trim();
        }
    }
}
