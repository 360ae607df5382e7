using System.Diagnostics;
using System.Text;
using Nlp.Text.Normalization;
using Nlp.Text.Tokenization;

namespace Nlp.Text.Diagnostics;

/// <summary>Throughput of the text stage on one thread.</summary>
public sealed record TextBenchmarkResult(
    int Documents,
    long Tokens,
    long Sentences,
    TimeSpan SegmentTime,
    long SegmentAllocatedBytes,
    long NormalizedBytes,
    long NormalizedChars,
    TimeSpan NormalizeTime,
    long StageTokens,
    TimeSpan StageTime)
{
    public double TokensPerSecond => Tokens / SegmentTime.TotalSeconds;
    public double AllocatedBytesPerToken => (double)SegmentAllocatedBytes / Tokens;
    public double NormalizeMegabytesPerSecond => NormalizedBytes / 1e6 / NormalizeTime.TotalSeconds;
    public double StageTokensPerSecond => StageTokens / StageTime.TotalSeconds;
}

/// <summary>
/// Measures, on the calling thread: (1) tokenization + sentence splitting of already-normalized text, over the
/// corpus repeated until at least the requested number of tokens; (2) normalization alone, in MB of UTF-8 input per
/// second; (3) the whole <see cref="TextStage"/> (normalize, tokenize, split, map to original offsets). Each part is
/// run once untimed first, so that the JIT has compiled the optimized code before the clock starts.
/// </summary>
public static class TextBenchmark
{
    public static TextBenchmarkResult Run(IReadOnlyList<string> texts, long minTokens)
    {
        if (texts.Count == 0) throw new ArgumentException("no texts to measure", nameof(texts));
        var normalized = texts.Select(t => TextNormalizer.Normalize(t).Text).ToList();
        var tokens = new TokenBuffer(1 << 16);
        var sentences = new SpanBuffer(1 << 12);

        Segment(normalized, tokens, sentences, Math.Min(minTokens, 1_000_000)); // warm-up
        long before = GC.GetAllocatedBytesForCurrentThread();
        var clock = Stopwatch.StartNew();
        var (tokenCount, sentenceCount) = Segment(normalized, tokens, sentences, minTokens);
        var segmentTime = clock.Elapsed;
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        long utf8 = texts.Sum(t => (long)Encoding.UTF8.GetByteCount(t));
        long chars = texts.Sum(t => (long)t.Length);
        int normalizeRounds = (int)Math.Clamp(50_000_000 / Math.Max(1, utf8), 3, 500);
        Normalize(texts, 2);
        clock.Restart();
        Normalize(texts, normalizeRounds);
        var normalizeTime = clock.Elapsed;

        var stage = new TextStage();
        var documents = texts.Select((t, i) => new Core.Model.Document($"doc{i}", t)).ToList();
        long stageTokens = RunStage(stage, documents, 2);
        int stageRounds = (int)Math.Clamp(minTokens / Math.Max(1, stageTokens / 2), 1, 1000);
        clock.Restart();
        stageTokens = RunStage(stage, documents, stageRounds);
        var stageTime = clock.Elapsed;

        return new TextBenchmarkResult(texts.Count, tokenCount, sentenceCount, segmentTime, allocated,
            utf8 * normalizeRounds, chars * normalizeRounds, normalizeTime, stageTokens, stageTime);
    }

    private static (long Tokens, long Sentences) Segment(List<string> texts, TokenBuffer tokens, SpanBuffer sentences, long minTokens)
    {
        long tokenCount = 0;
        long sentenceCount = 0;
        while (tokenCount < minTokens)
        {
            foreach (var text in texts)
            {
                Tokenizer.Tokenize(text, tokens);
                SentenceSplitter.Split(text, tokens, sentences);
                tokenCount += tokens.Count;
                sentenceCount += sentences.Count;
            }
        }
        return (tokenCount, sentenceCount);
    }

    private static void Normalize(IReadOnlyList<string> texts, int rounds)
    {
        // A fresh copy of each text per round: evidence the normalizer caches per text must be recomputed, as it
        // is for every new document in real use. Copying costs microseconds against milliseconds of normalizing.
        for (int r = 0; r < rounds; r++)
            foreach (var text in texts) TextNormalizer.Normalize(new string(text.AsSpan()));
    }

    private static long RunStage(TextStage stage, List<Core.Model.Document> documents, int rounds)
    {
        long tokens = 0;
        for (int r = 0; r < rounds; r++)
            foreach (var doc in documents) tokens += stage.Process(doc with { Text = new string(doc.Text.AsSpan()) }).Tokens!.Value.Length;
        return tokens;
    }
}
