using System.Collections.Concurrent;
using System.Diagnostics;
using Nlp.Pipeline.Building;
using Nlp.Pipeline.Extraction;
using Nlp.Sinks;
using Nlp.Sinks.Database;
using Orleans.Runtime;

namespace Nlp.Cluster;

/// <summary>How a silo extracts: where its models are, how many batches it runs at once.</summary>
public sealed record SiloSettings
{
    public required string ModelsDirectory { get; init; }
    public int Workers { get; init; } = 1;

    /// <summary>The stages a profile has; by default the product's (<see cref="StageCatalog.Default"/>). Tests give their own.</summary>
    public Func<string, StageCatalog> Catalog { get; init; } = StageCatalog.Default;
}

/// <summary>
/// A silo's extraction: <see cref="SiloSettings.Workers"/> pipelines per pipeline asked for (loaded once, on
/// first use or by <see cref="Preload"/>, and kept), as many batches at once as workers, the others queued. Each
/// batch runs through <see cref="LocalBatchWorkers"/> — the runner a single machine uses — and every document
/// it extracts is written straight into the run's PostgreSQL database (one connection per worker) before the
/// reply, so the client only appends the rendered lines to the JSONL. A batch the silo cannot do at all (its
/// models differ from the client's, the database failed) is answered with the reason, not retried elsewhere.
/// </summary>
public sealed class SiloExtraction(SiloSettings settings, ILocalSiloDetails silo) : IDisposable
{
    private readonly SemaphoreSlim _slots = new(settings.Workers);
    private readonly ConcurrentBag<int> _free = [.. Enumerable.Range(0, settings.Workers)];
    private readonly Dictionary<string, (BuiltPipeline Built, LocalBatchWorkers Workers)> _loaded = [];
    private readonly (string Key, DatabaseSink Sink)?[] _sinks = new (string, DatabaseSink)?[settings.Workers];
    private readonly ConcurrentQueue<(long At, int Documents)> _recent = new();
    private readonly DateTimeOffset _started = DateTimeOffset.UtcNow;
    private long _documents;
    private int _busy;

    /// <summary>Loads a profile's whole pipeline before the silo joins, so a broken models folder fails at start.</summary>
    public void Preload(string profile) => Pipelines(profile, null, new Dictionary<string, double>());

    public async Task<BatchReply> Extract(RunSpec run, WireItem[] items)
    {
        await _slots.WaitAsync();
        _free.TryTake(out int slot);
        Interlocked.Increment(ref _busy);
        try
        {
            // A dedicated thread: the stages are CPU-bound and would hold up Orleans' own scheduler.
            return await Task.Factory.StartNew(() => Run(slot, run, items), CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
        }
        finally
        {
            Interlocked.Decrement(ref _busy);
            _free.Add(slot);
            _slots.Release();
        }
    }

    private BatchReply Run(int slot, RunSpec run, WireItem[] items)
    {
        string name = silo.SiloAddress.ToParsableString();
        (BuiltPipeline Built, LocalBatchWorkers Workers) loaded;
        try
        {
            loaded = Pipelines(run.Profile, run.Stages, run.Thresholds);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            return Fatal($"silo {name} cannot load the pipeline: {e.Message}");
        }
        if (loaded.Built.Fingerprint != run.Fingerprint)
            return Fatal($"silo {name} has other models than the client: {loaded.Built.Fingerprint} (silo) against {run.Fingerprint} (client); give every silo the same models folder");

        var batch = items.Select(i => i.ToBatchItem()).ToList();
        var outcomes = loaded.Workers.Process(slot, batch, run.EventsOnly ? JsonlRecords.Events : JsonlRecords.Documents, run.IncludeTokens);
        var replies = new WireOutcome[outcomes.Count];
        try
        {
            var sink = run.DatabaseUrl is null ? null : Sink(slot, run);
            for (int k = 0; k < outcomes.Count; k++)
            {
                var outcome = outcomes[k];
                if (sink is not null && outcome.Document is { } doc)
                {
                    try
                    {
                        sink.Write(doc, batch[k].Provenance);
                    }
                    catch (DocumentRejectedException e)
                    {
                        outcome = new ItemOutcome(null, "database", e.Message, DocumentTally.None);
                    }
                }
                replies[k] = WireOutcome.From(outcome);
            }
        }
        catch (Exception e) when (e is IOException or InvalidOperationException)
        {
            // DatabaseFailedException, a database that cannot be opened or has another schema: the next batch reopens it.
            DropSink(slot);
            return Fatal($"silo {name}: {e.Message}");
        }
        Interlocked.Add(ref _documents, items.Length);
        _recent.Enqueue((Stopwatch.GetTimestamp(), items.Length));
        return new BatchReply(replies, null);
    }

    private static BatchReply Fatal(string reason) => new([], reason);

    private (BuiltPipeline, LocalBatchWorkers) Pipelines(string profile, IReadOnlyCollection<string>? stages, IReadOnlyDictionary<string, double> thresholds)
    {
        string key = RunSpec.PipelineKeyOf(profile, stages, thresholds);
        lock (_loaded)
        {
            if (_loaded.TryGetValue(key, out var found)) return found;
            var built = PipelineBuilder.Build(settings.Catalog(profile), new PipelineRequest
            {
                ModelsDirectory = settings.ModelsDirectory,
                Stages = stages,
                Thresholds = thresholds,
            });
            // As on one machine: the workers share the cores, torch's threads among them.
            if (built.StageNames.Contains("ner"))
                Nlp.Models.TorchSetup.Seed(0, Math.Max(1, Environment.ProcessorCount / settings.Workers));
            var workers = new LocalBatchWorkers(built, settings.Workers, JsonlRecords.Documents, includeTokens: false);
            _loaded[key] = (built, workers);
            return (built, workers);
        }
    }

    private DatabaseSink Sink(int slot, RunSpec run)
    {
        string key = $"{run.DatabaseUrl}\n{run.DatabaseRunId}";
        if (_sinks[slot] is { } open && open.Key == key) return open.Sink;
        DropSink(slot);
        var sink = DatabaseSink.OpenShared(DatabaseUrl.Parse(run.DatabaseUrl!), run.DatabaseRunId);
        _sinks[slot] = (key, sink);
        return sink;
    }

    private void DropSink(int slot)
    {
        _sinks[slot]?.Sink.Dispose();
        _sinks[slot] = null;
    }

    /// <summary>This silo's figures; the rate is over the last minute.</summary>
    public SiloReport Report()
    {
        long now = Stopwatch.GetTimestamp();
        long minute = Stopwatch.Frequency * 60;
        while (_recent.TryPeek(out var first) && now - first.At > minute) _recent.TryDequeue(out _);
        double window = Math.Min(60, (DateTimeOffset.UtcNow - _started).TotalSeconds);
        double rate = window > 0 ? _recent.Sum(r => r.Documents) / window : 0;
        return new SiloReport(silo.SiloAddress.ToParsableString(), Environment.MachineName, settings.Workers, Volatile.Read(ref _busy),
            Interlocked.Read(ref _documents), rate, _started);
    }

    public void Dispose()
    {
        lock (_loaded)
        {
            foreach (var (_, workers) in _loaded.Values) workers.Dispose();
            _loaded.Clear();
        }
        for (int i = 0; i < _sinks.Length; i++) DropSink(i);
    }
}
