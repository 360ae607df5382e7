using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Nlp.Sinks.Database;
using Orleans.Configuration;
using Orleans.Hosting;

namespace Nlp.Cluster;

/// <summary>Where a silo listens: its silo-to-silo port, and its gateway (for clients) on the next one.</summary>
public sealed record SiloEndpoint(IPAddress? Address, int Port)
{
    public int GatewayPort => Port + 1;
}

/// <summary>
/// Builds the two kinds of cluster members on a PostgreSQL URL (the membership table lives there, created on first
/// use): `nlp silo`'s host and `nlp extract --cluster`'s client. Both belong to the one cluster "nlp".
/// </summary>
public static class ClusterHosting
{
    public const string ClusterId = "nlp";

    /// <summary>A silo found dead in a few seconds rather than Orleans' default of about half a minute: a killed
    /// silo's batches wait that long before they are sent elsewhere. Probing every second costs next to nothing.</summary>
    public static void FastFailureDetection(ClusterMembershipOptions o)
    {
        o.ProbeTimeout = TimeSpan.FromSeconds(1);
        o.NumMissedProbesLimit = 2;
        o.IAmAliveTablePublishTimeout = TimeSpan.FromSeconds(5);
        o.TableRefreshTimeout = TimeSpan.FromSeconds(5);
        // A silo that died stays in the table marked dead; old rows are cleaned up after a day.
        o.DefunctSiloExpiration = TimeSpan.FromDays(1);
    }

    /// <summary>What a silo adds to Orleans: the extraction grain, its placement, its service.</summary>
    public static ISiloBuilder AddExtraction(this ISiloBuilder silo, SiloSettings settings)
    {
        silo.Services.AddSingleton(settings);
        silo.Services.AddSingleton<SiloExtraction>();
        silo.AddPlacementDirector<SiloPinnedPlacement, SiloPinnedPlacementDirector>();
        silo.Configure<ClusterMembershipOptions>(FastFailureDetection);
        return silo;
    }

    public static IHost BuildSilo(string clusterUrl, SiloEndpoint endpoint, SiloSettings settings)
    {
        var url = ClusterUrl(clusterUrl);
        OrleansSchema.EnsureCreated(url);
        var builder = Host.CreateApplicationBuilder([]);
        Quiet(builder.Logging, LogLevel.Warning);
        builder.UseOrleans(silo =>
        {
            silo.UseAdoNetClustering(o =>
            {
                o.Invariant = "Npgsql";
                o.ConnectionString = url.ConnectionString;
            });
            silo.Configure<ClusterOptions>(o => (o.ClusterId, o.ServiceId) = (ClusterId, ClusterId));
            if (endpoint.Address is { } address) silo.ConfigureEndpoints(address, endpoint.Port, endpoint.GatewayPort, listenOnAnyHostAddress: true);
            else silo.ConfigureEndpoints(endpoint.Port, endpoint.GatewayPort, listenOnAnyHostAddress: true);
            // A batch can take minutes on a slow machine; a dead silo is noticed by the membership, not by this.
            silo.Configure<SiloMessagingOptions>(o => o.ResponseTimeout = TimeSpan.FromMinutes(30));
            silo.AddExtraction(settings);
        });
        return builder.Build();
    }

    /// <summary>A started client of the cluster, or an IOException saying why none could be had.</summary>
    public static async Task<IHost> ConnectAsync(string clusterUrl, CancellationToken cancel = default)
    {
        var url = ClusterUrl(clusterUrl);
        OrleansSchema.EnsureCreated(url);
        // Orleans' client would look for a gateway for minutes before giving up: without a silo, say so at once.
        if (OrleansSchema.ActiveSilos(url, ClusterId) == 0)
            throw new IOException($"no live silo in the cluster at {url.Display}; start one with `nlp silo --cluster URL`");
        var builder = Host.CreateApplicationBuilder([]);
        Quiet(builder.Logging, LogLevel.None);
        builder.UseOrleansClient(client =>
        {
            client.UseAdoNetClustering(o =>
            {
                o.Invariant = "Npgsql";
                o.ConnectionString = url.ConnectionString;
            });
            client.Configure<ClusterOptions>(o => (o.ClusterId, o.ServiceId) = (ClusterId, ClusterId));
            client.Configure<ClientMessagingOptions>(o => o.ResponseTimeout = TimeSpan.FromMinutes(30));
            // New silos become gateways soon after they join.
            client.Configure<GatewayOptions>(o => o.GatewayListRefreshPeriod = TimeSpan.FromSeconds(5));
        });
        var host = builder.Build();
        try
        {
            await host.StartAsync(cancel);
            return host;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            host.Dispose();
            throw new IOException($"no silo of the cluster at {url.Display} answers: {e.Message.ReplaceLineEndings(" ")} (start one with `nlp silo --cluster URL`)", e);
        }
    }

    public static DatabaseUrl ClusterUrl(string value)
    {
        var url = DatabaseUrl.Parse(value);
        if (url.Kind != DatabaseKind.Postgres) throw new ArgumentException($"--cluster {url.Display}: expected postgres://user:pass@host:port/db");
        return url;
    }

    private static void Quiet(ILoggingBuilder logging, LogLevel level)
    {
        logging.ClearProviders();
        if (level == LogLevel.None) return;
        logging.AddSimpleConsole(o => o.SingleLine = true);
        logging.SetMinimumLevel(level);
        // Its start-up notes (server GC off on a small machine) are advice, not trouble.
        logging.AddFilter("Orleans.Runtime.Silo", LogLevel.Error);
    }
}
