using System.Diagnostics;
using System.Runtime.ExceptionServices;
using Nlp.Core.Model;

namespace Nlp.Core.Pipeline;

/// <summary>A document after the pipeline: enriched, or the stage that failed on it and the exception it threw.</summary>
public sealed record PipelineResult(Document Document, string? FailedStage = null, Exception? Error = null)
{
    public bool Succeeded => FailedStage is null;
}

/// <summary>
/// The one runner of the product: an ordered list of stages, checked at construction (every layer a stage requires
/// is produced earlier), run over batches of documents (<see cref="DocumentBatches"/>) with each stage's time
/// counted and each document's failure kept to itself. <c>extract</c>, <c>predict</c> and the benchmarks all run
/// their documents through <see cref="Run"/>. Owns its stages: disposing it frees their models.
/// </summary>
public sealed class DocumentPipeline : IDisposable
{
    public DocumentPipeline(IEnumerable<IDocumentStage> stages, Layer inputLayers = Layer.Text)
    {
        Stages = stages.ToArray();
        Produces = CheckOrder(Stages.Select(s => (s.Name, s.Requires, s.Assigns)).ToList(), inputLayers);
    }

    public IReadOnlyList<IDocumentStage> Stages { get; }

    /// <summary>The layers a document carries after the whole pipeline.</summary>
    public Layer Produces { get; }

    /// <summary>
    /// The layers after stages that declare what they read and write, in this order; a stage that reads a layer no
    /// earlier stage (nor the input) provides is refused. Callers check a pipeline from declarations before any
    /// model is loaded.
    /// </summary>
    public static Layer CheckOrder(IReadOnlyList<(string Name, Layer Requires, Layer Assigns)> stages, Layer inputLayers = Layer.Text)
    {
        var available = inputLayers | Layer.Text;
        foreach (var stage in stages)
        {
            var missing = stage.Requires & ~available;
            if (missing != Layer.None)
                throw new InvalidOperationException(
                    $"stage '{stage.Name}' requires {missing}, which no earlier stage provides " +
                    $"(order: {string.Join(" -> ", stages.Select(s => s.Name))})");
            available |= stage.Assigns;
        }
        return available;
    }

    /// <summary>One document through every stage; a stage's exception is rethrown as it was thrown.</summary>
    public Document Process(Document document)
    {
        var result = Run([document])[0];
        if (result.Error is { } error) ExceptionDispatchInfo.Throw(error);
        return result.Document;
    }

    /// <summary>
    /// The documents through every stage, each stage over the whole batch at once. When a stage fails on the batch it
    /// is run again one document at a time, so a bad document costs only itself: it leaves the batch with the stage
    /// and exception that failed it, the others go on. <paramref name="stageTicks"/> (one counter per stage, shared
    /// by workers) receives each stage's <see cref="Stopwatch"/> ticks.
    /// </summary>
    public IReadOnlyList<PipelineResult> Run(IReadOnlyList<Document> documents, long[]? stageTicks = null)
    {
        var current = documents.ToArray();
        var failures = new PipelineResult?[current.Length];
        for (int s = 0; s < Stages.Count; s++)
        {
            var live = Enumerable.Range(0, current.Length).Where(i => failures[i] is null).ToList();
            if (live.Count == 0) break;
            long started = Stopwatch.GetTimestamp();
            try
            {
                RunStage(Stages[s], current, failures, live);
            }
            finally
            {
                if (stageTicks is not null) Interlocked.Add(ref stageTicks[s], Stopwatch.GetTimestamp() - started);
            }
        }
        return current.Select((d, i) => failures[i] ?? new PipelineResult(d)).ToList();
    }

    private static void RunStage(IDocumentStage stage, Document[] current, PipelineResult?[] failures, List<int> live)
    {
        try
        {
            var output = stage.Process(live.Select(i => current[i]).ToList());
            if (output.Count != live.Count)
                throw new InvalidOperationException($"stage '{stage.Name}' returned {output.Count} documents for {live.Count}");
            for (int k = 0; k < live.Count; k++) current[live[k]] = output[k];
            return;
        }
        catch (Exception e) when (e is not OutOfMemoryException && live.Count == 1)
        {
            failures[live[0]] = new PipelineResult(current[live[0]], stage.Name, e);
            return;
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // Which document failed is found by running them one by one below.
        }
        foreach (int i in live)
        {
            try
            {
                current[i] = stage.Process(current[i]);
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                failures[i] = new PipelineResult(current[i], stage.Name, e);
            }
        }
    }

    public void Dispose()
    {
        foreach (var stage in Stages) (stage as IDisposable)?.Dispose();
    }
}
