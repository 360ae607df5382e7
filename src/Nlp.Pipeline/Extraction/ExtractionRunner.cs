using System.Diagnostics;
using System.Collections.Concurrent;
using Nlp.Core.Formats;
using Nlp.Core.Model;
using Nlp.Core.Pipeline;
using Nlp.Pipeline.Building;
using Nlp.Sinks;
using Nlp.Sinks.Database;
using Nlp.Text.Loading;

namespace Nlp.Pipeline.Extraction;

/// <summary>
/// Batch extraction: one reader thread loads documents in input order, drops those every sink already holds and
/// groups the rest as every command does (<see cref="DocumentBatches"/>); N workers, each with its own pipeline
/// (every model loaded once per worker, before any output is opened, and disposed at the end), run the batches
/// through <see cref="DocumentPipeline.Run"/>; this thread writes the results in input order. Memory stays flat: at
/// most 2 × N batches (each of at most 32 documents, or about 16 KB of text plus one document) are between reading
/// and writing (a semaphore the writer releases), whatever the corpus size.
/// A bad file or a failing document goes to errors.jsonl and the run goes on. Cancelling stops reading; every
/// document already processed in order is still written, so a resumed run picks up exactly where this one stopped.
/// The workers are pipelines in this process (<see cref="LocalBatchWorkers"/>) unless <paramref name="workers"/>
/// gives others (a cluster's silos): everything else, and so the output, is the same.
/// </summary>
public sealed class ExtractionRunner(ExtractionOptions options, StageCatalog? catalog = null, Func<BuiltPipeline, IBatchWorkers>? workers = null)
{
    private readonly StageCatalog _catalog = catalog ?? StageCatalog.Default(options.Profile);
    private readonly object _sinkGate = new();
    private readonly object _progressGate = new();

    /// <summary>Pipeline notices (skipped stages), bad files and failed documents, as they happen.</summary>
    public Action<string>? OnNotice { get; init; }
    public Action<string>? OnError { get; init; }

    /// <summary>Called after every document written, skipped or failed; serialized, never concurrently.</summary>
    public Action<ExtractionProgress>? OnProgress { get; init; }

    private sealed record WorkItem(long Seq, Document Document, Provenance Provenance);
    /// <summary>A document's outcome; the writer frees the window's place when it writes the last of a batch.</summary>
    private sealed record Result(long Seq, Document Document, Provenance Provenance, ItemOutcome Outcome, bool EndsBatch);

    private int _total, _written, _skipped, _failed, _warnings;
    private long _tokens;
    private readonly ExtractionCounts _counts = new();
    private Stopwatch _clock = new();

    public ExtractionSummary Run(CancellationToken cancel = default)
    {
        if (options.Workers < 1) throw new ArgumentException("--workers must be at least 1");
        var scan = InputFiles.Scan(options.Inputs);
        var files = scan.Files;
        if (files.Count == 0)
            throw new ArgumentException("no input files found" + string.Concat(scan.Unreadable.Select(u => $"; {u.Path}: {u.Reason}")));
        var built = PipelineBuilder.Build(_catalog, new PipelineRequest
        {
            ModelsDirectory = options.ModelsDirectory,
            Stages = options.Stages,
            Thresholds = options.Thresholds,
        });
        foreach (var notice in built.Notices) OnNotice?.Invoke(notice);
        // Every worker's models are loaded here (or the cluster reached), so that a model that cannot load fails
        // before any output is opened.
        using var batchWorkers = workers?.Invoke(built) ?? Local(built);
        return Run(files, scan, built, batchWorkers, cancel);
    }

    private LocalBatchWorkers Local(BuiltPipeline built)
    {
        // Workers already run documents in parallel: torch's own intra-op threads on top of them would
        // oversubscribe the cores, so each worker gets its share of them.
        if (built.StageNames.Contains("ner"))
            Models.TorchSetup.Seed(0, Math.Max(1, Environment.ProcessorCount / options.Workers));
        return new LocalBatchWorkers(built, options.Workers, options.EventsOnly ? JsonlRecords.Events : JsonlRecords.Documents, options.IncludeTokens);
    }

