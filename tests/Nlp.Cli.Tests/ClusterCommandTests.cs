namespace Nlp.Cli.Tests;

/// <summary>
/// `extract --cluster`, `silo` and `cluster status` refuse a wrong command line with exit 2, and a cluster whose
/// PostgreSQL cannot be reached with exit 1 and one clear line, before anything is written.
/// </summary>
public sealed class ClusterCommandTests
{
    /// <summary>Nothing listens on port 1: the connection is refused at once.</summary>
    private const string Unreachable = "postgres://nlp:secret@127.0.0.1:1/archive";

    private static (string Input, string Output) Setup()
    {
        string dir = TestPaths.TempDir();
        string input = Path.Combine(dir, "memo.txt");
        File.WriteAllText(input, "In 1937 the Koreans were deported to Kazakhstan.\n");
        return (input, Path.Combine(dir, "out", "documents.jsonl"));
    }

    [Theory]
    [InlineData("--cluster sqlite:cluster.db", "--cluster sqlite:cluster.db: expected postgres://")]
    [InlineData("--cluster postgres://h/db --db sqlite:out.db", "--db sqlite:out.db: expected postgres://user:pass@host:port/db (with --cluster the silos write the database")]
    [InlineData("--cluster postgres://h/db --workers 3", "--workers: with --cluster the silos' workers run the documents")]
    [InlineData("--cluster postgres://h/db --in-flight 0", "--in-flight must be at least 1")]
    public void AWrongClusterCommandLineIsAUsageError(string args, string expected)
    {
        var (input, output) = Setup();
        var result = CliResult.Run(["extract", input, "--out", output, .. args.Split(' ')]);
        Assert.Equal(2, result.ExitCode);
        Assert.Contains(expected, result.Error);
        Assert.False(Directory.Exists(Path.GetDirectoryName(output)));
    }

    [Fact]
    public void AnUnreachableClusterFailsClearlyWithNothingWritten()
    {
        var (input, output) = Setup();
        var result = CliResult.Run(["extract", input, "--out", output, "--cluster", Unreachable]);
        Assert.Equal(1, result.ExitCode);
        Assert.Contains("error: cannot reach the cluster's database postgres://nlp:***@127.0.0.1:1/archive", result.Error);
        Assert.DoesNotContain("secret", result.Error);
        Assert.False(Directory.Exists(Path.GetDirectoryName(output)));
    }

    [Theory]
    [InlineData("silo")]
    [InlineData("cluster status")]
    public void SiloAndStatusNameTheUnreachableDatabase(string command)
    {
        var result = CliResult.Run([.. command.Split(' '), "--cluster", Unreachable]);
        Assert.Equal(1, result.ExitCode);
        Assert.Contains("error: cannot reach the cluster's database postgres://nlp:***@127.0.0.1:1/archive", result.Error);
    }

    [Fact]
    public void ASiloWithoutAClusterIsAUsageError()
    {
        var result = CliResult.Run(["silo"]);
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("--cluster", result.Error);
    }
}
