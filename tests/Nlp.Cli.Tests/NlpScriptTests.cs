using System.Diagnostics;

namespace Nlp.Cli.Tests;

/// <summary>
/// The ./nlp script rebuilds only when a source or project file is newer than the Release build, not when a Debug
/// build or `dotnet test` regenerated files under obj/. Checked on a copy of the script in a tree of empty files,
/// with a stand-in `dotnet` on the PATH that records how it was called.
/// </summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")] // a bash script
public sealed class NlpScriptTests
{
    private static readonly DateTime Built = DateTime.UtcNow.AddHours(-1);

    private sealed record Tree(string Root, string Log)
    {
        public string[] Calls => File.Exists(Log) ? File.ReadAllLines(Log) : [];

        public void Touch(string relative, DateTime when)
        {
            string path = Path.Combine(Root, relative);
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            if (!File.Exists(path)) File.WriteAllText(path, "");
            File.SetLastWriteTimeUtc(path, when);
        }

        public void RunScript()
        {
            File.Delete(Log);
            var start = new ProcessStartInfo("bash") { RedirectStandardError = true, RedirectStandardOutput = true };
            start.ArgumentList.Add(Path.Combine(Root, "nlp"));
            start.ArgumentList.Add("--version");
            start.Environment["PATH"] = Path.Combine(Root, "fake-bin") + ":" + Environment.GetEnvironmentVariable("PATH");
            using var process = Process.Start(start)!;
            string error = process.StandardError.ReadToEnd();
            process.WaitForExit();
            Assert.True(process.ExitCode == 0, error);
        }
    }

    private static Tree Setup()
    {
        string root = TestPaths.TempDir();
        File.Copy(Path.Combine(TestPaths.RepoRoot, "nlp"), Path.Combine(root, "nlp"));
        string log = Path.Combine(root, "dotnet-calls.log");
        string fake = Path.Combine(root, "fake-bin", "dotnet");
        Directory.CreateDirectory(Path.GetDirectoryName(fake)!);
        File.WriteAllText(fake, $"#!/usr/bin/env bash\necho \"$*\" >> '{log}'\n");
        File.SetUnixFileMode(fake, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        var tree = new Tree(root, log);
        tree.Touch("Directory.Build.props", Built.AddMinutes(-10));
        tree.Touch("src/Nlp.Cli/Nlp.Cli.csproj", Built.AddMinutes(-10));
        tree.Touch("src/Nlp.Cli/Program.cs", Built.AddMinutes(-10));
        tree.Touch("src/Nlp.Cli/bin/Release/net10.0/nlp.dll", Built);
        return tree;
    }

    [Fact]
    public void Files_generated_under_obj_and_bin_do_not_make_it_rebuild()
    {
        var tree = Setup();
        tree.Touch("src/Nlp.Cli/obj/Debug/net10.0/Nlp.Cli.AssemblyInfo.cs", DateTime.UtcNow);
        tree.Touch("src/Nlp.Text/obj/Debug/net10.0/Nlp.Text.GlobalUsings.g.cs", DateTime.UtcNow);
        tree.Touch("src/Nlp.Text/bin/Debug/net10.0/Generated.cs", DateTime.UtcNow);

        tree.RunScript();

        Assert.DoesNotContain(tree.Calls, c => c.StartsWith("build", StringComparison.Ordinal));
        Assert.Single(tree.Calls, c => c.StartsWith(Path.Combine(tree.Root, "src/Nlp.Cli/bin/Release/net10.0/nlp.dll") + " --version", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("src/Nlp.Text/Tokenizer.cs")]
    [InlineData("src/Nlp.Cli/Nlp.Cli.csproj")]
    [InlineData("Directory.Packages.props")]
    [InlineData("src/Nlp.Review/Assets/app.js")]
    public void A_changed_source_or_project_file_makes_it_rebuild_once(string changed)
    {
        var tree = Setup();
        tree.Touch(changed, DateTime.UtcNow.AddMinutes(-1));

        tree.RunScript();
        Assert.Contains(tree.Calls, c => c.StartsWith("build", StringComparison.Ordinal));

        tree.RunScript(); // the stand-in built nothing, but the script marks the build as done
        Assert.DoesNotContain(tree.Calls, c => c.StartsWith("build", StringComparison.Ordinal));
    }
}
