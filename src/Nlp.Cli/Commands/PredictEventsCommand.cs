using System.CommandLine;
using System.Collections.Immutable;
using System.Diagnostics;
using Nlp.Core.Formats;
using Nlp.Core.Model;
using Nlp.Core.Pipeline;
using Nlp.Models.Events;
using Nlp.Models.Extraction;
using Nlp.Models.Relations;
using Nlp.Pipeline.Building;

namespace Nlp.Cli.Commands;

/// <summary>
/// <c>nlp predict-events INPUT.jsonl -o OUT.jsonl --stages relations,events</c>: runs the relation and event stages on
/// documents whose ENTITIES LAYER is given (gold, or the entity tagger's output), replacing any events and relations
/// they carry. Segments documents without tokens first. For end-to-end evaluation with <c>nlp eval</c>.
/// </summary>
internal static class PredictEventsCommand
{
    public static Command Create(CliConsole console)
    {
        var input = new Argument<string>("input") { Description = "JSONL documents with entities" };
        var output = new Option<string?>("--output", "-o") { Description = "output JSONL (stdout without it)" };
        var stages = new Option<string>("--stages") { Description = "comma-separated: relations, events", DefaultValueFactory = _ => "relations,events" };
        var eventsModel = new Option<string>("--events-model") { Description = "events model folder", DefaultValueFactory = _ => Path.Combine(ModelsFolder.Default(), "events") };
        var relationsModel = new Option<string>("--relations-model") { Description = "relations model folder", DefaultValueFactory = _ => Path.Combine(ModelsFolder.Default(), "relations") };
        var thresholds = new Option<string?>("--thresholds") { Description = "override thresholds: 0.4, or TYPE=0.3,TYPE.Role=0.5,trigger=0.4,argument=0.3" };
        var schema = CommonOptions.Schema();
        var command = new Command("predict-events", "run the relation and event stages on JSONL documents with entities")
        {
            input, output, stages, eventsModel, relationsModel, thresholds, schema,
        };
        command.SetAction(parse => console.Run(() =>
        {
            var names = parse.GetValue(stages)!.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            var overrides = ThresholdOverrides.Parse(parse.GetValue(thresholds));
            var list = new List<IDocumentStage> { new Nlp.Text.TextStage() };
            foreach (var name in names)
            {
                list.Add(name switch
                {
                    "events" => new EventStage(EventModel.Load(parse.GetValue(eventsModel)!).WithThresholds(overrides)),
                    "relations" => new RelationStage(RelationModel.Load(parse.GetValue(relationsModel)!).WithThresholds(overrides)),
                    _ => throw new UsageException($"--stages: unknown stage '{name}' (known: relations, events)"),
                });
            }
            var pipeline = new DocumentPipeline(list, Layer.Text | Layer.Entities);
            var reader = new JsonlReader(CommonOptions.Reader(parse.GetValue(schema), skipBad: true));
            var docs = reader.Read(parse.GetValue(input)!).ToList();
            var clock = Stopwatch.StartNew();
            long tokens = 0;
            var results = new List<Document>(docs.Count);
            foreach (var d in docs)
            {
                var cleared = d with
                {
                    Events = names.Contains("events") ? ImmutableArray<Event>.Empty : d.Events,
                    Relations = names.Contains("relations") ? ImmutableArray<Relation>.Empty : d.Relations,
                };
                var r = pipeline.Process(cleared);
                tokens += r.Tokens?.Length ?? 0;
                results.Add(r);
            }
            var seconds = clock.Elapsed.TotalSeconds;
            if (parse.GetValue(output) is { } path) JsonlWriter.WriteFile(path, results);
            else new JsonlWriter(console.Out).WriteAll(results); // not disposed: it would close the console
            console.Error.WriteLine($"{results.Count} documents, {tokens} tokens in {seconds:F2}s ({tokens / Math.Max(seconds, 1e-9):F0} tokens/s); " +
                                    $"{results.Sum(r => r.Events.Length)} events, {results.Sum(r => r.Relations.Length)} relations" +
                                    (reader.SkippedCount > 0 ? $"; skipped {reader.SkippedCount} bad lines" : ""));
            return reader.SkippedCount > 0 ? 1 : 0;
        }));
        return command;
    }
}
