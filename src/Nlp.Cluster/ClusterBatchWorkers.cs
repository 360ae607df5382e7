using Nlp.Pipeline.Building;
using Nlp.Pipeline.Extraction;
using Orleans.Runtime;

namespace Nlp.Cluster;

/// <summary>
/// The workers of <c>nlp extract --cluster</c>: each of <see cref="Count"/> threads of the runner hands its batch
/// to a live silo and waits for the reply, so at most Count batches are out at once. A silo is given at most
/// twice as many batches as it has workers, the least loaded first, so a silo that joins mid-run gets work at
/// once. A batch whose silo fails, stops answering, or leaves the membership is sent to another silo; the reply
/// of a retried batch is taken once (this thread returns once), and a silo that stored some of its documents
/// before dying leaves nothing twice in the database (the sink's INSERT … ON CONFLICT DO NOTHING on the
/// document's identity). Every batch is acknowledged by the silo only after its documents are committed.
/// </summary>
public sealed class ClusterBatchWorkers : IBatchWorkers
{
    private readonly IClusterClient _client;
    private readonly BuiltPipeline _built;
    private readonly ExtractionOptions _options;
    private readonly ClusterWorkersOptions _settings;
    private readonly Dictionary<SiloAddress, LiveSilo> _silos = [];
    private readonly Dictionary<string, int> _done = []; // documents per silo, under the _silos lock
    private readonly Action<string>? _onNotice;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _watch;
    private RunSpec? _run;
    private int _retries;

    /// <param name="onNotice">Told when a batch goes to another silo, and when silos join or leave.</param>
    public ClusterBatchWorkers(IClusterClient client, BuiltPipeline built, ExtractionOptions options, ClusterWorkersOptions? settings = null,
        Action<string>? onNotice = null)
    {
        _client = client;
        _onNotice = onNotice;
        _built = built;
        _options = options;
        _settings = settings ?? new ClusterWorkersOptions();
        Count = _settings.InFlight;
        StageTicks = new long[built.StageNames.Count];
        // The first look at the membership before any output is opened: no silo, no run.
        WaitForSilo(CancellationToken.None).GetAwaiter().GetResult();
        _watch = Task.Run(() => Watch(_stop.Token));
    }

    public int Count { get; }
    public long[] StageTicks { get; }
    public long RenderTicks => 0;

    /// <summary>Batches sent again because their silo failed or left.</summary>
    public int Retries => Volatile.Read(ref _retries);

    /// <summary>Documents each silo extracted for this run.</summary>
    public IReadOnlyDictionary<string, int> DocumentsBySilo
    {
        get
        {
            lock (_silos) return _done.ToDictionary();
        }
    }


    public void Begin(long databaseRunId)
    {
        string? db = _options.DatabaseValue;
        _run = new RunSpec(_built.Fingerprint, _options.Profile, _options.Stages?.ToArray(), new(_options.Thresholds), _options.EventsOnly,
            _options.IncludeTokens, db, databaseRunId);
    }

    public IReadOnlyList<ItemOutcome> Process(int worker, IReadOnlyList<BatchItem> batch, CancellationToken cancel)
    {
        var items = batch.Select(WireItem.From).ToArray();
        var outcomes = Dispatch(items, cancel).GetAwaiter().GetResult();
        return outcomes.Select(o => o.ToOutcome()).ToList();
    }

    private async Task<WireOutcome[]> Dispatch(WireItem[] items, CancellationToken cancel)
    {
        var run = _run ?? throw new InvalidOperationException("Begin must be called before Process");
        string? lastError = null;
        for (int attempt = 0; attempt < _settings.MaxAttempts; attempt++)
        {
            var silo = await Acquire(cancel);
            try
            {
                var call = silo.Grain.Extract(run, items);
                var gone = Task.Delay(Timeout.Infinite, silo.Gone.Token);
                if (await Task.WhenAny(call, gone) != call)
                {
                    // Left the membership (killed, or cut off): the reply may never come.
                    _ = call.ContinueWith(t => _ = t.Exception, TaskScheduler.Default);
                    lastError = $"silo {silo.Name} left the cluster";
                    Retried(lastError);
                    continue;
                }
                var reply = await call;
                if (reply.Fatal is { } fatal) throw new SiloRefusedException(fatal);
                lock (_silos) _done[silo.Name] = _done.GetValueOrDefault(silo.Name) + items.Length;
                return reply.Outcomes;
            }
            catch (Exception e) when (e is not SiloRefusedException && !cancel.IsCancellationRequested)
            {
                // Orleans' own failures (the silo unreachable, its activation refused, the call timed out):
                // this silo rests a moment and the batch goes elsewhere.
                silo.RestUntil = DateTime.UtcNow + _settings.Rest;
                lastError = $"silo {silo.Name}: {e.GetType().Name}: {e.Message.ReplaceLineEndings(" ")}";
                Retried(lastError);
            }
            finally
            {
                lock (_silos) silo.InFlight--;
            }
        }
        throw new IOException($"a batch failed on {_settings.MaxAttempts} silos in turn; the last: {lastError}");
    }

