using Nlp.Models.Windows;

namespace Nlp.Models.Tests.Windows;

public class TokenWindowsTests
{
    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(255)]
    [InlineData(256)]
    public void A_sentence_up_to_the_limit_is_one_window_of_all_of_it(int tokens)
    {
        var windows = TokenWindows.Split(tokens);
        Assert.Equal([new TokenWindow(0, tokens)], windows);
        Assert.Equal(int.MaxValue, windows[0].Margin(0, Math.Max(0, tokens - 1), tokens));
    }

    [Theory]
    [InlineData(257)]
    [InlineData(300)]
    [InlineData(449)]
    [InlineData(1000)]
    [InlineData(200_000)]
    public void Longer_sentences_are_covered_by_bounded_windows_that_overlap(int tokens)
    {
        var windows = TokenWindows.Split(tokens);
        Assert.Equal(0, windows[0].Start);
        Assert.Equal(tokens, windows[^1].End);
        Assert.All(windows, w => Assert.Equal(TokenWindows.MaxTokens, w.Length));
        for (int i = 1; i < windows.Count; i++)
        {
            Assert.True(windows[i].Start > windows[i - 1].Start, "windows move forward");
            Assert.True(windows[i - 1].End - windows[i].Start >= TokenWindows.Overlap, $"seam {i}: overlap {windows[i - 1].End - windows[i].Start}");
        }
        // Linear: about one window per (max - overlap) tokens.
        Assert.True(windows.Count <= tokens / (TokenWindows.MaxTokens - TokenWindows.Overlap) + 2);
    }

    [Fact]
    public void Margins_count_only_edges_that_cut_the_sentence()
    {
        var windows = TokenWindows.Split(400, maxTokens: 256, overlap: 64);
        Assert.Equal([new TokenWindow(0, 256), new TokenWindow(144, 400)], windows);
        Assert.Equal(255 - 10, windows[0].Margin(0, 10, 400));     // the sentence start is no cut
        Assert.Equal(0, windows[0].Margin(250, 255, 400));         // touches the cut at 256
        Assert.Equal(6, windows[1].Margin(150, 160, 400));
        Assert.Equal(200 - 144, windows[1].Margin(200, 399, 400)); // the sentence end is no cut
    }

    [Fact]
    public void Bad_sizes_are_refused()
    {
        Assert.Throws<ArgumentException>(() => TokenWindows.Split(10, maxTokens: 0));
        Assert.Throws<ArgumentException>(() => TokenWindows.Split(10, maxTokens: 8, overlap: 5));
        Assert.Throws<ArgumentOutOfRangeException>(() => TokenWindows.Split(-1));
    }

    [Theory]
    [InlineData(0, 1)]
    [InlineData(1, 1)]
    [InlineData(256, 1)]
    [InlineData(257, 2)]
    [InlineData(1000, 4)]
    public void Chunks_partition_the_sentence_into_near_equal_bounded_parts(int tokens, int expected)
    {
        var chunks = TokenWindows.Chunks(tokens).ToList();
        Assert.Equal(expected, chunks.Count);
        Assert.Equal(0, chunks[0].First);
        Assert.Equal(tokens, chunks[^1].End);
        for (int i = 1; i < chunks.Count; i++) Assert.Equal(chunks[i - 1].End, chunks[i].First);
        Assert.All(chunks, c => Assert.InRange(c.End - c.First, tokens / expected, TokenWindows.MaxTokens));
    }
}

public class TaggerBatchesTests
{
    [Fact]
    public void A_long_sentence_does_not_pad_the_batches_of_short_ones()
    {
        int[] lengths = [.. Enumerable.Repeat(12, 100), 3000, 1, 256, 257];
        var windows = lengths.Select(n => TokenWindows.Split(n)).ToList();
        var batches = Nlp.Models.Tagging.EntityTagger.Batches(windows).ToList();
        var read = batches.SelectMany(b => b).ToList();
        Assert.Equal(windows.Sum(w => w.Count), read.Distinct().Count());
        Assert.Equal(read.Count, read.Distinct().Count());
        Assert.All(read, j => Assert.InRange(windows[j.Sentence][j.Window].Length, 1, TokenWindows.MaxTokens));
        // Shortest first: the short sentences fill a batch padded to 12 tokens, not to 3,000.
        Assert.Equal(12, batches[0].Max(j => windows[j.Sentence][j.Window].Length));
        // Full windows come a few at a time: a batch's padded tensors stay small.
        Assert.All(batches, b => Assert.True(b.Length * b.Max(j => windows[j.Sentence][j.Window].Length) <= 64 * 64, $"{b.Length} windows"));
    }
}
