using System.CommandLine;
using System.Diagnostics;
using Nlp.Core.Scoring;
using Nlp.Models.Events;
using Nlp.Models.MaxEnt;

namespace Nlp.Cli.Commands;

/// <summary>
/// <c>nlp train events --train T.jsonl[,T2.jsonl] --dev D.jsonl --out models/NAME</c>: fits the event extractor
/// (triggers and arguments, calibrated), scores it on dev with gold entities and writes the model with its manifest.
/// </summary>
internal static class TrainEventsCommand
{
    public static Command Create(CliConsole console)
    {
        var options = new MaxEntTrainingOptions(defaultEpochs: 8, defaultL2: 1e-3, defaultOptimizer: new EventTrainerSettings().Optimizer);
        var command = options.Command("events", "train the event extractor (triggers + arguments)");
        var pathFeatures = new Option<bool>("--path-features") { Description = "add argument path features (words between trigger and candidate, position, clause breaks); off in the shipped model" };
        command.Options.Add(pathFeatures);
        var noPropagation = new Option<bool>("--no-list-propagation")
        {
            Description = "do not give the other members of a coordinated list the role one member has (on by default, with its own calibrated confidence)",
        };
        command.Options.Add(noPropagation);
        command.SetAction(parse => console.Run(() =>
        {
            var clock = Stopwatch.StartNew();
            var run = options.Read(parse, console, "events", d => d.Events.Length, Nlp.Core.Model.Layer.Events);
            var settings = new EventTrainerSettings
            {
                Seed = run.Seed, Epochs = run.Epochs, Threads = run.Threads, L2 = run.L2, MinFeatureCount = run.MinCount,
                ArgumentPathFeatures = parse.GetValue(pathFeatures), Optimizer = run.Optimizer,
                ContextEncoder = run.ContextEncoder, ContextClusterSizes = run.ContextClusterSizes,
                PropagateLists = !parse.GetValue(noPropagation),
                LearningRate = run.LearningRate(new EventTrainerSettings().LearningRate), InitFrom = run.InitFrom, ReplayFraction = run.ReplayFraction,
            };
            var trainer = new EventTrainer(run.Schema, run.Lexicon, settings)
            {
                Progress = line => console.Out.WriteLine(line), Recipe = run.Recipe(EventModel.Kind),
            };
            EventModel model;
            if (run.StartFolder is { } startFolder)
            {
                // Not disposed here: the finetuned model shares its context reader (encoder); the process releases it.
                var start = EventModel.Load(startFolder);
                console.Out.WriteLine($"finetune from {startFolder}: dev triggers F1 {start.Score(run.DevDocs).Triggers.Micro.F1:F2} before");
                model = trainer.Finetune(start, run.TrainDocs, run.DevDocs);
            }
            else model = trainer.Train(run.TrainDocs, run.DevDocs).Best;
            var trainSeconds = clock.Elapsed.TotalSeconds;
            var report = model.Score(run.DevDocs);
            var scores = MaxEntTrainingRun.DevScores(report, model.Manifest, trainSeconds);
            var onGoldPredictions = new List<Nlp.Core.Model.Document>();
            var (onGold, covered, total) = model.ScoreArgumentsOnGoldTriggers(run.DevDocs, onGoldPredictions);
            if (Environment.GetEnvironmentVariable("NLP_DEBUG") is { } debugPath && debugPath.EndsWith(".jsonl"))
                Nlp.Core.Formats.JsonlWriter.WriteFile(debugPath, onGoldPredictions);
            var argsOnGold = onGold.ArgumentsOverlap.Micro;
            scores["arguments_given_gold_triggers"] = ReportFormatter.Json(onGold)["arguments"];
            scores["argument_candidate_coverage"] = Math.Round(100.0 * covered / Math.Max(1, total), 2);
            if (Environment.GetEnvironmentVariable("NLP_DEBUG") is not null) console.Out.Write(ReportFormatter.Table(onGold));
            console.Out.WriteLine($"dev arguments with gold triggers: P {argsOnGold.Precision:F2} R {argsOnGold.Recall:F2} F1 {argsOnGold.F1:F2}; " +
                                  $"candidates overlap {covered}/{total} gold arguments");
            model = model.WithManifest(MaxEntTrainingRun.WithDevScores(model.Manifest, scores));
            var saved = model.Save(run.OutputDirectory);
            run.PrintSaved(console, report, trainSeconds, saved);
            return 0;
        }));
        return command;
    }
}
