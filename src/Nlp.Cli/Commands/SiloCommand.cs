using System.CommandLine;
using System.Net;
using System.Net.NetworkInformation;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Nlp.Cluster;
using Nlp.Pipeline.Building;

namespace Nlp.Cli.Commands;

/// <summary>
/// <c>nlp silo --cluster URL [--models DIR] [--workers N] [--port P] [--address IP] [--profile P]</c>: a worker of
/// `nlp extract --cluster`. Loads the profile's models once, then joins the cluster and runs batches until stopped
/// (Ctrl+C or SIGTERM: it leaves the membership, and its unfinished batches go to other silos).
/// </summary>
internal static class SiloCommand
{
    public const int FirstPort = 11111;

    public static Command Create(CliConsole console)
    {
        var cluster = ClusterCommandLine.ClusterOption();
        var models = new Option<string>("--models")
        {
            Description = $"folder of model folders (default: ${ModelsFolder.EnvironmentVariable}, else the models folder of the installation); every silo needs the same models",
            DefaultValueFactory = _ => ModelsFolder.Default(),
        };
        var workers = new Option<int>("--workers", "-j") { Description = "batches run at once (each worker loads its own models)", DefaultValueFactory = _ => 1 };
        var port = new Option<int?>("--port") { Description = $"silo port; the gateway for clients listens on the next one (default: the first free pair from {FirstPort})" };
        var address = new Option<string?>("--address") { Description = "the IP address other machines reach this silo at (default: this machine's)" };
        var profile = new Option<string>("--profile")
        {
            Description = "the profile whose models are loaded at start (a run asking for another loads it on its first batch)",
            DefaultValueFactory = _ => StageCatalog.DefaultProfile,
        };
        profile.AcceptOnlyFromAmong([.. StageCatalog.Profiles]);
        var command = new Command("silo", "run a worker of a cluster for `nlp extract --cluster` (see docs/CLUSTER.md)")
        {
            cluster, models, workers, port, address, profile,
        };
        command.SetAction(parse => console.Run(() =>
        {
            string url = parse.GetValue(cluster)!;
            ClusterCommandLine.CheckUrl("--cluster", url);
            int count = parse.GetValue(workers);
            if (count < 1) throw new UsageException("--workers must be at least 1");
            IPAddress? ip = null;
            if (parse.GetValue(address) is { } text && !IPAddress.TryParse(text, out ip))
                throw new UsageException($"--address {text}: not an IP address");
            int siloPort = parse.GetValue(port) ?? FreePortPair(FirstPort);
            if (siloPort is < 1 or > 65534) throw new UsageException("--port must be between 1 and 65534");

            var settings = new SiloSettings { ModelsDirectory = parse.GetValue(models)!, Workers = count };
            using var host = ClusterHosting.BuildSilo(url, new SiloEndpoint(ip, siloPort), settings);
            var extraction = host.Services.GetRequiredService<SiloExtraction>();
            console.Error.WriteLine($"loading the {parse.GetValue(profile)} profile's models for {count} worker(s) from {settings.ModelsDirectory}");
            extraction.Preload(parse.GetValue(profile)!);
            host.StartAsync().GetAwaiter().GetResult();
            var report = extraction.Report();
            console.Error.WriteLine($"silo {report.Silo} joined the cluster at {Nlp.Sinks.Database.DatabaseUrl.Redacted(url)} " +
                                    $"(gateway port {siloPort + 1}); stop it with Ctrl+C");
            host.WaitForShutdownAsync().GetAwaiter().GetResult();
            report = extraction.Report();
            console.Error.WriteLine($"silo {report.Silo} stopped after {report.Documents} document(s)");
            return 0;
        }));
        return command;
    }

    /// <summary>The first port from <paramref name="from"/> that, with the next one, nothing listens on.</summary>
    private static int FreePortPair(int from)
    {
        var taken = IPGlobalProperties.GetIPGlobalProperties().GetActiveTcpListeners().Select(e => e.Port).ToHashSet();
        for (int p = from; p < 65534; p += 2)
            if (!taken.Contains(p) && !taken.Contains(p + 1)) return p;
        throw new IOException("no free pair of ports for the silo; give one with --port");
    }
}
