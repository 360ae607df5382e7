using System.CommandLine;
using Microsoft.Extensions.DependencyInjection;
using Nlp.Pipeline.Building;
using Nlp.Pipeline.Extraction;

namespace Nlp.Cli.Commands;

/// <summary>
/// <c>nlp extract INPUT... [--out FILE] [--db URL] [--workers N] [--events-only] [--models DIR] [--stages S,...] [--profile P] [--encoding NAME] [--thresholds T] [--wait] [--cluster URL [--in-flight N]]</c>: the whole
/// pipeline over files, folders and globs into resumable JSONL and a database. A thin shell over
/// <see cref="ExtractionRunner"/>; this file only parses options and shows progress.
/// </summary>
internal static class ExtractCommand
{
    public const string DefaultOutput = "extraction/documents.jsonl";
    public const string DefaultEventsOutput = "extraction/events.jsonl";

    public static Command Create(CliConsole console)
    {
        var inputs = CommonOptions.Inputs();
        var output = new Option<string?>("--out", "-o") { Description = $"JSONL output (default: {DefaultOutput}, or {DefaultEventsOutput} with --events-only); errors.jsonl goes beside it" };
        var db = new Option<string?>("--db") { Description = "sqlite:PATH, postgres://user:pass@host:port/db, or none (default: sqlite nlp.db beside the output)" };
        var workers = new Option<int>("--workers", "-j") { Description = "documents processed in parallel", DefaultValueFactory = _ => 2 };
        var eventsOnly = new Option<bool>("--events-only") { Description = "write one self-contained JSON line per event instead of one per document" };
        var models = new Option<string>("--models")
        {
            Description = $"folder of model folders (ner, relations, events; default: ${ModelsFolder.EnvironmentVariable}, else the models folder of the installation)",
            DefaultValueFactory = _ => ModelsFolder.Default(),
        };
        var stages = new Option<string?>("--stages")
        {
            Description = $"run only these stages, comma-separated (default: all: {string.Join(",", StageCatalog.Default().Kinds.Select(k => k.Name))}); " +
                          "every stage run needs its model",
        };
        var tokens = new Option<bool>("--tokens") { Description = "include the tokens layer in document records (large)" };
        var profile = new Option<string>("--profile")
        {
            Description = "accurate (the default): models/ner-minilm, models/events-minilm and models/relations-minilm, which also read a pretrained encoder; " +
                          "fast: models/ner, models/events and models/relations, about twice as fast, less accurate on new sources",
            DefaultValueFactory = _ => Nlp.Pipeline.Building.StageCatalog.DefaultProfile,
        };
        profile.AcceptOnlyFromAmong([.. Nlp.Pipeline.Building.StageCatalog.Profiles]);
        var maxMb = new Option<double>("--max-mb") { Description = "refuse documents larger than this many MB", DefaultValueFactory = _ => ExtractionOptions.DefaultMaxBytes / 1048576.0 };
        var encoding = new Option<string?>("--encoding")
        {
            Description = "encoding of text and HTML files, e.g. windows-1251, koi8-r (default: detected per file: byte-order mark, UTF-16, UTF-8, else Windows-1252)",
        };
        var thresholds = CommonOptions.Thresholds();
        var wait = new Option<bool>("--wait") { Description = "when another run is writing the same output or database, wait for it to finish instead of refusing" };
        var cluster = new Option<string?>("--cluster")
        {
            Description = "postgres://… of a cluster of `nlp silo` workers: the documents are spread over its live silos, which write " +
                          "them into the --db database (PostgreSQL; default: the cluster's own) while this process writes the JSONL; see docs/CLUSTER.md",
        };
        var inFlight = new Option<int>("--in-flight")
        {
            Description = "with --cluster: batches out at once over the whole cluster (each silo takes at most twice its workers)",
            DefaultValueFactory = _ => new Nlp.Cluster.ClusterWorkersOptions().InFlight,
        };
        var command = new Command("extract", "run the pipeline on documents into JSONL and a database; resumable, parallel, in input order")
        {
            inputs, output, db, workers, eventsOnly, models, stages, profile, tokens, maxMb, encoding, thresholds, wait, cluster, inFlight,
        };
        command.SetAction(parse => console.Run(() =>
        {
            bool events = parse.GetValue(eventsOnly);
            if (parse.GetValue(workers) < 1) throw new UsageException("--workers must be at least 1");
            if (parse.GetValue(maxMb) <= 0) throw new UsageException("--max-mb must be positive");
            if (parse.GetValue(encoding) is { } named && !Nlp.Text.Loading.Encodings.IsKnown(named))
                throw new UsageException($"--encoding: unknown encoding \"{named}\" (try utf-8, utf-16, windows-1252, windows-1251, koi8-r)");
            string? clusterUrl = parse.GetValue(cluster);
            string? database = parse.GetValue(db);
            if (clusterUrl is not null)
            {
                if (parse.GetResult(workers) is { Implicit: false })
                    throw new UsageException("--workers: with --cluster the silos' workers run the documents (nlp silo --workers N); use --in-flight to bound the batches out");
                if (parse.GetValue(inFlight) < 1) throw new UsageException("--in-flight must be at least 1");
                ClusterCommandLine.CheckUrl("--cluster", clusterUrl);
                database ??= clusterUrl;
                if (database != "none") ClusterCommandLine.CheckUrl("--db", database, " (with --cluster the silos write the database, so it must be PostgreSQL, or none)");
            }
            var options = new ExtractionOptions
            {
                Inputs = parse.GetValue(inputs)!,
                OutputPath = parse.GetValue(output) ?? (events ? DefaultEventsOutput : DefaultOutput),
                Database = database,
                Workers = parse.GetValue(workers),
                EventsOnly = events,
                IncludeTokens = parse.GetValue(tokens),
                ModelsDirectory = parse.GetValue(models)!,
                Stages = parse.GetValue(stages) is { } names ? DocumentFiles.SplitList(names) : null,
                Profile = parse.GetValue(profile)!,
                MaxBytes = (long)(parse.GetValue(maxMb) * 1048576),
                Encoding = parse.GetValue(encoding),
                Thresholds = CommonOptions.ParseThresholds(parse.GetValue(thresholds)),
                Wait = parse.GetValue(wait),
            };
            using var cancel = new CancellationTokenSource();
            ConsoleCancelEventHandler onCancel = (_, e) => { e.Cancel = true; cancel.Cancel(); };
            Console.CancelKeyPress += onCancel;
            try
            {
                if (clusterUrl is null)
                {
                    var summary = ExtractionProgressView.Run(console, options, cancel.Token);
                    Report(console, options, summary);
                    return summary.ExitCode;
                }
                using var client = ClusterCommandLine.Connect(clusterUrl, cancel.Token);
                var clustered = ExtractionProgressView.Run(console, options, cancel.Token, notice => built =>
                    new Nlp.Cluster.ClusterBatchWorkers(client.Services.GetRequiredService<Orleans.IClusterClient>(), built, options,
                        new Nlp.Cluster.ClusterWorkersOptions { InFlight = parse.GetValue(inFlight) }, notice));
                Report(console, options, clustered);
                return clustered.ExitCode;
            }
            catch (ArgumentException e) when (e.Message.StartsWith("no input files", StringComparison.Ordinal) || e.Message.StartsWith("--", StringComparison.Ordinal))
            {
                throw new UsageException(e.Message);
            }
            finally
            {
                Console.CancelKeyPress -= onCancel;
            }
        }));
        return command;
    }

