namespace Nlp.Review.Tests;

public class ReviewCommandTests
{
    [Fact]
    public void A_missing_predictions_file_is_a_usage_error()
    {
        var stderr = new StringWriter();
        Assert.Equal(2, Nlp.Cli.Program.Run(["review", "/no/such/pred.jsonl"], new StringWriter(), stderr));
        Assert.Contains("no such file: /no/such/pred.jsonl", stderr.ToString());
    }

    [Fact]
    public void The_corrections_must_not_overwrite_the_predictions()
    {
        using var dir = new TempFolder();
        string pred = TestDocuments.WriteJsonl(dir.File("pred.jsonl"), TestDocuments.Deportation());
        var stderr = new StringWriter();
        Assert.Equal(2, Nlp.Cli.Program.Run(["review", pred, "--out", pred], new StringWriter(), stderr));
        Assert.Contains("--out must not be the predictions file", stderr.ToString());
    }

    [Fact(Timeout = 60_000)] // without the refusal the app would start and wait for Ctrl+C
    public async Task A_second_app_on_the_same_corrections_is_refused_and_writes_nothing()
    {
        using var dir = new TempFolder();
        string pred = TestDocuments.WriteJsonl(dir.File("pred.jsonl"), TestDocuments.Deportation());
        string corrections = dir.File("corrections.jsonl");
        using var first = Nlp.Sinks.FileLock.Acquire(corrections + ".lock", corrections); // what a running app holds
        var stderr = new StringWriter();

        Assert.Equal(1, await Task.Run(() => Nlp.Cli.Program.Run(["review", pred, "--out", corrections], new StringWriter(), stderr)));

        Assert.Contains($"{corrections} is in use by process {Environment.ProcessId}", stderr.ToString());
        Assert.Contains("stop that review app (Ctrl+C) first", stderr.ToString());
        Assert.False(File.Exists(corrections));
    }

    [Fact]
    public void The_default_corrections_file_is_beside_the_predictions()
    {
        Assert.Equal("/data/run/pred.corrections.jsonl", ReviewOptions.DefaultCorrections("/data/run/pred.jsonl"));
    }
}
