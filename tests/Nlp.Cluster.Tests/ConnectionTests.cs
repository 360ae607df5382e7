namespace Nlp.Cluster.Tests;

/// <summary>What a client meets before any silo runs: the membership tables are made, and the lack of silos said at once.</summary>
public sealed class ConnectionTests
{
    [PostgresFact]
    public async Task ACleanDatabaseGetsTheMembershipTablesAndAClientIsToldThatNoSiloRuns()
    {
        string url = TestDatabases.PostgresSchemaUrl();

        var e = await Assert.ThrowsAsync<IOException>(() => ClusterHosting.ConnectAsync(url));

        Assert.Contains("no live silo in the cluster at", e.Message);
        Assert.Contains("nlp silo --cluster", e.Message);
        Assert.Equal(0L, DatabaseDump.Count(url, "orleansmembershiptable"));
        Assert.True(DatabaseDump.Count(url, "orleansquery") > 0);
        // A second client (or silo) finds the tables there and leaves them as they are.
        await Assert.ThrowsAsync<IOException>(() => ClusterHosting.ConnectAsync(url));
    }
}
