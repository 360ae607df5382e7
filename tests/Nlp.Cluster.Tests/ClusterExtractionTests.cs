using Nlp.Pipeline.Extraction;

namespace Nlp.Cluster.Tests;

/// <summary>`nlp extract --cluster` on in-process silos: the work is spread, the output is the single machine's.</summary>
public sealed class ClusterExtractionTests
{
    [Fact]
    public async Task EverySiloGetsWorkAndTheOutputIsTheSingleMachines()
    {
        await using var cluster = await TestSilos.Start(3);
        string corpus = TestSilos.Corpus(300);
        var options = TestSilos.Options(corpus);

        var (summary, workers) = TestSilos.Extract(cluster, options);

        Assert.Equal(300, summary.Written);
        Assert.Equal(0, summary.Failed);
        Assert.Equal(3, workers.DocumentsBySilo.Count);
        Assert.All(workers.DocumentsBySilo.Values, n => Assert.True(n > 0));
        Assert.Equal(300, workers.DocumentsBySilo.Values.Sum());
        var local = TestSilos.Options(corpus);
        TestSilos.ExtractLocally(local);
        Assert.Equal(TestSilos.RecordsWithoutTimes(local.OutputPath), TestSilos.RecordsWithoutTimes(options.OutputPath));
        Assert.Contains("DEPORT", summary.Counts.EventTypes.Keys);
    }

    [Fact]
    public async Task ASiloThatJoinsMidRunGetsWork()
    {
        await using var cluster = await TestSilos.Start(1);
        var options = TestSilos.Options(TestSilos.Corpus(1000));
        var reached = new TaskCompletionSource();
        var resume = new TaskCompletionSource();
        var notices = new List<string>();
        // The writer waits at the 40th document until the new silo is in the rotation, so the run cannot end first.
        var run = Task.Run(() => TestSilos.Extract(cluster, options, p =>
        {
            if (p.Done < 40 || resume.Task.IsCompleted) return;
            reached.TrySetResult();
            resume.Task.Wait();
        }, notices));
        await reached.Task.WaitAsync(TimeSpan.FromSeconds(60));
        await cluster.StartAdditionalSiloAsync();
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (Taking() < 2 && DateTime.UtcNow < deadline) await Task.Delay(50);
        resume.SetResult();

        var (summary, workers) = await run;

        Assert.Equal(1000, summary.Written);
        Assert.Equal(2, workers.DocumentsBySilo.Count);
        Assert.All(workers.DocumentsBySilo.Values, n => Assert.True(n > 0));

        int Taking()
        {
            lock (notices) return notices.Count(n => n.EndsWith("takes work", StringComparison.Ordinal));
        }
    }

    [Fact]
    public async Task ASiloWithOtherModelsIsRefusedBeforeAnythingIsWritten()
    {
        await using var cluster = await TestSilos.Start(1);
        string otherModels = Nlp.Pipeline.Tests.FakeEventStage.ModelsFolder(TestDatabases.TempDir(), threshold: 0.9);
        string otherVersion = Nlp.Core.Manifests.ManifestFile.Read(Path.Combine(otherModels, "fake-events")).Version;
        var options = TestSilos.Options(TestSilos.Corpus(200)) with { ModelsDirectory = otherModels };

        var e = Assert.Throws<SiloRefusedException>(() => TestSilos.Extract(cluster, options));

        Assert.Contains("other models than the client", e.Message);
        Assert.Contains("fake-deport@" + otherVersion, e.Message);
        Assert.False(File.Exists(options.OutputPath) && new FileInfo(options.OutputPath).Length > 0);
    }
}