    private void Retried(string reason)
    {
        Interlocked.Increment(ref _retries);
        _onNotice?.Invoke($"{reason}: its batch is sent to another silo");
    }

    /// <summary>The live silo with the most room, counted as taken; waits while every silo is full or resting.</summary>
    private async Task<LiveSilo> Acquire(CancellationToken cancel)
    {
        var alone = DateTime.UtcNow;
        while (true)
        {
            cancel.ThrowIfCancellationRequested();
            var now = DateTime.UtcNow;
            lock (_silos)
            {
                var best = _silos.Values
                    .Where(s => !s.Gone.IsCancellationRequested && s.RestUntil <= now && s.InFlight < s.Capacity)
                    .OrderBy(s => (double)s.InFlight / s.Capacity)
                    .FirstOrDefault();
                if (best is not null)
                {
                    best.InFlight++;
                    return best;
                }
                if (_silos.Values.Any(s => !s.Gone.IsCancellationRequested)) alone = now;
            }
            if (now - alone > _settings.NoSiloTimeout)
                throw new IOException($"no live silo in the cluster for {_settings.NoSiloTimeout.TotalSeconds:0} s; start one with `nlp silo --cluster URL` and run the same command again to finish");
            await Task.Delay(20, cancel);
        }
    }

    private async Task WaitForSilo(CancellationToken cancel)
    {
        var until = DateTime.UtcNow + _settings.NoSiloTimeout;
        while (true)
        {
            await Refresh();
            lock (_silos)
                if (_silos.Count > 0) return;
            if (DateTime.UtcNow > until)
                throw new IOException($"no live silo in the cluster after {_settings.NoSiloTimeout.TotalSeconds:0} s; start one with `nlp silo --cluster URL`");
            await Task.Delay(200, cancel);
        }
    }

    private async Task Watch(CancellationToken cancel)
    {
        while (!cancel.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(_settings.MembershipPoll, cancel);
                await Refresh();
            }
            catch (OperationCanceledException) when (cancel.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                // The gateway answering the poll may be the silo that just died; the next poll asks another.
                _onNotice?.Invoke($"cannot read the cluster's membership ({e.GetType().Name}: {e.Message.ReplaceLineEndings(" ")}); trying again");
            }
        }
    }

    /// <summary>Reads the active silos: new ones are asked for their workers and join the rotation; missing ones are gone.</summary>
    private async Task Refresh()
    {
        var active = await _client.GetGrain<IManagementGrain>(0).GetHosts(onlyActive: true);
        List<SiloAddress> added;
        lock (_silos)
        {
            foreach (var (address, silo) in _silos.Where(s => !active.ContainsKey(s.Key)).ToList())
            {
                silo.Gone.Cancel();
                _silos.Remove(address);
                _onNotice?.Invoke($"silo {silo.Name} left the cluster");
            }
            added = active.Keys.Where(a => !_silos.ContainsKey(a)).ToList();
        }
        foreach (var address in added)
        {
            var grain = _client.GetGrain<IExtractionGrain>(address.ToParsableString());
            SiloReport report;
            try
            {
                report = await grain.Report().WaitAsync(TimeSpan.FromSeconds(10));
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                continue; // still starting, or already gone: the next poll sees
            }
            lock (_silos)
            {
                _silos[address] = new LiveSilo(address.ToParsableString(), grain, Math.Max(1, report.Workers * 2));
                _onNotice?.Invoke($"silo {report.Silo} on {report.Host} with {report.Workers} worker(s) takes work");
            }
        }
    }

    public void Dispose()
    {
        _stop.Cancel();
        try { _watch.Wait(); } catch (AggregateException) { }
        _stop.Dispose();
    }

    private sealed class LiveSilo(string name, IExtractionGrain grain, int capacity)
    {
        public string Name { get; } = name;
        public IExtractionGrain Grain { get; } = grain;
        public int Capacity { get; } = capacity;
        public int InFlight { get; set; }
        public DateTime RestUntil { get; set; }
        public CancellationTokenSource Gone { get; } = new();
    }
}

/// <summary>How the client spreads work over the cluster.</summary>
public sealed record ClusterWorkersOptions
{
    /// <summary>Batches out at once over the whole cluster: enough to keep every silo's workers busy (each silo
    /// takes at most twice its workers), few enough that the client's memory stays flat.</summary>
    public int InFlight { get; init; } = 16;
    public int MaxAttempts { get; init; } = 20;
    public TimeSpan MembershipPoll { get; init; } = TimeSpan.FromSeconds(1);
    public TimeSpan Rest { get; init; } = TimeSpan.FromSeconds(1);
    public TimeSpan NoSiloTimeout { get; init; } = TimeSpan.FromSeconds(60);
}

/// <summary>A silo could not do a batch at all (its models differ, the database failed): another silo would not either.</summary>
public sealed class SiloRefusedException(string message) : IOException(message);
