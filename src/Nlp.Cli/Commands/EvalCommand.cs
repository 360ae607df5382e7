using System.CommandLine;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;
using Nlp.Core.Evaluation;
using Nlp.Core.Formats;
using Nlp.Core.Manifests;
using Nlp.Core.Model;
using Nlp.Core.Scoring;

namespace Nlp.Cli.Commands;

/// <summary>
/// <c>nlp eval --gold G --pred P [--json]</c>: the scores of ANNOTATION.md's Scoring section.
/// <c>nlp eval --cross-source DIR [--json]</c>: the cross-source yardstick's table over DIR's sets (each a folder
/// with gold <c>test.jsonl</c> and <c>predicted.jsonl</c>, as training-data/cross-source.sh leaves them).
/// </summary>
internal static class EvalCommand
{
    public static Command Create(CliConsole console)
    {
        var gold = new Option<string?>("--gold") { Description = "gold JSONL" };
        var pred = new Option<string?>("--pred") { Description = "predicted JSONL (same document ids and texts)" };
        var crossSource = new Option<string?>("--cross-source")
        {
            Description = "a folder of evaluation sets (loso-SOURCE/, dev-other/, each with test.jsonl and predicted.jsonl): " +
                          "F1 and ECE per layer for each set, the mean and pooled score of the loso sets; writes DIR/summary.json",
        };
        var json = new Option<bool>("--json") { Description = "print one JSON object instead of a table" };
        var record = new Option<string?>("--record")
        {
            Description = "with --cross-source: model folders (comma-separated) whose manifest.json gets the figures as 'cross_source'",
        };
        var schema = CommonOptions.Schema();
        var command = new Command("eval", "score predictions against gold annotations: P/R/F1 per label and micro, and calibration (ECE)")
        {
            gold, pred, crossSource, record, json, schema,
        };
        command.SetAction(parse => console.Run(() =>
        {
            var options = CommonOptions.Reader(parse.GetValue(schema), skipBad: false);
            if (parse.GetValue(crossSource) is { } dir)
            {
                if (parse.GetValue(gold) is not null || parse.GetValue(pred) is not null)
                    throw new UsageException("--cross-source reads its gold and predictions from the folder: give it without --gold/--pred");
                return CrossSource(dir, options, parse.GetValue(json), DocumentFiles.SplitList(parse.GetValue(record)), console);
            }
            if (parse.GetValue(record) is not null) throw new UsageException("--record goes with --cross-source");
            if (parse.GetValue(gold) is null || parse.GetValue(pred) is null)
                throw new UsageException("give --gold and --pred, or --cross-source DIR");
            var goldDocs = JsonlReader.ReadAll(parse.GetValue(gold)!, options);
            var predDocs = JsonlReader.ReadAll(parse.GetValue(pred)!, options);
            var report = Scorer.Score(goldDocs, predDocs);
            if (parse.GetValue(json)) console.Out.WriteLine(ReportFormatter.Json(report).ToString(Formatting.None));
            else console.Out.Write(ReportFormatter.Table(report));
            return 0;
        }));
        return command;
    }

    static int CrossSource(string dir, ReaderOptions options, bool json, IReadOnlyList<string> record, CliConsole console)
    {
        if (!Directory.Exists(dir)) throw new UsageException($"--cross-source: no such folder: {dir}");
        foreach (var model in record)
            if (!ManifestFile.Exists(model)) throw new UsageException($"--record: no {ModelManifest.FileName} in {model}");
        var sets = Directory.EnumerateDirectories(dir)
            .Where(d => File.Exists(Path.Combine(d, "test.jsonl")) && File.Exists(Path.Combine(d, "predicted.jsonl")))
            .Select(Path.GetFileName).OfType<string>()
            .OrderBy(n => n.StartsWith("loso-", StringComparison.Ordinal) ? 0 : 1).ThenBy(n => n, StringComparer.Ordinal)
            .ToList();
        if (sets.Count == 0) throw new UsageException($"--cross-source: no folder under {dir} holds test.jsonl and predicted.jsonl");
        var report = new CrossSourceReport();
        var pooledGold = new List<Document>();
        var pooledPredicted = new List<Document>();
        foreach (var set in sets)
        {
            var goldDocs = JsonlReader.ReadAll(Path.Combine(dir, set, "test.jsonl"), options);
            var predicted = JsonlReader.ReadAll(Path.Combine(dir, set, "predicted.jsonl"), options);
            report.Add(set, Scorer.Score(goldDocs, predicted));
            if (!set.StartsWith("loso-", StringComparison.Ordinal)) continue;
            pooledGold.AddRange(goldDocs);
            pooledPredicted.AddRange(predicted);
        }
        if (pooledGold.Count > 0) report.Pooled = Scorer.Score(pooledGold, pooledPredicted);
        var result = report.Json();
        File.WriteAllText(Path.Combine(dir, "summary.json"), result.ToString(Formatting.Indented) + "\n");
        foreach (var model in record) Record(model, result);
        if (json) console.Out.WriteLine(result.ToString(Formatting.None));
        else console.Out.Write(report.Table());
        return 0;
    }

    /// <summary>Writes the yardstick's summary into a model's manifest as scores.cross_source, beside its dev scores
    /// (scores are not part of the version, so the model's version stays).</summary>
    static void Record(string model, JObject result)
    {
        var manifest = ManifestFile.Read(model);
        var block = new JObject { ["measured_with"] = "training-data/cross-source.sh; nlp eval --cross-source" };
        foreach (var key in new[] { "leave_one_source_out_mean", "leave_one_source_out_pooled", "summary" })
            if (result[key] is { } value) block[key] = value.DeepClone();
        var scores = (JObject)manifest.Scores.DeepClone();
        scores["cross_source"] = block;
        ManifestFile.Write(model, manifest with { Scores = scores });
    }
}