    private ExtractionSummary Run(IReadOnlyList<string> files, InputScan scan, BuiltPipeline built, IBatchWorkers batchWorkers, CancellationToken cancel)
    {
        _clock = Stopwatch.StartNew();
        _total = files.Sum(CountDocuments);
        var kind = options.EventsOnly ? JsonlRecords.Events : JsonlRecords.Documents;
        // One writer per output (and per database): taken before anything beside the output is opened or truncated.
        using var outputLock = FileLock.Acquire(options.OutputPath + ".lock", options.OutputPath, options.Wait, OnNotice, cancel);
        using var jsonl = JsonlSink.Open(options.OutputPath, kind, options.IncludeTokens);
        if (jsonl.TornLines > 0)
            OnNotice?.Invoke($"{options.OutputPath}: cut a partial last line left by a run that was killed while writing; its document is extracted again");
        if (jsonl.DroppedLines > 0)
            OnNotice?.Invoke($"{options.OutputPath}: dropped {jsonl.DroppedLines} incomplete or superseded line(s) left by an earlier run");
        using var db = options.DatabaseValue is { } url ? DatabaseSink.Open(DatabaseUrl.Parse(url), options.Wait, OnNotice, cancel) : null;
        foreach (var run in db?.AbandonedRuns ?? [])
            OnNotice?.Invoke($"{db!.Url.Display}: {run} ended without finishing (killed or disconnected); marked abandoned");
        using var errors = new ErrorLog(options.ErrorsPath, OnError);
        long runId = db?.BeginRun(built.Fingerprint, built.Models, files.Select(Path.GetFullPath)) ?? 0;
        batchWorkers.Begin(runId);
        // Unreadable folders fail (their files are lost to this run); links not followed are only told.
        foreach (var unreadable in scan.Unreadable) Fail(errors, Path.GetFullPath(unreadable.Path), null, "load", unreadable.Reason);
        foreach (var notice in scan.Notices) OnNotice?.Invoke(notice);

        var ticks = new long[3]; // load, render, write
        // Blocking collections on dedicated threads: nothing here waits on the thread pool, which a busy
        // machine with two cores would starve.
        using var work = new BlockingCollection<WorkItem[]>(batchWorkers.Count * 2);
        using var results = new BlockingCollection<Result>();
        using var window = new SemaphoreSlim(batchWorkers.Count * 2);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancel);

        var reader = Dedicated(() => Read(files, built, jsonl, db, errors, work, window, ticks, stop.Token));
        var workers = Enumerable.Range(0, batchWorkers.Count)
            .Select(i => Dedicated(() =>
            {
                try
                {
                    Work(batchWorkers, i, work, results, stop.Token);
                }
                catch (OperationCanceledException) when (stop.IsCancellationRequested)
                {
                    // Stopped because another worker failed or the run was cancelled: that is what is reported.
                }
                catch
                {
                    // A worker that cannot go on (a cluster with no silo left) stops the reader and the other
                    // workers; what is done in order is still written.
                    stop.Cancel();
                    throw;
                }
            }))
            .ToArray();
        var workersDone = Task.WhenAll(workers).ContinueWith(_ => results.CompleteAdding(), TaskScheduler.Default);

