using System.CommandLine;
using System.Diagnostics;
using Nlp.Core.Formats;
using Nlp.Core.Model;
using Nlp.Core.Pipeline;
using Nlp.Models.Extraction;
using Nlp.Models.Tagging;
using Nlp.Pipeline.Building;
using Nlp.Text;

namespace Nlp.Cli.Commands;

/// <summary>
/// <c>nlp predict --input IN.jsonl --output OUT.jsonl --stages ner --ner-model models/NAME</c>: drops the gold
/// entities, events and relations of the input, keeps tokens, sentences and meta (segmenting documents that have
/// no tokens), runs the stages and writes one document a line, flushed as it goes. Bad lines and documents a
/// stage fails on are reported on stderr and skipped; the rest go on.
/// </summary>
internal static class PredictCommand
{
    /// <summary>Documents predicted together: the tagger batches sentences across them.</summary>
    const int ChunkSize = 32;

    public static Command Create(CliConsole console)
    {
        var input = new Option<string>("--input") { Description = "documents to annotate (JSONL)", Required = true };
        var output = new Option<string>("--output") { Description = "where to write the predictions (JSONL)", Required = true };
        var stages = new Option<string>("--stages") { Description = $"stages to run, comma-separated: {string.Join(", ", PredictStages.Known)}", Required = true };
        var nerModel = new Option<string?>("--ner-model") { Description = "entity tagger model folder (for the ner stage; default: the profile's tagger in the models folder)" };
        var profile = new Option<string>("--profile") { Description = "without --ner-model, which tagger the ner stage runs: fast (models/ner) or accurate (models/ner-minilm, with the pretrained encoder; the default)", DefaultValueFactory = _ => StageCatalog.DefaultProfile };
        profile.AcceptOnlyFromAmong([.. StageCatalog.Profiles]);
        var relationsModel = new Option<string>("--relations-model") { Description = "relation model folder (for the relations stage)", DefaultValueFactory = _ => Path.Combine(ModelsFolder.Default(), "relations") };
        var eventsModel = new Option<string>("--events-model") { Description = "event model folder (for the events stage)", DefaultValueFactory = _ => Path.Combine(ModelsFolder.Default(), "events") };
        var calibrationModel = new Option<string>("--calibration-model") { Description = "source-shift calibration folder (for the calibration stage)", DefaultValueFactory = _ => Path.Combine(ModelsFolder.Default(), "calibration") };
        var thresholds = new Option<string?>("--thresholds") { Description = "relations/events thresholds: 0.4, or TYPE=0.3,TYPE.Role=0.5,trigger=0.4,argument=0.3" };
        var threads = new Option<int>("--threads") { Description = "torch threads", DefaultValueFactory = _ => 2 };
        var command = new Command("predict", "annotate documents with the given stages (ner, numbers, relations, events, calibration)")
        {
            input, output, stages, nerModel, profile, relationsModel, eventsModel, calibrationModel, thresholds, threads,
        };
        command.SetAction(parse => console.Run(() =>
        {
            int threadCount = parse.GetValue(threads);
            if (threadCount < 1) throw new UsageException("--threads must be at least 1");
            Nlp.Models.TorchSetup.Seed(0, threadCount);
            Nlp.Models.Encoders.ContextualEncoders.Threads = threadCount;
            var built = PredictStages.Build(DocumentFiles.SplitList(parse.GetValue(stages)), new PredictStageOptions(
                parse.GetValue(nerModel) ?? Path.Combine(ModelsFolder.Default(), StageCatalog.TaggerFolder(parse.GetValue(profile)!)), parse.GetValue(relationsModel)!, parse.GetValue(eventsModel)!,
                ThresholdOverrides.Parse(parse.GetValue(thresholds)), parse.GetValue(calibrationModel)!));
            var run = Run(parse.GetValue(input)!, parse.GetValue(output)!, built, console.Error);
            return run.Failed > 0 && run.Written == 0 ? 1 : 0;
        }));
        return command;
    }

    internal sealed record PredictRun(int Written, int Failed, long Tokens, TimeSpan Elapsed);

    /// <summary>The whole predict loop, shared with the benchmark.</summary>
    internal static PredictRun Run(string inputPath, string outputPath, IReadOnlyList<IDocumentStage> stages, TextWriter log, bool quiet = false)
    {
        if (!File.Exists(inputPath)) throw new UsageException($"no such file: {inputPath}");
        var all = new List<IDocumentStage> { new TextStage() };
        all.AddRange(stages);
        _ = new DocumentPipeline(all); // refuses a stage order that cannot work, before any document is read
        var clock = Stopwatch.StartNew();
        // Gold annotations are dropped unread, so their labels are not checked against a schema.
        var reader = new JsonlReader(new ReaderOptions { OnBadLine = BadLinePolicy.Skip, Validate = false });
        using var writer = new JsonlWriter(new StreamWriter(outputPath), flushEachLine: true);
        int failed = 0, reported = 0;
        long tokens = 0;
        foreach (var chunk in reader.Read(inputPath).Select(d => d.WithoutAnnotations()).Chunk(ChunkSize))
        {
            foreach (var doc in Process(chunk, all, log, ref failed))
            {
                writer.Write(doc);
                tokens += doc.Tokens?.Length ?? 0;
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

    /// <summary>Runs the stages over a chunk; if that fails, document by document so one bad document costs only itself.</summary>
    static IReadOnlyList<Document> Process(IReadOnlyList<Document> chunk, IReadOnlyList<IDocumentStage> stages, TextWriter log, ref int failed)
    {
        try
        {
            return RunStages(chunk, stages);
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException or DocumentFormatException)
        {
            var result = new List<Document>();
            foreach (var doc in chunk)
                try
                {
                    result.AddRange(RunStages([doc], stages));
                }
                catch (Exception inner) when (inner is ArgumentException or InvalidOperationException or DocumentFormatException)
                {
                    log.WriteLine($"skipped document {doc.Id}: {inner.Message}");
                    failed++;
                }
            return result;
        }
    }

    static IReadOnlyList<Document> RunStages(IReadOnlyList<Document> docs, IReadOnlyList<IDocumentStage> stages)
    {
        foreach (var stage in stages)
            docs = stage is EntityTaggerStage ner ? ner.Process(docs) : docs.Select(stage.Process).ToList();
        return docs;
    }
}
