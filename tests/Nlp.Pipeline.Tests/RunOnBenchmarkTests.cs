using Nlp.Pipeline.Benchmarks;

namespace Nlp.Pipeline.Tests;

public sealed class RunOnBenchmarkTests
{
    [Fact]
    public void Run_on_text_loses_its_sentence_ends_and_line_breaks_but_keeps_decimals()
    {
        Assert.Equal("He left She came In 1.5 days, they went home or not",
            RunOnBenchmark.WithoutSentenceEnds("He left. She came!\n\nIn 1.5 days, they went home…… or not?"));
    }

    [Fact]
    public void Prose_repeats_the_seeds_paragraphs_to_the_size()
    {
        string prose = RunOnBenchmark.Prose(["First paragraph.\n\nSecond one.", "Third."], 100);
        Assert.True(System.Text.Encoding.UTF8.GetByteCount(prose) >= 100);
        Assert.StartsWith("First paragraph.\n\nSecond one.\n\nThird.\n\nFirst paragraph.", prose);
    }

    [Fact]
    public void Measures_one_document_of_prose_and_the_same_run_on()
    {
        string root = TestDatabases.TempDir();
        var seeds = new[] { "The families of the village were deported to Kazakhstan in 1937. Some returned in 1946.\n\nOthers never did." };
        var r = RunOnBenchmark.Run(seeds, 0.01, 1, FakeEventStage.ModelsFolder(root), Path.Combine(root, "work"), catalog: FakeEventStage.Catalog());
        Assert.Equal((1, 1), (r.Normal.Documents, r.RunOn.Documents));
        Assert.InRange(r.Normal.CorpusBytes, 10 * 1024, 11 * 1024);
        Assert.True(r.RunOn.CorpusBytes < r.Normal.CorpusBytes);
        // Only the sentence-final periods go: the words stay.
        Assert.InRange(r.RunOn.Tokens, r.Normal.Tokens * 8 / 10, r.Normal.Tokens - 1);
        Assert.True(r.RunOn.PeakResidentBytes > 0 && r.Normal.PeakResidentBytes > 0);
    }
}
