using Nlp.Sinks.Database;

namespace Nlp.Cluster.Tests;

/// <summary>A silo stopped mid-run: its batches are done by the others, and every document is written once.</summary>
public sealed class SiloFailureTests
{
    [Fact]
    public async Task BatchesOfAKilledSiloAreRetriedAndEveryDocumentIsWrittenOnce()
    {
        var (summary, workers, options) = await RunKillingASilo(database: "none");

        Assert.Equal(1200, summary.Written);
        Assert.Equal(0, summary.Failed);
        Assert.True(workers.Retries > 0, "the killed silo had batches in flight");
        var keys = File.ReadLines(options.OutputPath).Select(l => Provenance.KeyOf(Newtonsoft.Json.Linq.JObject.Parse(l)["provenance"])).ToList();
        Assert.Equal(1200, keys.Count);
        Assert.Equal(1200, keys.Distinct().Count());
    }

    [PostgresFact]
    public async Task SilosWriteTheDatabaseOnceEachDocumentAsOneMachineDoes()
    {
        string clusterDb = TestDatabases.PostgresSchemaUrl();
        var (summary, _, options) = await RunKillingASilo(clusterDb);

        Assert.Equal(1200, summary.Written);
        var local = TestSilos.Options(options.Inputs[0], TestDatabases.PostgresSchemaUrl());
        TestSilos.ExtractLocally(local);
        Assert.Equal(DatabaseDump.Rows(local.Database!), DatabaseDump.Rows(clusterDb));
        Assert.Equal(TestSilos.RecordsWithoutTimes(local.OutputPath), TestSilos.RecordsWithoutTimes(options.OutputPath));
        using var connection = DatabaseDump.Open(clusterDb);
        using var cmd = connection.CreateCommand();
        cmd.CommandText = "SELECT COUNT(*), COUNT(DISTINCT run_id) FROM documents";
        using var reader = cmd.ExecuteReader();
        reader.Read();
        Assert.Equal(1200L, reader.GetInt64(0));
        Assert.Equal(1L, reader.GetInt64(1)); // the client's run, though silos wrote the rows
    }

    private static async Task<(Pipeline.Extraction.ExtractionSummary, ClusterBatchWorkers, Pipeline.Extraction.ExtractionOptions)> RunKillingASilo(string database)
    {
        await using var cluster = await TestSilos.Start(3);
        var options = TestSilos.Options(TestSilos.Corpus(1200), database);
        var busy = new TaskCompletionSource();
        var run = Task.Run(() => TestSilos.Extract(cluster, options, p =>
        {
            if (p.Done >= 60) busy.TrySetResult();
        }));
        await busy.Task.WaitAsync(TimeSpan.FromSeconds(60));
        // Not the primary silo: in the TestingHost it keeps the membership table.
        await cluster.KillSiloAsync(cluster.SecondarySilos[0]);
        var (summary, workers) = await run;
        return (summary, workers, options);
    }
}
