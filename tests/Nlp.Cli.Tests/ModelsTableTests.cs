using System.Diagnostics;
using Newtonsoft.Json.Linq;

namespace Nlp.Cli.Tests;

/// <summary>
/// docs/RESULTS.md's "Shipped models" table is generated from models/*/manifest.json by docs/models-table.py, so that
/// retraining a model and re-running the script is all it takes to keep it true; these tests fail when it is stale.
/// </summary>
public sealed class ModelsTableTests
{
    private sealed record ScriptResult(int ExitCode, string Output);

    private static ScriptResult RunScript(string root, params string[] args)
    {
        var start = new ProcessStartInfo("python3") { RedirectStandardError = true, RedirectStandardOutput = true };
        start.ArgumentList.Add(Path.Combine(root, "docs", "models-table.py"));
        foreach (string arg in args) start.ArgumentList.Add(arg);
        using var process = Process.Start(start)!;
        var stderr = process.StandardError.ReadToEndAsync();
        string stdout = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        return new ScriptResult(process.ExitCode, stdout + stderr.Result);
    }

    /// <summary>A temporary tree with the script and RESULTS.md, whose models/ folder a test fills itself.</summary>
    private static string TreeWithTheScript()
    {
        string root = TestPaths.TempDir();
        Directory.CreateDirectory(Path.Combine(root, "docs"));
        foreach (string file in new[] { "models-table.py", "RESULTS.md" })
            File.Copy(Path.Combine(TestPaths.RepoRoot, "docs", file), Path.Combine(root, "docs", file));
        return root;
    }

    [Fact]
    public void The_shipped_models_table_says_what_the_manifests_say()
    {
        var result = RunScript(TestPaths.RepoRoot, "--check");
        Assert.True(result.ExitCode == 0, result.Output);
    }

    [Fact]
    public void A_retrained_model_makes_the_table_stale_until_the_script_is_run()
    {
        string root = TreeWithTheScript();
        string manifest = Path.Combine(root, "models", "ner", "manifest.json");
        Directory.CreateDirectory(Path.GetDirectoryName(manifest)!);
        File.Copy(Path.Combine(TestPaths.RepoRoot, "models", "ner", "manifest.json"), manifest);
        Assert.Equal(0, RunScript(root).ExitCode);
        Assert.Equal(0, RunScript(root, "--check").ExitCode);

        var json = JObject.Parse(File.ReadAllText(manifest));
        json["scores"]!["dev"]!["f1"] = 12.34;
        File.WriteAllText(manifest, json.ToString());

        var stale = RunScript(root, "--check");
        Assert.Equal(1, stale.ExitCode);
        Assert.Contains("stale", stale.Output);
        Assert.Contains("entities 12.34", stale.Output);
        Assert.Equal(0, RunScript(root).ExitCode);
        Assert.Contains("entities 12.34", File.ReadAllText(Path.Combine(root, "docs", "RESULTS.md")));
    }

    [Fact]
    public void A_manifest_of_an_unknown_kind_is_refused_by_name()
    {
        string root = TreeWithTheScript();
        Directory.CreateDirectory(Path.Combine(root, "models", "mystery"));
        File.WriteAllText(Path.Combine(root, "models", "mystery", "manifest.json"), """{"kind": "crystal-ball"}""");

        var result = RunScript(root, "--check");
        Assert.Equal(1, result.ExitCode);
        Assert.Contains("models/mystery/manifest.json: unknown kind 'crystal-ball'", result.Output);
    }
}