    private static void Report(CliConsole console, ExtractionOptions options, ExtractionSummary s)
    {
        var w = console.Error;
        w.WriteLine($"{(s.Cancelled ? "interrupted" : "done")}: {s.Written} document(s) extracted, {s.Skipped} already done, {s.Failed} failed " +
                    $"({s.Files} file(s), {s.Tokens:N0} tokens in {s.Elapsed.TotalSeconds:0.0} s)");
        w.WriteLine($"  pipeline: {s.Pipeline}");
        var c = s.Counts;
        w.WriteLine($"  found: {c.Sentences:N0} sentences, {Tally(c.EntityLabels, "entities")}, {Tally(c.EventTypes, "events")}, {c.Relations:N0} relations");
        w.WriteLine($"  output: {options.OutputPath}");
        if (options.DatabaseValue is { } url) w.WriteLine($"  database: {Nlp.Sinks.Database.DatabaseUrl.Redacted(url)}");
        w.WriteLine($"  errors: {options.ErrorsPath}{(s.Failed == 0 && s.Warnings == 0 ? " (none)" : s.Warnings > 0 ? $" ({s.Warnings} warning(s): files extracted with a repair)" : "")}");
        if (s.Cancelled) w.WriteLine("  run the same command again to finish: documents already written are skipped");
    }

    private static string Tally(IReadOnlyDictionary<string, int> counts, string what) =>
        counts.Count == 0 ? $"0 {what}" : $"{counts.Values.Sum():N0} {what} ({string.Join(", ", counts.Select(kv => $"{kv.Key} {kv.Value}"))})";
}
