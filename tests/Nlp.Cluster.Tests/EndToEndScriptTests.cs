using System.Diagnostics;

namespace Nlp.Cluster.Tests;

/// <summary>tests/cluster-e2e.sh: real `nlp silo` processes, one killed, the client killed and resumed, against a single machine.</summary>
public sealed class EndToEndScriptTests
{
    [PostgresFact]
    public void TheClusterScriptPasses()
    {
        string root = RepositoryRoot();
        // The nlp built with this test (the project references Nlp.Cli, so it is built first), in the same configuration.
#if DEBUG
        const string configuration = "Debug";
#else
        const string configuration = "Release";
#endif
        string dll = Path.Combine(root, "src", "Nlp.Cli", "bin", configuration, "net10.0", "nlp.dll");
        Assert.True(File.Exists(dll), $"{dll} is missing");
        var start = new ProcessStartInfo("bash", [Path.Combine(root, "tests", "cluster-e2e.sh")])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            Environment = { ["NLP_E2E_DLL"] = dll, ["NLP_MODELS"] = Path.Combine(root, "models") },
        };
        using var script = Process.Start(start)!;
        var output = script.StandardOutput.ReadToEndAsync();
        var errors = script.StandardError.ReadToEndAsync();
        bool ended = script.WaitForExit(TimeSpan.FromMinutes(8));
        if (!ended) script.Kill(entireProcessTree: true);
        string log = output.Result + errors.Result;
        Assert.True(ended, "cluster-e2e.sh did not end within 8 minutes:\n" + log);
        Assert.True(script.ExitCode == 0, $"cluster-e2e.sh exited {script.ExitCode}:\n{log}");
        Assert.Contains("cluster-e2e: ", log);
    }

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Nlp.sln"))) return dir.FullName;
        throw new InvalidOperationException("Nlp.sln not found above " + AppContext.BaseDirectory);
    }
}
