using System.Diagnostics;
using System.Text;
using Nlp.Core.Model;

namespace Nlp.Rules.Diagnostics;

/// <summary>Throughput of the numbers stage on one thread.</summary>
public sealed record RuleBenchmarkResult(
    int Documents,
    long Tokens,
    long Chars,
    long Utf8Bytes,
    long Entities,
    TimeSpan Time,
    long AllocatedBytes)
{
    public double TokensPerSecond => Tokens / Time.TotalSeconds;
    public double MegabytesPerSecond => Utf8Bytes / 1e6 / Time.TotalSeconds;
    public double AllocatedBytesPerToken => (double)AllocatedBytes / Tokens;
}

/// <summary>One phase of the recognizer and the time it took over the corpus (see <see cref="RuleBenchmark.Profile"/>).</summary>
public sealed record RulePhaseTime(string Phase, TimeSpan Time, long Hits);

/// <summary>
/// Measures the <see cref="NumericEntityStage"/> alone on the calling thread: the given documents (already
/// tokenized, so tokens/s counts the tokens the pipeline would carry) are processed round after round until at
/// least the requested amount of UTF-8 text has gone through. One untimed round first lets the JIT compile the
/// optimized code and the regexes warm up before the clock starts.
/// </summary>
public static class RuleBenchmark
{
    public static RuleBenchmarkResult Run(IReadOnlyList<Document> documents, long minUtf8Bytes)
    {
        if (documents.Count == 0) throw new ArgumentException("no documents to measure", nameof(documents));
        var stage = new NumericEntityStage();
        long roundBytes = documents.Sum(d => (long)Encoding.UTF8.GetByteCount(d.Text));
        long roundTokens = documents.Sum(d => (long)(d.Tokens?.Length ?? 0));
        long roundChars = documents.Sum(d => (long)d.Text.Length);
        int rounds = (int)Math.Max(1, (minUtf8Bytes + roundBytes - 1) / Math.Max(1, roundBytes));

        Round(stage, documents); // warm-up
        long before = GC.GetAllocatedBytesForCurrentThread();
        var clock = Stopwatch.StartNew();
        long entities = 0;
        for (int r = 0; r < rounds; r++) entities += Round(stage, documents);
        var time = clock.Elapsed;
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        return new RuleBenchmarkResult(documents.Count * rounds, roundTokens * rounds, roundChars * rounds,
            roundBytes * rounds, entities, time, allocated);
    }

    private static long Round(NumericEntityStage stage, IReadOnlyList<Document> documents)
    {
        long n = 0;
        foreach (var d in documents) n += stage.Process(d).Entities.Length;
        return n;
    }

    /// <summary>
    /// Where the recognizer's time goes: each rule's pattern and each citation pattern run alone over the texts
    /// (as the recognizer runs them), then the value normalization of everything found. A diagnostic for tuning.
    /// </summary>
    public static IReadOnlyList<RulePhaseTime> Profile(IReadOnlyList<string> texts)
    {
        var result = new List<RulePhaseTime>();
        for (int r = 0; r < RulePatterns.All.Count; r++)
        {
            var rule = RulePatterns.All[r];
            result.Add(Time($"rule {r,2} {rule.Label}", () => texts.Sum(t => (long)NumericRecognizer.RuleMatches(rule, t).Count())));
        }
        for (int c = 0; c < RulePatterns.Citations.Count; c++)
        {
            var re = RulePatterns.Citations[c];
            result.Add(Time($"citation {c,2}", () => texts.Sum(t => (long)re.Count(t))));
        }
        var found = texts.SelectMany(t => NumericRecognizer.Recognize(t).Select(m => (m.Label, Text: m.Span.Of(t)))).ToList();
        result.Add(Time("normalize values", () => found.Count(f => ValueNormalizer.Normalize(f.Label, f.Text) is not null)));
        result.Add(Time("whole recognizer", () => texts.Sum(t => (long)NumericRecognizer.Recognize(t).Count)));
        return result;
    }

    private static RulePhaseTime Time(string phase, Func<long> work)
    {
        work(); // warm-up
        var clock = Stopwatch.StartNew();
        long hits = work();
        return new RulePhaseTime(phase, clock.Elapsed, hits);
    }
}
