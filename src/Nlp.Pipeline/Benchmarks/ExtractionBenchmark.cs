using System.Text;
using Nlp.Pipeline.Building;
using Nlp.Pipeline.Extraction;

namespace Nlp.Pipeline.Benchmarks;

public sealed record ExtractionBenchmarkResult(
    long CorpusBytes,
    int Files,
    int Documents,
    long Tokens,
    int Workers,
    TimeSpan Elapsed,
    IReadOnlyList<StageTiming> Stages,
    long PeakResidentBytes,
    long JsonlBytes,
    long DatabaseBytes,
    IReadOnlyList<string> Notices)
{
    public double TokensPerSecond => Tokens / Elapsed.TotalSeconds;
    public double DocumentsPerSecond => Documents / Elapsed.TotalSeconds;
}

/// <summary>
/// End-to-end throughput of <c>nlp extract</c>: a corpus of about the requested size is written to a temporary
/// folder as documents of about 8 KB cut from the seed texts at paragraph boundaries (each headed by its number,
/// so every document has its own hash), then extracted with the shipped stages into JSONL and SQLite, exactly as
/// the command does. Reports wall time, each stage's time (summed over workers), the peak resident memory of the
/// extraction (the high-water mark is reset after the corpus is written) and the output sizes.
/// </summary>
public static class ExtractionBenchmark
{
    public const int DocumentBytes = 8 * 1024;

    public static ExtractionBenchmarkResult Run(IReadOnlyList<string> seedTexts, double megabytes, int workers, string modelsDirectory,
        string workDirectory, StageCatalog? catalog = null, string profile = StageCatalog.DefaultProfile)
    {
        string corpus = Path.Combine(workDirectory, "corpus");
        var (bytes, files) = WriteCorpus(seedTexts, (long)(megabytes * 1024 * 1024), corpus);
        return Measure(corpus, bytes, files, workers, modelsDirectory, workDirectory, catalog, profile);
    }

    /// <summary>Extracts the corpus folder into <paramref name="workDirectory"/>/out with the profile's stages (or the
    /// catalog given, for tests) and measures it.</summary>
    internal static ExtractionBenchmarkResult Measure(string corpus, long bytes, int files, int workers, string modelsDirectory,
        string workDirectory, StageCatalog? catalog, string profile)
    {
        string output = Path.Combine(workDirectory, "out", "documents.jsonl");
        GC.Collect();
        ResetPeakMemory();
        var options = new ExtractionOptions
        {
            Inputs = [corpus],
            OutputPath = output,
            Workers = workers,
            ModelsDirectory = modelsDirectory,
            Profile = profile,
        };
        var summary = new ExtractionRunner(options, catalog).Run();
        long peak = PeakResidentBytes();
        string db = Path.Combine(Path.GetDirectoryName(output)!, "nlp.db");
        return new ExtractionBenchmarkResult(bytes, files, summary.Written, summary.Tokens, workers, summary.Elapsed, summary.Stages, peak,
            new FileInfo(output).Length, File.Exists(db) ? new FileInfo(db).Length : 0, summary.Notices);
    }

    /// <summary>Documents of about <see cref="DocumentBytes"/>, cycling through the seeds' paragraphs until the size is reached.</summary>
    public static (long Bytes, int Files) WriteCorpus(IReadOnlyList<string> seedTexts, long targetBytes, string directory)
    {
        Directory.CreateDirectory(directory);
        var paragraphs = Paragraphs(seedTexts);
        long written = 0;
        int files = 0;
        int next = 0;
        var document = new StringBuilder();
        while (written < targetBytes)
        {
            document.Clear().Append("Document ").Append(files + 1).Append("\n\n");
            while (document.Length < DocumentBytes)
                document.Append(paragraphs[next++ % paragraphs.Count]).Append("\n\n");
            var bytes = Encoding.UTF8.GetBytes(document.ToString());
            // Spread over folders of 1,000 so that no folder gets unwieldy.
            string folder = Path.Combine(directory, (files / 1000).ToString("000"));
            Directory.CreateDirectory(folder);
            File.WriteAllBytes(Path.Combine(folder, $"doc-{files:000000}.txt"), bytes);
            written += bytes.Length;
            files++;
        }
        return (written, files);
    }

    /// <summary>The seeds' paragraphs (blank-line separated, trimmed), the units benchmark corpora are cut from.</summary>
    internal static List<string> Paragraphs(IReadOnlyList<string> seedTexts)
    {
        var paragraphs = seedTexts
            .SelectMany(t => t.Replace("\r\n", "\n").Split("\n\n", StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            .Where(p => p.Length > 0)
            .ToList();
        if (paragraphs.Count == 0) throw new ArgumentException("the seed texts have no paragraphs");
        return paragraphs;
    }

    /// <summary>Linux: writing 5 to clear_refs resets VmHWM, the peak resident set size.</summary>
    private static void ResetPeakMemory()
    {
        try { File.WriteAllText("/proc/self/clear_refs", "5"); } catch (Exception e) when (e is IOException or UnauthorizedAccessException) { }
    }

    private static long PeakResidentBytes()
    {
        try
        {
            foreach (var line in File.ReadLines("/proc/self/status"))
                if (line.StartsWith("VmHWM:", StringComparison.Ordinal))
                    return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1]) * 1024;
        }
        catch (IOException) { }
        return Environment.WorkingSet;
    }
}
