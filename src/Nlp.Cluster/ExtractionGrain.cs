using Orleans.Concurrency;

namespace Nlp.Cluster;

/// <summary>A silo's extraction service as a grain: one activation per silo, keyed by the silo's address.</summary>
public interface IExtractionGrain : IGrainWithStringKey
{
    Task<BatchReply> Extract(RunSpec run, WireItem[] items);
    Task<SiloReport> Report();
}

/// <summary>Reentrant: the silo's <see cref="SiloExtraction"/> runs as many batches at once as it has workers and
/// queues the rest; the grain only hands them over.</summary>
[Reentrant, SiloPinnedPlacement]
internal sealed class ExtractionGrain(SiloExtraction extraction) : Grain, IExtractionGrain
{
    public Task<BatchReply> Extract(RunSpec run, WireItem[] items) => extraction.Extract(run, items);
    public Task<SiloReport> Report() => Task.FromResult(extraction.Report());
}
