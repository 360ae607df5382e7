using Nlp.Core.Model;
using Nlp.Sinks;

namespace Nlp.Pipeline.Extraction;

/// <summary>A document on its way to the stages, with the provenance (and so the result key) it will be written under.</summary>
public sealed record BatchItem(Document Document, Provenance Provenance);

/// <summary>
/// What became of one document of a batch: its rendered JSONL lines, or the stage that failed and why. Tally
/// carries what the run's summary counts, so that a worker elsewhere need not send the whole annotated document back.
/// <see cref="Document"/> is the annotated document when this process has it (the local workers), which the
/// runner then writes to the database itself; null when the worker already stored it (a cluster's silo).
/// </summary>
public sealed record ItemOutcome(string? Rendered, string? FailedStage, string? Reason, DocumentTally Tally, Document? Document = null);

/// <summary>What a written document adds to the run's counts.</summary>
public sealed record DocumentTally(int Tokens, int Sentences, int Relations, IReadOnlyList<string> EntityLabels, IReadOnlyList<string> EventTypes)
{
    public static readonly DocumentTally None = new(0, 0, 0, [], []);

    public static DocumentTally Of(Document doc) => new(doc.Tokens?.Length ?? 0, doc.Sentences?.Length ?? 0, doc.Relations.Length,
        doc.Entities.Select(e => e.Label).ToArray(), doc.Events.Select(e => e.Type).ToArray());
}

/// <summary>
/// Turns batches into outcomes for <see cref="ExtractionRunner"/>, which calls <see cref="Process"/> from
/// <see cref="Count"/> threads of its own (thread i always passes worker i): pipelines in this process
/// (<see cref="LocalBatchWorkers"/>), or a cluster. The runner keeps the rest: reading, skipping done documents,
/// input order, JSONL, errors.jsonl and the run's row in the database.
/// </summary>
public interface IBatchWorkers : IDisposable
{
    int Count { get; }

    /// <summary>Called once the run's outputs are open, before any batch: the database run new documents belong to (0: no database).</summary>
    void Begin(long databaseRunId);

    /// <summary>One outcome per item, in the batch's order. Throwing stops the run (documents written so far stay).</summary>
    IReadOnlyList<ItemOutcome> Process(int worker, IReadOnlyList<BatchItem> batch, CancellationToken cancel);

    /// <summary>Time per stage summed over this process's workers (zeros when the stages ran elsewhere).</summary>
    long[] StageTicks { get; }

    /// <summary>Time spent rendering JSON in this process.</summary>
    long RenderTicks { get; }
}
