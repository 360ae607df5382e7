using Newtonsoft.Json.Linq;

namespace Nlp.Cli.Tests;

public sealed class ExtractCommandTests
{
    [Fact]
    public void SamplesWithABadFileGiveExitCodeOneAndAnErrorsFile()
    {
        string dir = TestPaths.TempDir();
        string input = Path.Combine(dir, "in");
        Directory.CreateDirectory(input);
        foreach (var f in Directory.GetFiles(Path.Combine(TestPaths.RepoRoot, "samples")))
            File.Copy(f, Path.Combine(input, Path.GetFileName(f)));
        File.WriteAllBytes(Path.Combine(input, "broken.pdf"), "%PDF-1.4 this is not a PDF"u8.ToArray());
        string output = Path.Combine(dir, "out", "documents.jsonl");

        var result = CliResult.Run("extract", input, "--out", output, "--models", Path.Combine(dir, "no-models"), "--stages", "segment,numbers");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("broken.pdf", result.Error);
        var error = JObject.Parse(Assert.Single(File.ReadAllLines(Path.Combine(dir, "out", "errors.jsonl"))));
        Assert.EndsWith("broken.pdf", (string)error["path"]!);
        int samples = Directory.GetFiles(Path.Combine(TestPaths.RepoRoot, "samples")).Length;
        Assert.Equal(samples, File.ReadAllLines(output).Length);
        Assert.True(File.Exists(Path.Combine(dir, "out", "nlp.db")));

        File.Delete(Path.Combine(input, "broken.pdf"));
        var again = CliResult.Run("extract", input, "--out", output, "--models", Path.Combine(dir, "no-models"), "--stages", "segment,numbers");
        Assert.Equal(0, again.ExitCode);
        Assert.Contains($"0 document(s) extracted, {samples} already done, 0 failed", again.Error);
    }

    [Fact]
    public void The_accurate_profile_tags_with_the_encoder_model_and_provenance_says_so()
    {
        var dir = TestPaths.TempDir();
        string input = Path.Combine(dir, "memo.txt"), output = Path.Combine(dir, "out.jsonl");
        File.WriteAllText(input, "In 1937 the NKVD deported the Koreans of the Far East to Kazakhstan.\n");
        string models = Path.Combine(TestPaths.RepoRoot, "models");
        var fast = CliResult.Run("extract", input, "--out", output, "--db", "none", "--models", models, "--profile", "fast");
        Assert.Equal(0, fast.ExitCode);
        Assert.Contains("ner=ner@", fast.Error);
        // accurate is the default: it met issue 18's speed and memory floors (docs/RESULTS.md).
        var accurate = CliResult.Run("extract", input, "--out", Path.Combine(dir, "accurate.jsonl"), "--db", "none", "--models", models);
        Assert.Equal(0, accurate.ExitCode);
        var record = Newtonsoft.Json.Linq.JObject.Parse(File.ReadAllLines(Path.Combine(dir, "accurate.jsonl")).Single());
        Assert.Contains("ner=ner-minilm@", (string?)record["provenance"]?["pipeline"]);
        Assert.Equal("accurate", (string?)record["provenance"]?["profile"]);
        Assert.Equal("fast", (string?)Newtonsoft.Json.Linq.JObject.Parse(File.ReadAllLines(output).Single())["provenance"]?["profile"]);
        Assert.Contains(record["entities"]!, e => (string?)e["label"] == "GPE");
        Assert.Equal(2, CliResult.Run("extract", input, "--out", Path.Combine(dir, "x.jsonl"), "--models", models, "--profile", "best").ExitCode);
        Assert.False(File.Exists(Path.Combine(dir, "x.jsonl")));

        // predict takes the profile's tagger from the installation's models folder when no --ner-model is given.
        string jsonl = Path.Combine(dir, "memo.jsonl");
        File.WriteAllText(jsonl, "{\"id\":\"memo\",\"text\":\"In 1937 the NKVD deported the Koreans of the Far East to Kazakhstan.\"}\n");
        var predicted = CliResult.Run("predict", "--input", jsonl, "--output", Path.Combine(dir, "predicted.jsonl"), "--stages", "ner", "--profile", "accurate");
        Assert.True(predicted.ExitCode == 0, predicted.Error);
        Assert.Contains("GPE", File.ReadAllText(Path.Combine(dir, "predicted.jsonl")));
        Assert.Equal(2, CliResult.Run("predict", "--input", jsonl, "--output", Path.Combine(dir, "p2.jsonl"), "--stages", "ner", "--profile", "best").ExitCode);
    }

    [Fact]
    public void WrongUsageExitsWithTwo()
    {
        string dir = TestPaths.TempDir();
        Assert.Equal(2, CliResult.Run("extract", Path.Combine(dir, "*.txt"), "--out", Path.Combine(dir, "o.jsonl")).ExitCode);
        Assert.Equal(2, CliResult.Run("extract", dir, "--workers", "0").ExitCode);
    }

    [Fact]
    public void A_second_run_on_a_locked_output_exits_1_naming_the_first_and_with_wait_runs_once_it_is_released()
    {
        string dir = TestPaths.TempDir();
        string input = Path.Combine(dir, "memo.txt"), output = Path.Combine(dir, "out", "documents.jsonl");
        string errors = Path.Combine(dir, "out", "errors.jsonl");
        File.WriteAllText(input, "In 1937 the NKVD deported the Koreans of the Far East to Kazakhstan.\n");
        Directory.CreateDirectory(Path.Combine(dir, "out"));
        File.WriteAllText(errors, "{\"path\": \"the first run's error\"}\n");
        string models = Path.Combine(TestPaths.RepoRoot, "models");

        var holder = Nlp.Sinks.FileLock.Acquire(output + ".lock", output); // the first run, as far as the lock can tell
        var refused = CliResult.Run("extract", input, "--out", output, "--models", models);
        Assert.Equal(1, refused.ExitCode);
        var line = Assert.Single(refused.Error.Split('\n'), l => l.StartsWith("error:", StringComparison.Ordinal));
        Assert.Contains($"{output} is in use by process {Environment.ProcessId} on {Environment.MachineName}, started ", line);
        Assert.Equal("{\"path\": \"the first run's error\"}\n", File.ReadAllText(errors));
        Assert.False(File.Exists(output));

        // That the wait really waits is tested on the runner (OneWriterAndCrashTests); here, that --wait reaches it.
        var waiting = Task.Factory.StartNew(() => CliResult.Run("extract", input, "--out", output, "--models", models, "--wait"), TaskCreationOptions.LongRunning);
        holder.Dispose();
        var waited = waiting.GetAwaiter().GetResult();
        Assert.Equal(0, waited.ExitCode);
        Assert.Single(File.ReadAllLines(output));
    }
}
