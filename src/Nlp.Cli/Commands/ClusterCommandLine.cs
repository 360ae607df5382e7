using System.CommandLine;
using Microsoft.Extensions.Hosting;
using Nlp.Cluster;

namespace Nlp.Cli.Commands;

/// <summary>What `silo`, `cluster status` and `extract --cluster` share: the URL check and the client.</summary>
internal static class ClusterCommandLine
{
    public static Option<string> ClusterOption() => new("--cluster")
    {
        Description = "postgres://user:pass@host:port/db where the cluster's membership is kept (its tables are created on first use)",
        Required = true,
    };

    public static void CheckUrl(string option, string value, string hint = "")
    {
        try
        {
            ClusterHosting.ClusterUrl(value);
        }
        catch (ArgumentException)
        {
            throw new UsageException($"{option} {Nlp.Sinks.Database.DatabaseUrl.Redacted(value)}: expected postgres://user:pass@host:port/db{hint}");
        }
    }

    /// <summary>A started client, stopped when disposed.</summary>
    public static ConnectedClient Connect(string url, CancellationToken cancel) => new(ClusterHosting.ConnectAsync(url, cancel).GetAwaiter().GetResult());

    internal sealed class ConnectedClient(IHost host) : IDisposable
    {
        public IServiceProvider Services => host.Services;

        public void Dispose()
        {
            try { host.StopAsync(TimeSpan.FromSeconds(5)).GetAwaiter().GetResult(); } catch (Exception e) when (e is OperationCanceledException or Orleans.Runtime.OrleansException) { }
            host.Dispose();
        }
    }
}
