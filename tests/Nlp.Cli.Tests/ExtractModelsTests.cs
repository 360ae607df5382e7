using System.Diagnostics;

namespace Nlp.Cli.Tests;

/// <summary>
/// extract finds the installation's models wherever it is run from, and a stage whose model is missing fails the
/// run (exit 1, nothing written) unless the user leaves that stage out with --stages.
/// </summary>
public sealed class ExtractModelsTests
{
    private static string Memo(string dir)
    {
        string input = Path.Combine(dir, "memo.txt");
        File.WriteAllText(input, "In 1937 the NKVD deported the Koreans of the Far East to Kazakhstan.\n");
        return input;
    }

    [Fact]
    public async Task Run_from_another_working_directory_it_still_finds_the_models()
    {
        // The command line as a user runs it: its own process, in a folder with no models, no --models.
        string dir = TestPaths.TempDir();
        string input = Memo(dir);
        var start = new ProcessStartInfo("dotnet") { WorkingDirectory = dir, RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var arg in new[] { Path.Combine(AppContext.BaseDirectory, "nlp.dll"), "extract", "memo.txt", "--out", "out/documents.jsonl", "--db", "none" })
            start.ArgumentList.Add(arg);
        start.Environment.Remove("NLP_MODELS");
        using var process = Process.Start(start)!;
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(5));
        var stdout = process.StandardOutput.ReadToEndAsync(timeout.Token);
        string stderr = await process.StandardError.ReadToEndAsync(timeout.Token);
        await process.WaitForExitAsync(timeout.Token);
        await stdout;

        Assert.True(process.ExitCode == 0, stderr);
        Assert.DoesNotContain("skipped", stderr);
        Assert.Contains("ner=ner-minilm@", stderr);           // the default profile's tagger
        Assert.Contains("events=events-minilm@", stderr);     // and its event model
        Assert.Contains("relations=relations-minilm@", stderr); // and its relation model
        Assert.Contains("\"GPE\"", File.ReadAllText(Path.Combine(dir, "out", "documents.jsonl")));
    }

    [Fact]
    public void A_missing_model_for_a_requested_stage_exits_1_naming_the_stage_and_the_folder_and_writes_nothing()
    {
        string dir = TestPaths.TempDir();
        string models = Path.Combine(dir, "models");
        Directory.CreateDirectory(models);
        string output = Path.Combine(dir, "out", "documents.jsonl");

        var result = CliResult.Run("extract", Memo(dir), "--out", output, "--models", models);

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("stage 'ner'", result.Error);
        Assert.Contains(models, result.Error);
        Assert.Contains("--stages segment,numbers", result.Error);
        Assert.False(Directory.Exists(Path.Combine(dir, "out")));
    }

    [Fact]
    public void With_stages_the_user_opts_out_of_the_stages_without_a_model()
    {
        string dir = TestPaths.TempDir();
        string output = Path.Combine(dir, "out.jsonl");

        var result = CliResult.Run("extract", Memo(dir), "--out", output, "--db", "none", "--models", Path.Combine(dir, "none"), "--stages", "segment,numbers");

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("stages not run (--stages): ner, relations, events, calibration", result.Error);
        Assert.Contains("\"DATE\"", Assert.Single(File.ReadAllLines(output)));
    }

    [Fact]
    public void An_unknown_stage_is_a_usage_error()
    {
        string dir = TestPaths.TempDir();
        var result = CliResult.Run("extract", Memo(dir), "--out", Path.Combine(dir, "out.jsonl"), "--stages", "segment,nre");
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("unknown stage 'nre'", result.Error);
        Assert.False(File.Exists(Path.Combine(dir, "out.jsonl")));
    }

    [Fact]
    public void The_size_limit_is_named_by_its_option()
    {
        string dir = TestPaths.TempDir();
        File.WriteAllText(Path.Combine(dir, "long.txt"), string.Concat(Enumerable.Repeat("They were deported in 1937. ", 20)));
        var result = CliResult.Run("extract", Path.Combine(dir, "long.txt"), "--out", Path.Combine(dir, "out.jsonl"), "--db", "none",
            "--stages", "segment", "--max-mb", "0.0001");
        Assert.Equal(1, result.ExitCode);
        Assert.Contains("(raise it with --max-mb)", File.ReadAllText(Path.Combine(dir, "errors.jsonl")));
        Assert.DoesNotContain("LoadOptions", result.Error);
    }
}
