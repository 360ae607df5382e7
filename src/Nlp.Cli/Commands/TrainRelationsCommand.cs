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
        var pairScorer = new Option<string?>("--pair-scorer")
        {
            Description = "also score candidate pairs with a small network over this encoder's token vectors (e.g. minilm-l4-v2-int8), " +
                          "mixed with the classifier by the weight with the best out-of-fold F1",
        };
        command.Options.Add(pairScorer);
        var scorerEpochs = new Option<int>("--pair-scorer-epochs") { Description = "epochs of the pair scorer", DefaultValueFactory = _ => new RelationTrainerSettings().PairScorerEpochs };
        command.Options.Add(scorerEpochs);
        var scorerHidden = new Option<int>("--pair-scorer-hidden") { Description = "hidden units of the pair scorer", DefaultValueFactory = _ => new RelationTrainerSettings().PairScorerHidden };
        command.Options.Add(scorerHidden);
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
                PairScorerEncoder = parse.GetValue(pairScorer), PairScorerEpochs = parse.GetValue(scorerEpochs), PairScorerHidden = parse.GetValue(scorerHidden),
            };
            // Refused before any data is read or encoded: an unknown name would fail only after the context clusters.
            Nlp.Models.Encoders.ContextualEncoders.Variant(settings.PairScorerEncoder);
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
