using System.CommandLine;
using System.Diagnostics;
using Nlp.Core.Scoring;
using Nlp.Models.Relations;
using Nlp.Models.Extraction;

namespace Nlp.Cli.Commands;

/// <summary>
/// <c>nlp train relations --train T.jsonl[,T2.jsonl] --dev D.jsonl --out models/NAME</c>: fits the relation extractor
/// (calibrated), scores it on dev with gold entities and writes the model with its manifest.
/// </summary>
internal static class TrainRelationsCommand
{
    public static Command Create(CliConsole console)
    {
        var train = new Option<string>("--train") { Description = "gold JSONL training file(s), comma-separated", Required = true };
        var dev = new Option<string>("--dev") { Description = "gold JSONL dev file (scores in the manifest)", Required = true };
        var output = new Option<string>("--out") { Description = "model folder to write", Required = true };
        var seed = new Option<int>("--seed") { Description = "random seed", DefaultValueFactory = _ => 13 };
        var epochs = new Option<int>("--epochs") { Description = "passes over the training data", DefaultValueFactory = _ => 6 };
        var threads = new Option<int>("--threads") { Description = "calibration folds trained at once (1-2)", DefaultValueFactory = _ => 1 };
        var l2 = new Option<double>("--l2") { Description = "L2 penalty", DefaultValueFactory = _ => 1e-4 };
        var minCount = new Option<int>("--min-count") { Description = "drop features seen fewer times", DefaultValueFactory = _ => 1 };
        var wordnet = new Option<string?>("--wordnet") { Description = $"WordNet database folder (default {WordNetLexiconBuilder.DefaultPath})" };
        var command = new Command("relations", "train the relation extractor (entity pairs in one sentence)") { train, dev, output, seed, epochs, threads, l2, minCount, wordnet };
        command.SetAction(parse => console.Run(() =>
        {
            var clock = Stopwatch.StartNew();
            var trainPaths = TrainingCorpus.SplitPaths(parse.GetValue(train)!);
            var devPaths = TrainingCorpus.SplitPaths(parse.GetValue(dev)!);
            var trainDocs = TrainingCorpus.Read(trainPaths);
            var devDocs = TrainingCorpus.Read(devPaths);
            var schema = TrainingCorpus.SchemaOf(trainDocs);
            var lexicon = TrainCommandSupport.BuildLexicon(parse.GetValue(wordnet), console);
            console.Out.WriteLine($"read {trainDocs.Count} training documents ({trainDocs.Sum(d => d.Relations.Length)} relations), " +
                                  $"{devDocs.Count} dev documents; lexicon of {lexicon.Count} words");
            var settings = new RelationTrainerSettings
            {
                Seed = parse.GetValue(seed), Epochs = parse.GetValue(epochs), Threads = Math.Clamp(parse.GetValue(threads), 1, 2),
                L2 = parse.GetValue(l2), MinFeatureCount = parse.GetValue(minCount),
            };
            var trainer = new RelationTrainer(schema, lexicon, settings) { Progress = line => console.Out.WriteLine(line) };
            var template = new ModelManifest
            {
                Kind = RelationModel.Kind, Schema = schema.Name,
                TrainingData = trainPaths.Select(DataFile.Of).ToList(), DevData = devPaths.Select(DataFile.Of).ToList(),
            };
            var model = trainer.Fit(trainDocs, devDocs, template);
            var trainSeconds = clock.Elapsed.TotalSeconds;
            var report = model.Score(devDocs);
            var scores = ReportFormatter.Json(report);
            scores["calibration"] = model.Manifest.DevScores["calibration"];
            scores["train_seconds"] = Math.Round(trainSeconds, 1);
            model = model.WithManifest(model.Manifest with { DevScores = scores });
            var dir = parse.GetValue(output)!;
            model.Save(dir);
            console.Out.Write(ReportFormatter.Table(report));
            console.Out.WriteLine($"trained in {trainSeconds:F1}s; wrote {dir} ({TrainCommandSupport.FolderSize(dir) / 1024} KB)");
            return 0;
        }));
        return command;
    }
}