        try
        {
            WriteInOrder(results, jsonl, db, errors, window, ticks);
            reader.GetAwaiter().GetResult();
            Task.WhenAll(workers).GetAwaiter().GetResult();
        }
        catch (Exception e)
        {
            stop.Cancel();
            try { Task.WaitAll([reader, .. workers]); } catch (AggregateException) { }
            // A lost database cannot take its run's end: the next run marks it abandoned instead.
            if (e is not DatabaseFailedException)
                try { db?.EndRun(_written, _skipped, _failed, "failed"); } catch (DatabaseFailedException) { }
            throw;
        }
        db?.EndRun(_written, _skipped, _failed, cancel.IsCancellationRequested ? "interrupted" : "finished");
        var names = new[] { "load" }.Concat(built.StageNames).Append("render").Append("write").ToArray();
        long[] all = [ticks[0], .. batchWorkers.StageTicks, batchWorkers.RenderTicks, ticks[2]];
        var timings = names.Select((n, i) => new StageTiming(n, TimeSpan.FromSeconds(all[i] / (double)Stopwatch.Frequency), _tokens)).ToList();
        return new ExtractionSummary(files.Count, _total, _written, _skipped, _failed, _tokens, _clock.Elapsed,
            cancel.IsCancellationRequested, timings, built.Notices, built.Fingerprint, _counts) { Warnings = _warnings };
    }

    // ---- reader thread ----

    private void Read(IReadOnlyList<string> files, BuiltPipeline built, JsonlSink jsonl, DatabaseSink? db, ErrorLog errors,
        BlockingCollection<WorkItem[]> work, SemaphoreSlim window, long[] ticks, CancellationToken cancel)
    {
        long seq = 0;
        var batch = new List<WorkItem>();
        long batchChars = 0;
        void Send()
        {
            window.Wait(cancel);
            work.Add([.. batch], cancel);
            batch.Clear();
            batchChars = 0;
        }
        var loadOptions = new LoadOptions
        {
            MaxBytes = options.MaxBytes,
            MaxBytesHint = " (raise it with --max-mb)",
            Encoding = options.Encoding,
            OnWarning = w => Warn(errors, Path.GetFullPath(w.Path), w.Message),
            Jsonl = new ReaderOptions { Validate = false, OnBadLine = BadLinePolicy.Skip },
        };
        try
        {
            foreach (var file in files)
            {
                if (cancel.IsCancellationRequested) break;
                string path = Path.GetFullPath(file);
                long started = Stopwatch.GetTimestamp();
                IEnumerator<Document> documents;
                JsonlReader? jsonlReader = null;
                try
                {
                    documents = Open(file, loadOptions, out jsonlReader).GetEnumerator();
                }
                catch (Exception e) when (e is DocumentLoadException or DocumentFormatException or IOException or UnauthorizedAccessException)
                {
                    Fail(errors, path, null, "load", e is DocumentLoadException d ? d.Reason : e.Message);
                    continue;
                }
                using (documents)
                {
                    while (!cancel.IsCancellationRequested)
                    {
                        try
                        {
                            if (!documents.MoveNext()) break;
                        }
                        catch (Exception e) when (e is DocumentLoadException or DocumentFormatException or IOException or UnauthorizedAccessException)
                        {
                            Fail(errors, path, null, "load", e is DocumentLoadException d ? d.Reason : e.Message);
                            break;
                        }
                        var doc = documents.Current;
                        if (Refused(doc) is { } reason)
                        {
                            Fail(errors, path, doc.Id, "load", reason);
                            continue;
                        }
                        var provenance = new Provenance(path, doc.Id, Provenance.Sha256Of(doc.Text), built.Fingerprint, built.Models, DateTimeOffset.UtcNow, options.Profile);
                        Interlocked.Add(ref ticks[0], Stopwatch.GetTimestamp() - started);
                        bool done;
                        lock (_sinkGate) done = jsonl.Contains(provenance.Key) && (db is null || db.Contains(provenance.Key));
                        if (done)
                        {
                            Interlocked.Increment(ref _skipped);
                            Report();
                        }
                        else
                        {
                            batch.Add(new WorkItem(seq++, doc, provenance));
                            batchChars += doc.Text.Length;
                            if (DocumentBatches.IsFull(batch.Count, batchChars)) Send();
                        }
                        started = Stopwatch.GetTimestamp();
                    }
                }
                // A JSONL file's bad lines were skipped by the reader; each is reported here with its line number.
                foreach (var problem in jsonlReader?.Problems ?? []) Fail(errors, path, null, "load", problem.Message);
            }
            if (batch.Count > 0 && !cancel.IsCancellationRequested) Send();
        }
        catch (OperationCanceledException) when (cancel.IsCancellationRequested)
        {
        }
        finally
        {
            work.CompleteAdding();
        }
    }

    /// <summary>A JSONL file is read here (not by the loader) so that its skipped bad lines can be reported.</summary>
    private static IEnumerable<Document> Open(string file, LoadOptions loadOptions, out JsonlReader? jsonlReader)
    {
        jsonlReader = null;
        if (!string.Equals(Path.GetExtension(file), ".jsonl", StringComparison.OrdinalIgnoreCase))
            return DocumentLoader.Load(file, loadOptions);
        var info = new FileInfo(file);
        if (!info.Exists) throw new DocumentLoadException(file, "no such file");
        if (info.Length == 0) throw new DocumentLoadException(file, "empty file");
        jsonlReader = new JsonlReader(loadOptions.Jsonl);
        return jsonlReader.Read(file);
    }

    /// <summary>The per-document checks the file loader cannot make for documents inside a JSONL file.</summary>
    private string? Refused(Document doc)
    {
        if (doc.Text.Length == 0 || doc.Text.AsSpan().IsWhiteSpace()) return "contains no text";
        long bytes = System.Text.Encoding.UTF8.GetByteCount(doc.Text);
        if (bytes > options.MaxBytes)
            return $"text is {bytes / 1048576.0:0.#} MB, larger than the limit of {options.MaxBytes / 1048576.0:0.#} MB (--max-mb)";
        return null;
    }

    private static int CountDocuments(string file)
    {
        if (!string.Equals(Path.GetExtension(file), ".jsonl", StringComparison.OrdinalIgnoreCase) || !File.Exists(file)) return 1;
        try
        {
            return File.ReadLines(file).Count(l => !string.IsNullOrWhiteSpace(l));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or System.Text.DecoderFallbackException)
        {
            return 1;
        }
    }

    // ---- workers ----

    private static void Work(IBatchWorkers batchWorkers, int worker, BlockingCollection<WorkItem[]> work, BlockingCollection<Result> results, CancellationToken cancel)
    {
        while (!cancel.IsCancellationRequested && TryTake(work, out var batch, cancel))
        {
            var outcomes = batchWorkers.Process(worker, batch.Select(item => new BatchItem(item.Document, item.Provenance)).ToList(), cancel);
            for (int k = 0; k < batch.Length; k++)
                results.Add(new Result(batch[k].Seq, batch[k].Document, batch[k].Provenance, outcomes[k], EndsBatch: k == batch.Length - 1));
        }
    }

    // ---- writer (the calling thread) ----

    private void WriteInOrder(BlockingCollection<Result> results, JsonlSink jsonl, DatabaseSink? db, ErrorLog errors, SemaphoreSlim window, long[] ticks)
    {
        var pending = new Dictionary<long, Result>();
        long next = 0;
        foreach (var result in results.GetConsumingEnumerable())
        {
            pending[result.Seq] = result;
            while (pending.Remove(next, out var r))
            {
                next++;
                Write(r, jsonl, db, errors, ticks);
                if (r.EndsBatch) window.Release();
            }
        }
    }

    private void Write(Result r, JsonlSink jsonl, DatabaseSink? db, ErrorLog errors, long[] ticks)
    {
        var outcome = r.Outcome;
        if (outcome.FailedStage is not null)
        {
            Fail(errors, r.Provenance.Path, r.Document.Id, outcome.FailedStage, outcome.Reason!);
            return;
        }
        long started = Stopwatch.GetTimestamp();
        try
        {
            lock (_sinkGate)
            {
                // A worker that kept its document left the database to this writer; a silo has written it already.
                jsonl.WriteRendered(r.Provenance, outcome.Rendered!);
                if (outcome.Document is { } annotated) db?.Write(annotated, r.Provenance);
            }
        }
        catch (DocumentRejectedException e)
        {
            // In the JSONL but not the database: a later run retries the database only.
            Fail(errors, r.Provenance.Path, r.Document.Id, "database", e.Message);
            return;
        }
        ticks[2] += Stopwatch.GetTimestamp() - started;
        Interlocked.Add(ref _tokens, outcome.Tally.Tokens);
        _counts.Add(outcome.Tally);
        Interlocked.Increment(ref _written);
        Report();
    }

    private void Fail(ErrorLog errors, string path, string? id, string stage, string reason)
    {
        errors.Report(path, id, stage, reason);
        Interlocked.Increment(ref _failed);
        Report();
    }

    /// <summary>A file extracted with a repair: a warning line in errors.jsonl and a notice, not a failure.</summary>
    private void Warn(ErrorLog errors, string path, string message)
    {
        errors.Warn(path, null, "load", message);
        Interlocked.Increment(ref _warnings);
        OnNotice?.Invoke($"{path}: {message} (a warning in {errors.Path})");
    }

    private void Report()
    {
        if (OnProgress is null) return;
        lock (_progressGate)
            OnProgress(new ExtractionProgress(Volatile.Read(ref _written) + Volatile.Read(ref _skipped), _total,
                Volatile.Read(ref _skipped), Volatile.Read(ref _failed), Interlocked.Read(ref _tokens), _clock.Elapsed));
    }

    private static Task Dedicated(Action action) =>
        Task.Factory.StartNew(action, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);

    /// <summary>A blocking take for worker threads: false when no more work will come or the run is cancelled.</summary>
    private static bool TryTake<T>(BlockingCollection<T> collection, out T item, CancellationToken cancel)
    {
        try
        {
            return collection.TryTake(out item!, Timeout.Infinite, cancel);
        }
        catch (OperationCanceledException)
        {
            item = default!;
            return false;
        }
    }
}
