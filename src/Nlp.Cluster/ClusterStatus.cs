using Orleans.Runtime;

namespace Nlp.Cluster;

/// <summary>`nlp cluster status`: every active silo's own figures (a silo that does not answer in time is listed without them).</summary>
public static class ClusterStatus
{
    public static async Task<IReadOnlyList<(string Silo, SiloReport? Report)>> QueryAsync(IClusterClient client, TimeSpan timeout)
    {
        var active = await client.GetGrain<IManagementGrain>(0).GetHosts(onlyActive: true);
        var reports = active.Keys.Select(async address =>
        {
            string name = address.ToParsableString();
            try
            {
                return (name, (SiloReport?)await client.GetGrain<IExtractionGrain>(name).Report().WaitAsync(timeout));
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                return (name, null);
            }
        });
        return [.. (await Task.WhenAll(reports)).OrderBy(r => r.name, StringComparer.Ordinal)];
    }
}
