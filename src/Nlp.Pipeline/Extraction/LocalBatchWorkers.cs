using System.Diagnostics;
using Nlp.Core.Pipeline;
using Nlp.Pipeline.Building;
using Nlp.Sinks;

namespace Nlp.Pipeline.Extraction;

/// <summary>
/// N pipelines in this process, one per worker thread (a stage need not be thread-safe); every model is loaded
/// here, once per worker, so that a model that cannot load fails before any output is opened. A silo of a cluster
/// runs its batches through the same class, so both render the same lines.
/// </summary>
public sealed class LocalBatchWorkers : IBatchWorkers
{
    private readonly List<DocumentPipeline> _pipelines = [];
    private readonly JsonlRecords _kind;
    private readonly bool _includeTokens;
    private long _renderTicks;

    public LocalBatchWorkers(BuiltPipeline built, int workers, JsonlRecords kind, bool includeTokens)
    {
        _kind = kind;
        _includeTokens = includeTokens;
        StageTicks = new long[built.StageNames.Count];
        try
        {
            for (int i = 0; i < workers; i++) _pipelines.Add(built.Create());
        }
        catch
        {
            Dispose();
            throw;
        }
    }

    public int Count => _pipelines.Count;
    public long[] StageTicks { get; }
    public long RenderTicks => Interlocked.Read(ref _renderTicks);

    public void Begin(long databaseRunId) { }

    public IReadOnlyList<ItemOutcome> Process(int worker, IReadOnlyList<BatchItem> batch, CancellationToken cancel) =>
        Process(worker, batch, _kind, _includeTokens);

    /// <summary>The same with another output form (a silo serves runs that want either).</summary>
    public IReadOnlyList<ItemOutcome> Process(int worker, IReadOnlyList<BatchItem> batch, JsonlRecords kind, bool includeTokens)
    {
        // One document's failure is reported with the stage that failed; the batch goes on.
        var outcomes = _pipelines[worker].Run(batch.Select(item => item.Document).ToList(), StageTicks);
        var results = new ItemOutcome[batch.Count];
        for (int k = 0; k < batch.Count; k++)
        {
            var outcome = outcomes[k];
            if (outcome.FailedStage is not null)
            {
                results[k] = new ItemOutcome(null, outcome.FailedStage, outcome.Error is { } error ? $"{error.GetType().Name}: {error.Message}" : "failed", DocumentTally.None);
                continue;
            }
            // The JSON is rendered here, in parallel, so that the single writer thread only appends and commits.
            long started = Stopwatch.GetTimestamp();
            try
            {
                string rendered = JsonlSink.Render(kind, includeTokens, outcome.Document, batch[k].Provenance);
                results[k] = new ItemOutcome(rendered, null, null, DocumentTally.Of(outcome.Document), outcome.Document);
            }
            catch (Exception e) when (e is ArgumentException or InvalidOperationException or IndexOutOfRangeException)
            {
                // A stage gave spans outside the text, for instance: this document fails, the batch goes on.
                results[k] = new ItemOutcome(null, "output", $"{e.GetType().Name}: {e.Message}", DocumentTally.None);
            }
            Interlocked.Add(ref _renderTicks, Stopwatch.GetTimestamp() - started);
        }
        return results;
    }

    public void Dispose()
    {
        foreach (var pipeline in _pipelines) pipeline.Dispose();
        _pipelines.Clear();
    }
}
