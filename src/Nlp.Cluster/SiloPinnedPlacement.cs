using Orleans.Placement;
using Orleans.Runtime;
using Orleans.Runtime.Placement;

namespace Nlp.Cluster;

/// <summary>
/// Places a grain on the silo its key names (SiloAddress.ToParsableString()), so that the client decides which
/// silo gets which batch: it keeps each silo's work in flight to what the silo's workers can take. A key naming a
/// silo that is not (or no longer) active is refused, and the client sends the batch to another silo.
/// </summary>
[GenerateSerializer, Immutable]
public sealed class SiloPinnedPlacement : PlacementStrategy
{
    internal static readonly SiloPinnedPlacement Instance = new();
}

[AttributeUsage(AttributeTargets.Class)]
public sealed class SiloPinnedPlacementAttribute() : PlacementAttribute(SiloPinnedPlacement.Instance);

internal sealed class SiloPinnedPlacementDirector : IPlacementDirector
{
    public Task<SiloAddress> OnAddActivation(PlacementStrategy strategy, PlacementTarget target, IPlacementContext context)
    {
        string key = target.GrainIdentity.Key.ToString()!;
        var silo = context.GetCompatibleSilos(target).FirstOrDefault(s => s.ToParsableString() == key);
        return silo is not null
            ? Task.FromResult(silo)
            : throw new OrleansException($"silo {key} is not active: its batch goes to another silo");
    }
}
