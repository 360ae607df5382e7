using Nlp.Corpora;

namespace Nlp.Cli.Tests;

/// <summary>Where the repository and the shared corpora are, seen from the test output folder.</summary>
internal static class TestPaths
{
    public static string RepoRoot { get; } = FindRepoRoot();

    public static string Shared(string relative) => SharedData.Locate(relative);

    public static string TempDir()
    {
        var dir = Path.Combine(Path.GetTempPath(), "nlp-cli-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        return dir;
    }

    private static string FindRepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Nlp.sln"))) return dir.FullName;
        throw new DirectoryNotFoundException("cannot find the repository root (Nlp.sln) above " + AppContext.BaseDirectory);
    }
}

/// <summary>Runs the nlp command line in-process and captures what it prints.</summary>
internal sealed record CliResult(int ExitCode, string Out, string Error)
{
    public static CliResult Run(params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        int code = Program.Run(args, stdout, stderr);
        return new CliResult(code, stdout.ToString(), stderr.ToString());
    }
}
