using System.CommandLine;
using Nlp.Core.Formats;
using Nlp.Corpora.Folds;

namespace Nlp.Cli.Commands;

/// <summary>
/// <c>nlp folds --train T --dev D --out DIR</c>: writes the leave-one-source-out folds of the cross-source yardstick,
/// <c>DIR/loso-SOURCE/{train,dev,test}.jsonl</c>, one per <c>meta.source</c> (see <see cref="CrossSourceFolds"/>).
/// </summary>
internal static class FoldsCommand
{
    public static Command Create(CliConsole console)
    {
        var train = new Option<string>("--train") { Description = "gold training JSONL whose documents name their source in meta.source", Required = true };
        var dev = new Option<string>("--dev") { Description = "gold dev JSONL of the same sources", Required = true };
        var output = new Option<string>("--out") { Description = "folder for loso-SOURCE/{train,dev,test}.jsonl", Required = true };
        var command = new Command("folds", "leave-one-source-out folds: train and dev without a source, and all of that source as test")
        {
            train, dev, output,
        };
        command.SetAction(parse => console.Run(() =>
        {
            var options = CommonOptions.Reader(null, skipBad: false);
            foreach (var path in new[] { parse.GetValue(train)!, parse.GetValue(dev)! })
                if (!File.Exists(path)) throw new UsageException($"no such file: {path}");
            var folds = CrossSourceFolds.Make(JsonlReader.ReadAll(parse.GetValue(train)!, options), JsonlReader.ReadAll(parse.GetValue(dev)!, options));
            foreach (var fold in folds)
            {
                var dir = Path.Combine(parse.GetValue(output)!, CrossSourceFolds.FoldName(fold.Source));
                Directory.CreateDirectory(dir);
                JsonlWriter.WriteFile(Path.Combine(dir, "train.jsonl"), fold.Train);
                JsonlWriter.WriteFile(Path.Combine(dir, "dev.jsonl"), fold.Dev);
                JsonlWriter.WriteFile(Path.Combine(dir, "test.jsonl"), fold.Test);
                console.Out.WriteLine($"{dir}: train {fold.Train.Count}, dev {fold.Dev.Count}, test {fold.Test.Count} documents (held out: {fold.Source})");
            }
            return 0;
        }));
        return command;
    }
}
