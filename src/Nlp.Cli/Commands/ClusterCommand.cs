using System.CommandLine;
using Microsoft.Extensions.DependencyInjection;
using Nlp.Cluster;

namespace Nlp.Cli.Commands;

/// <summary><c>nlp cluster status --cluster URL</c>: the live silos, their workers and throughput.</summary>
internal static class ClusterCommand
{
    public static Command Create(CliConsole console)
    {
        var cluster = ClusterCommandLine.ClusterOption();
        var status = new Command("status", "list the live silos: workers, batches running, documents done, documents/s over the last minute") { cluster };
        status.SetAction(parse => console.Run(() =>
        {
            string url = parse.GetValue(cluster)!;
            ClusterCommandLine.CheckUrl("--cluster", url);
            using var client = ClusterCommandLine.Connect(url, CancellationToken.None);
            var silos = ClusterStatus.QueryAsync(client.Services.GetRequiredService<Orleans.IClusterClient>(), TimeSpan.FromSeconds(10))
                .GetAwaiter().GetResult();
            var o = console.Out;
            o.WriteLine($"{silos.Count} live silo(s) in the cluster at {Nlp.Sinks.Database.DatabaseUrl.Redacted(url)}");
            o.WriteLine($"{"silo",-32} {"host",-16} {"workers",7} {"busy",5} {"documents",10} {"docs/s",8}  up since");
            foreach (var (silo, report) in silos)
            {
                if (report is null) o.WriteLine($"{silo,-32} (does not answer)");
                else
                    o.WriteLine($"{silo,-32} {report.Host,-16} {report.Workers,7} {report.Busy,5} {report.Documents,10} {report.DocumentsPerSecond,8:0.0}  " +
                                $"{report.Started.UtcDateTime:yyyy-MM-dd HH:mm:ss} UTC");
            }
            return silos.Count > 0 && silos.All(s => s.Report is not null) ? 0 : 1;
        }));
        return new Command("cluster", "look at a cluster of `nlp silo` workers") { status };
    }
}
