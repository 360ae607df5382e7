using System.CommandLine;
using System.Diagnostics;
using Nlp.Models.MaxEnt;
using Nlp.Models.Relations;

namespace Nlp.Cli.Commands;

/// <summary>
/// <c>nlp train relations --train T.jsonl[,T2.jsonl] --dev D.jsonl --out models/NAME</c>: fits the relation extractor
/// (calibrated), scores it on dev with gold entities and writes the model with its manifest.
/// </summary>
internal static class TrainRelationsCommand
{
    public static Command Create(CliConsole console)
    {
        var options = new MaxEntTrainingOptions(defaultEpochs: 6, defaultL2: 1e-4, defaultOptimizer: new RelationTrainerSettings().Optimizer);
        var command = options.Command("relations", "train the relation extractor (entity pairs in one sentence)");
        var predicted = new Option<string?>("--predicted-entities")
        {
            Description = "the training documents with entities from taggers that did not train on them (JSONL, same ids; made by " +
                          "training-data/crossfit-entities.sh): fits the calibration and thresholds of relations between predicted mentions",
        };
        command.Options.Add(predicted);
        var listFeatures = new Option<bool>("--list-features")
        {
            Description = "also read a far member of a coordinated list (\"in A, B and C\") as the member nearest the other mention",
        };
        command.Options.Add(listFeatures);
        var propagation = new Option<bool>("--list-propagation")
        {
            Description = "give the other members of a coordinated list the relation one member has, with its own calibrated confidence",
        };
        command.Options.Add(propagation);
        command.SetAction(parse => console.Run(() =>
        {
            var clock = Stopwatch.StartNew();
            var run = options.Read(parse, console, "relations", d => d.Relations.Length, Nlp.Core.Model.Layer.Relations);
            var predictedPath = parse.GetValue(predicted);
            var predictedDocs = predictedPath is null ? null : DocumentFiles.Segmented(TrainingCorpus.Read([predictedPath]));
            if (predictedDocs is not null)
                console.Out.WriteLine($"read {predictedDocs.Count} documents with predicted entities ({predictedDocs.Sum(d => d.Entities.Length)} mentions)");
            var settings = new RelationTrainerSettings
            {
                Seed = run.Seed, Epochs = run.Epochs, Threads = run.Threads, L2 = run.L2, MinFeatureCount = run.MinCount,
                Optimizer = run.Optimizer, ContextEncoder = run.ContextEncoder, ContextClusterSizes = run.ContextClusterSizes,
                ListFeatures = parse.GetValue(listFeatures), PropagateLists = parse.GetValue(propagation),
                LearningRate = run.LearningRate(new RelationTrainerSettings().LearningRate), InitFrom = run.InitFrom, ReplayFraction = run.ReplayFraction,
            };
            var trainer = new RelationTrainer(run.Schema, run.Lexicon, settings)
            {
                Progress = line => console.Out.WriteLine(line), Recipe = run.Recipe(RelationModel.Kind, predictedPath is null ? null : [predictedPath]),
                PredictedEntities = predictedDocs,
            };
            RelationModel model;
            if (run.StartFolder is { } startFolder)
            {
                if (predictedDocs is not null) throw new UsageException("--predicted-entities: a finetune keeps the start model's calibration and thresholds");
                // Not disposed here: the finetuned model shares its context reader (encoder); the process releases it.
                var start = RelationModel.Load(startFolder);
                console.Out.WriteLine($"finetune from {startFolder}: dev relations F1 {start.Score(run.DevDocs).Relations.Micro.F1:F2} before");
                model = trainer.Finetune(start, run.TrainDocs);
            }
            else model = trainer.Train(run.TrainDocs, run.DevDocs).Best;
            var trainSeconds = clock.Elapsed.TotalSeconds;
            var report = model.Score(run.DevDocs);
            model = model.WithManifest(MaxEntTrainingRun.WithDevScores(model.Manifest, MaxEntTrainingRun.DevScores(report, model.Manifest, trainSeconds)));
            var saved = model.Save(run.OutputDirectory);
            run.PrintSaved(console, report, trainSeconds, saved);
            return 0;
        }));
        return command;
    }
}
