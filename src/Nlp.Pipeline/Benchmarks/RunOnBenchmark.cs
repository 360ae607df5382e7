using System.Text;
using System.Text.RegularExpressions;
using Nlp.Pipeline.Building;

namespace Nlp.Pipeline.Benchmarks;

public sealed record RunOnBenchmarkResult(ExtractionBenchmarkResult Normal, ExtractionBenchmarkResult RunOn)
{
    public double TimeRatio => RunOn.Elapsed / Normal.Elapsed;
    public double MemoryRatio => (double)RunOn.PeakResidentBytes / Normal.PeakResidentBytes;
}

/// <summary>
/// Memory and time of <c>nlp extract</c> on text without sentence ends (OCR output, a table dump, lost punctuation),
/// which the segmenter makes one "sentence" of the whole document, against the same prose with them: one document
/// of about the requested size built by repeating the seeds' paragraphs, extracted as is, then with its
/// sentence-final punctuation and line breaks removed. The models read overlong sentences in bounded windows, so
/// both should take about the same memory and time.
/// </summary>
public static partial class RunOnBenchmark
{
    public static RunOnBenchmarkResult Run(IReadOnlyList<string> seedTexts, double megabytes, int workers, string modelsDirectory,
        string workDirectory, string profile = StageCatalog.DefaultProfile, StageCatalog? catalog = null)
    {
        string prose = Prose(seedTexts, (long)(megabytes * 1024 * 1024));
        return new RunOnBenchmarkResult(
            Extract(prose, "normal", workers, modelsDirectory, workDirectory, profile, catalog),
            Extract(WithoutSentenceEnds(prose), "run-on", workers, modelsDirectory, workDirectory, profile, catalog));
    }

    /// <summary>The seeds' paragraphs, repeated in turn until the text has at least <paramref name="bytes"/> UTF-8 bytes.</summary>
    public static string Prose(IReadOnlyList<string> seedTexts, long bytes)
    {
        var paragraphs = ExtractionBenchmark.Paragraphs(seedTexts);
        var text = new StringBuilder();
        long written = 0;
        for (int next = 0; written < bytes; next++)
        {
            string paragraph = paragraphs[next % paragraphs.Count] + "\n\n";
            text.Append(paragraph);
            written += Encoding.UTF8.GetByteCount(paragraph);
        }
        return text.ToString();
    }

    /// <summary>The text with . ! ? … ; removed (except between digits: "1.5" stays) and line breaks made spaces.</summary>
    public static string WithoutSentenceEnds(string text) => LineBreaks().Replace(SentenceEnds().Replace(text, ""), " ");

    [GeneratedRegex(@"(?<!\d)[.!?…;]|[.!?…;](?!\d)")]
    private static partial Regex SentenceEnds();

    [GeneratedRegex(@"\s*[\r\n]+\s*")]
    private static partial Regex LineBreaks();

    private static ExtractionBenchmarkResult Extract(string text, string name, int workers, string modelsDirectory, string workDirectory,
        string profile, StageCatalog? catalog)
    {
        string work = Path.Combine(workDirectory, name);
        string corpus = Path.Combine(work, "corpus");
        Directory.CreateDirectory(corpus);
        var bytes = Encoding.UTF8.GetBytes(text);
        File.WriteAllBytes(Path.Combine(corpus, name + ".txt"), bytes);
        return ExtractionBenchmark.Measure(corpus, bytes.Length, 1, workers, modelsDirectory, work, catalog, profile);
    }
}
