using Newtonsoft.Json.Linq;

namespace Nlp.Cli.Tests;

/// <summary>`nlp review-queue`: predictions of three dev documents by the fast and the accurate tagger, put in review order.</summary>
public class ReviewQueueCommandTests
{
    [Fact]
    public void Predictions_are_queued_most_doubtful_document_first_and_profiles_disagreeing_are_flagged()
    {
        var dir = TestPaths.TempDir();
        string input = Path.Combine(dir, "three.jsonl"), fast = Path.Combine(dir, "fast.jsonl"), accurate = Path.Combine(dir, "accurate.jsonl");
        File.WriteAllLines(input, File.ReadLines(Path.Combine(TestPaths.RepoRoot, "training-data", "dev.jsonl")).Take(3));
        string models = Path.Combine(TestPaths.RepoRoot, "models");
        foreach (var (output, ner) in new[] { (fast, "ner"), (accurate, "ner-minilm") })
        {
            var p = CliResult.Run("predict", "--input", input, "--output", output, "--stages", "ner", "--ner-model", Path.Combine(models, ner));
            Assert.True(p.ExitCode == 0, p.Error);
        }

        string queue = Path.Combine(dir, "queue.jsonl");
        var run = CliResult.Run("review-queue", fast, "--out", queue);
        Assert.True(run.ExitCode == 0, run.Error);
        var lines = File.ReadAllLines(queue).Select(JObject.Parse).ToList();
        Assert.Equal(3, lines.Count);
        Assert.Equal([1, 2, 3], lines.Select(l => (int)l["rank"]!));
        var expected = lines.Select(l => (double)l["expected_errors"]!).ToList();
        Assert.Equal(expected.OrderDescending(), expected);
        var scores = lines[0]["queue"]!.Select(i => (double)i["score"]!).ToList();
        Assert.Equal(scores.OrderDescending(), scores);
        Assert.Equal(1 - (double)lines[0]["queue"]![0]!["confidence"]!, scores[0], 3);
        Assert.Contains("0 disagreements", run.Out);

        var both = CliResult.Run("review-queue", fast, "--other", accurate, "--out", queue, "--top", "2");
        Assert.True(both.ExitCode == 0, both.Error);
        var top = File.ReadAllLines(queue).Select(JObject.Parse).ToList();
        Assert.Equal(2, top.Count);
        // The two taggers do not agree on everything in three passages; their disagreements lead each document's list.
        Assert.True(top.Sum(l => (int)l["disagreements"]!) > 0, both.Out);
        foreach (var line in top.Where(l => (int)l["disagreements"]! > 0))
            Assert.True((bool)line["queue"]![0]!["disagreement"]!);

        Assert.Equal(2, CliResult.Run("review-queue", fast, "--other", input.Replace("three", "none"), "--out", queue).ExitCode);
        File.WriteAllLines(Path.Combine(dir, "other.jsonl"), File.ReadLines(fast).Take(1));
        var mismatch = CliResult.Run("review-queue", fast, "--other", Path.Combine(dir, "other.jsonl"), "--out", queue);
        Assert.Equal(2, mismatch.ExitCode);
        Assert.Contains("is not in the second prediction", mismatch.Error);
    }
}
