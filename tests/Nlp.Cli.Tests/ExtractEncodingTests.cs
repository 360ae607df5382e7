namespace Nlp.Cli.Tests;

public sealed class ExtractEncodingTests
{
    [Fact]
    public void An_unknown_encoding_is_a_usage_error_before_anything_is_written()
    {
        string dir = TestPaths.TempDir();
        string input = Path.Combine(dir, "a.txt");
        File.WriteAllText(input, "Deported in 1944.");
        string output = Path.Combine(dir, "out", "documents.jsonl");

        var result = CliResult.Run("extract", input, "--out", output, "--encoding", "klingon-8");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("--encoding: unknown encoding \"klingon-8\"", result.Error);
        Assert.False(Directory.Exists(Path.Combine(dir, "out")));
    }
}
