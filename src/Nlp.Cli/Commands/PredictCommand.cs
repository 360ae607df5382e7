using System.Collections.Immutable;
using System.CommandLine;
using System.Diagnostics;
using Nlp.Core.Formats;
using Nlp.Core.Model;
using Nlp.Core.Pipeline;
using Nlp.Pipeline.Building;

namespace Nlp.Cli.Commands;

/// <summary>
/// <c>nlp predict --input IN.jsonl --output OUT.jsonl --stages ner[,numbers,relations,events,calibration]</c>: drops the
/// gold entities, events and relations of the input (with <c>--keep-entities</c>, only events and relations: the
/// relation and event stages then read the input's entities), keeps tokens, sentences and meta, and runs the stages
/// named — built from <see cref="StageCatalog"/> and run through <see cref="DocumentPipeline"/> exactly as
/// <c>extract</c> runs them, so that <c>nlp eval</c> scores what <c>extract</c> ships. Documents without tokens are
/// segmented first. Writes one document a line, flushed as it goes; bad lines and documents a stage fails on are
/// reported on stderr and skipped; the rest go on.
/// </summary>
internal static class PredictCommand
{
    /// <summary>The stage options that name a model folder directly, instead of the stage's folder under --models.</summary>
    static readonly string[] StagesWithModelOption = ["ner", "relations", "events", "calibration"];

    public static Command Create(CliConsole console)
    {
        var input = new Option<string>("--input") { Description = "documents to annotate (JSONL)", Required = true };
        var output = new Option<string>("--output") { Description = "where to write the predictions (JSONL)", Required = true };
        var stages = new Option<string>("--stages")
        {
            Description = $"stages to run, comma-separated, run in the pipeline's order: {string.Join(", ", StageCatalog.Default().Kinds.Select(k => k.Name))} " +
                          "(segment is added when left out)",
            Required = true,
        };
        var models = new Option<string>("--models")
        {
            Description = $"folder of model folders (default: ${ModelsFolder.EnvironmentVariable}, else the models folder of the installation)",
            DefaultValueFactory = _ => ModelsFolder.Default(),
        };
        var profile = new Option<string>("--profile") { Description = "which models the ner, events and relations stages run: fast (models/ner, models/events, models/relations) or accurate (models/ner-minilm, models/events-minilm and models/relations-minilm, with the pretrained encoder; the default)", DefaultValueFactory = _ => StageCatalog.DefaultProfile };
        profile.AcceptOnlyFromAmong([.. StageCatalog.Profiles]);
        var modelOptions = StagesWithModelOption.ToDictionary(stage => stage,
            stage => new Option<string?>($"--{stage}-model") { Description = $"the {stage} stage's model folder (default: the profile's, in the models folder)" });
        var thresholds = CommonOptions.Thresholds();
        var keepEntities = new Option<bool>("--keep-entities") { Description = "keep the input's entities (gold, or a tagger's output) for the relations and events stages; drop only events and relations" };
        var threads = new Option<int>("--threads") { Description = "torch threads", DefaultValueFactory = _ => 2 };
        var command = new Command("predict", "annotate documents with the given stages (for nlp eval against gold)")
        {
            input, output, stages, models, profile, thresholds, keepEntities, threads,
        };
        foreach (var option in modelOptions.Values) command.Options.Add(option);
        command.SetAction(parse => console.Run(() =>
        {
            int threadCount = parse.GetValue(threads);
            if (threadCount < 1) throw new UsageException("--threads must be at least 1");
            Nlp.Models.TorchSetup.Seed(0, threadCount);
            Nlp.Models.Encoders.ContextualEncoders.Threads = threadCount;
            bool keep = parse.GetValue(keepEntities);
            var request = new PipelineRequest
            {
                ModelsDirectory = parse.GetValue(models)!,
                Stages = WithSegment(DocumentFiles.SplitList(parse.GetValue(stages))),
                ModelFolders = modelOptions.Where(o => parse.GetValue(o.Value) is not null).ToDictionary(o => o.Key, o => parse.GetValue(o.Value)!),
                Thresholds = CommonOptions.ParseThresholds(parse.GetValue(thresholds)),
                InputLayers = keep ? Layer.Text | Layer.Entities : Layer.Text,
            };
            var built = Build(StageCatalog.Default(parse.GetValue(profile)!), request);
            using var pipeline = built.Create();
            var run = Run(parse.GetValue(input)!, parse.GetValue(output)!, pipeline, keep, console.Error);
            return run.Failed > 0 && run.Written == 0 ? 1 : 0;
        }));
        return command;
    }

    /// <summary>The catalog's pipeline for a request; a wrong --stages or --thresholds is a usage error (exit 2).</summary>
    internal static BuiltPipeline Build(StageCatalog catalog, PipelineRequest request)
    {
        try
        {
            return PipelineBuilder.Build(catalog, request);
        }
        catch (ArgumentException e) when (e.Message.StartsWith("--", StringComparison.Ordinal))
        {
            throw new UsageException(e.Message);
        }
    }

    /// <summary>Predict reads JSONL that may have no tokens: the segment stage runs whether named or not (it leaves
    /// documents that have tokens and sentences as they are).</summary>
    static IReadOnlyList<string> WithSegment(IReadOnlyList<string> names) => names.Contains("segment") ? names : ["segment", .. names];

    internal sealed record PredictRun(int Written, int Failed, long Tokens, TimeSpan Elapsed);

    /// <summary>The whole predict loop, shared with the benchmark: batches of the input through the pipeline.</summary>
    internal static PredictRun Run(string inputPath, string outputPath, DocumentPipeline pipeline, bool keepEntities, TextWriter log, bool quiet = false)
    {
        if (!File.Exists(inputPath)) throw new UsageException($"no such file: {inputPath}");
        var clock = Stopwatch.StartNew();
        // Gold annotations are dropped unread, so their labels are not checked against a schema.
        var reader = new JsonlReader(new ReaderOptions { OnBadLine = BadLinePolicy.Skip, Validate = false });
        using var writer = new JsonlWriter(new StreamWriter(outputPath), flushEachLine: true);
        int failed = 0, reported = 0;
        long tokens = 0;
        var documents = reader.Read(inputPath).Select(d => keepEntities
            ? d with { Events = ImmutableArray<Event>.Empty, Relations = ImmutableArray<Relation>.Empty }
            : d.WithoutAnnotations());
        foreach (var batch in DocumentBatches.Group(documents, d => d.Text.Length))
        {
            foreach (var result in pipeline.Run(batch))
            {
                if (!result.Succeeded)
                {
                    log.WriteLine($"skipped document {result.Document.Id}: stage {result.FailedStage}: {result.Error!.Message}");
                    failed++;
                    continue;
                }
                writer.Write(result.Document);
                tokens += result.Document.Tokens?.Length ?? 0;
            }
            foreach (var problem in reader.Problems.Skip(reported)) log.WriteLine($"skipped: {problem.Message}");
            failed += reader.Problems.Count - reported;
            reported = reader.Problems.Count;
            if (!quiet) log.Write($"\r{writer.Count} documents, {tokens:N0} tokens, {tokens / Math.Max(clock.Elapsed.TotalSeconds, 1e-9):N0} tokens/s");
        }
        if (!quiet) log.WriteLine();
        log.WriteLine($"predicted {writer.Count} documents ({tokens:N0} tokens) in {clock.Elapsed.TotalSeconds:F1} s" +
                      (failed > 0 ? $"; {failed} skipped" : "") + $": {outputPath}");
        return new PredictRun(writer.Count, failed, tokens, clock.Elapsed);
    }
}
