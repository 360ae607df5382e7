using System.Collections.Immutable;
using Nlp.Cluster;
using Nlp.Core.Model;
using Nlp.Core.Pipeline;
using Nlp.Pipeline.Building;
using Nlp.Pipeline.Extraction;
using Nlp.Pipeline.Tests;
using Orleans.Hosting;
using Orleans.TestingHost;

namespace Nlp.Cluster.Tests;

/// <summary>
/// In-process silos (Orleans' TestingHost) that run the pipeline tests' fake model, slowed to a few milliseconds a
/// document so that a silo can be stopped while it has work.
/// </summary>
internal static class TestSilos
{
    public static readonly string Root = TestDatabases.TempDir();
    public static readonly string Models = FakeEventStage.ModelsFolder(Root);

    public const int MillisecondsPerDocument = 4;

    public static StageCatalog Catalog() => new StageCatalog()
        .Add("segment", null, Layer.Text, Layer.Sentences | Layer.Tokens | Layer.Zones, _ => new Nlp.Text.TextStage(), "1")
        .Add("events", "fake-events", FakeEventStage.Reads, FakeEventStage.Writes, _ => new SlowStage(new FakeEventStage(), MillisecondsPerDocument));

    public static async Task<TestCluster> Start(int silos)
    {
        var builder = new TestClusterBuilder((short)silos);
        builder.AddSiloBuilderConfigurator<Configurator>();
        var cluster = builder.Build();
        await cluster.DeployAsync();
        return cluster;
    }

    private sealed class Configurator : ISiloConfigurator
    {
        public void Configure(ISiloBuilder silo) =>
            silo.AddExtraction(new SiloSettings { ModelsDirectory = Models, Workers = 1, Catalog = _ => Catalog() });
    }

    /// <summary>Extraction of <paramref name="inputs"/> as `nlp extract --cluster` does it, with the test's catalog.</summary>
    public static (ExtractionSummary Summary, ClusterBatchWorkers Workers) Extract(TestCluster cluster, ExtractionOptions options,
        Action<ExtractionProgress>? onProgress = null, List<string>? notices = null)
    {
        ClusterBatchWorkers? workers = null;
        var runner = new ExtractionRunner(options, Catalog(), built => workers = new ClusterBatchWorkers(cluster.Client, built, options,
            new ClusterWorkersOptions { InFlight = 8, NoSiloTimeout = TimeSpan.FromSeconds(30) },
            n => { if (notices is not null) lock (notices) notices.Add(n); }))
        {
            OnProgress = onProgress,
        };
        var summary = runner.Run();
        return (summary, workers!);
    }

    /// <summary>The same on one machine, through the same runner with local pipelines.</summary>
    public static ExtractionSummary ExtractLocally(ExtractionOptions options) => new ExtractionRunner(options, Catalog()).Run();

    /// <summary>One JSONL file of <paramref name="count"/> small documents, each with a deportation and a year.</summary>
    public static string Corpus(int count)
    {
        string dir = TestDatabases.TempDir();
        string path = Path.Combine(dir, "corpus.jsonl");
        File.WriteAllLines(path, Enumerable.Range(0, count).Select(i =>
            new Newtonsoft.Json.Linq.JObject
            {
                ["id"] = $"d{i:D4}",
                ["text"] = $"Letter {i}. In {1900 + i % 90} the family of Ivan {i} was deported to Karaganda. They wrote in {1930 + i % 20}.",
            }.ToString(Newtonsoft.Json.Formatting.None)));
        return path;
    }

    public static ExtractionOptions Options(string input, string? database = "none") => new()
    {
        Inputs = [input],
        OutputPath = Path.Combine(TestDatabases.TempDir(), "documents.jsonl"),
        Database = database,
        ModelsDirectory = Models,
        Workers = 1,
    };

    /// <summary>The output's records without their extraction times, in file order.</summary>
    public static List<string> RecordsWithoutTimes(string jsonl) =>
        File.ReadLines(jsonl).Select(line =>
        {
            var record = Newtonsoft.Json.Linq.JObject.Parse(line);
            foreach (var time in record.SelectTokens("$..extracted_at").ToList()) time.Parent!.Remove();
            return record.ToString(Newtonsoft.Json.Formatting.None);
        }).ToList();
}

/// <summary>A stage that takes its time, as a real model does.</summary>
internal sealed class SlowStage(IDocumentStage inner, int millisecondsPerDocument) : IDocumentStage, IDisposable
{
    public string Name => inner.Name;
    public Layer Requires => inner.Requires;
    public Layer Assigns => inner.Assigns;

    public Document Process(Document document)
    {
        Thread.Sleep(millisecondsPerDocument);
        return inner.Process(document);
    }

    public void Dispose() => (inner as IDisposable)?.Dispose();
}
