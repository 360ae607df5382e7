using System.CommandLine;
using System.Globalization;
using Nlp.Core.Formats;
using Nlp.Core.Model;
using Nlp.Pipeline.Versions;

namespace Nlp.Cli.Commands;

/// <summary>
/// <c>nlp models compare NAME@A NAME@B --gold FILE[,FILE2] [--models DIR] [--resamples N] [--seed S]</c>: both versions
/// scored on each gold file, with the paired bootstrap's verdict (<see cref="VersionComparison"/>).
/// Exits 0 either way: the verdict is printed, not an error.
/// </summary>
internal static class ModelsCompareCommand
{
    public static Command Create(CliConsole console)
    {
        var first = new Argument<string>("a") { Description = "NAME@VERSION: the version to compare against (e.g. the current one)" };
        var second = new Argument<string>("b") { Description = "NAME@VERSION: the candidate" };
        var gold = new Option<string>("--gold") { Description = "gold JSONL file(s), comma-separated", Required = true };
        var models = ModelsCommand.ModelsOption();
        var resamples = new Option<int>("--resamples") { Description = "bootstrap resamples", DefaultValueFactory = _ => VersionComparison.DefaultResamples };
        var seed = new Option<int>("--seed") { Description = "bootstrap seed", DefaultValueFactory = _ => 1 };
        var command = new Command("compare", "score two versions of a model on gold files; is the second worse beyond noise (paired bootstrap over documents)?")
        {
            first, second, gold, models, resamples, seed,
        };
        command.SetAction(parse => console.Run(() => ModelsCommand.Usage(() =>
        {
            if (parse.GetValue(resamples) < 100) throw new UsageException("--resamples must be at least 100");
            string dir = ModelsCommand.ModelsDirectory(parse.GetValue(models));
            var a = Resolve(dir, parse.GetValue(first)!);
            var b = Resolve(dir, parse.GetValue(second)!);
            var files = DocumentFiles.SplitList(parse.GetValue(gold));
            foreach (var file in files)
                if (!File.Exists(file)) throw new UsageException($"--gold: no such file: {file}");
            Nlp.Models.TorchSetup.Seed(0, 2);
            var results = files.Select(f => VersionComparison.Compare(a.Directory, b.Directory,
                JsonlReader.ReadAll(f, new ReaderOptions { OnBadLine = BadLinePolicy.Fail }), f, parse.GetValue(resamples), parse.GetValue(seed))).ToList();
            console.Out.Write(Table(a.Version, b.Version, results));
            return 0;
        })));
        return command;
    }

    static ModelVersion Resolve(string modelsDirectory, string target)
    {
        var (name, version) = ModelsCommand.SplitTarget(target);
        return ModelVersions.Find(ModelVersions.ModelDirectory(modelsDirectory, name), version);
    }

    /// <summary>Plain text, one row per gold file and layer: F1 of A and B, B − A with its 90% bootstrap interval, verdict.</summary>
    public static string Table(string a, string b, IReadOnlyList<VersionComparisonResult> results)
    {
        var text = new System.Text.StringBuilder();
        text.AppendLine($"A = {a}, B = {b}; B - A: F1 points, 90% paired-bootstrap interval over documents");
        text.AppendLine(string.Format(CultureInfo.InvariantCulture, "{0,-28} {1,-10} {2,5} {3,7} {4,7} {5,7}  {6,-17} {7}", "gold", "layer", "docs", "F1 A", "F1 B", "B - A", "interval", "verdict"));
        foreach (var r in results)
            foreach (var l in r.Layers)
                text.AppendLine(string.Format(CultureInfo.InvariantCulture, "{0,-28} {1,-10} {2,5} {3,7:F2} {4,7:F2} {5,7:+0.00;-0.00;0.00}  [{6:+0.00;-0.00;0.00}, {7:+0.00;-0.00;0.00}]  {8}",
                    Path.GetFileName(r.Set), l.Layer, r.Documents, l.F1A, l.F1B, l.Delta, l.DeltaLow, l.DeltaHigh,
                    l.Worse ? "B worse beyond noise" : l.DeltaLow > 0 ? "B better" : "within noise"));
        return text.ToString();
    }
}
