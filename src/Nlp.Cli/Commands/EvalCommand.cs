using System.CommandLine;
using Newtonsoft.Json;
using Nlp.Core.Formats;
using Nlp.Core.Scoring;

namespace Nlp.Cli.Commands;

/// <summary><c>nlp eval --gold G --pred P [--json]</c>: the scores of ANNOTATION.md's Scoring section.</summary>
internal static class EvalCommand
{
    public static Command Create(CliConsole console)
    {
        var gold = new Option<string>("--gold") { Description = "gold JSONL", Required = true };
        var pred = new Option<string>("--pred") { Description = "predicted JSONL (same document ids and texts)", Required = true };
        var json = new Option<bool>("--json") { Description = "print one JSON object instead of a table" };
        var schema = CommonOptions.Schema();
        var command = new Command("eval", "score predictions against gold annotations: P/R/F1 per label and micro, and calibration (ECE)")
        {
            gold, pred, json, schema,
        };
        command.SetAction(parse => console.Run(() =>
        {
            var options = CommonOptions.Reader(parse.GetValue(schema), skipBad: false);
            var goldDocs = JsonlReader.ReadAll(parse.GetValue(gold)!, options);
            var predDocs = JsonlReader.ReadAll(parse.GetValue(pred)!, options);
            var report = Scorer.Score(goldDocs, predDocs);
            if (parse.GetValue(json)) console.Out.WriteLine(ReportFormatter.Json(report).ToString(Formatting.None));
            else console.Out.Write(ReportFormatter.Table(report));
            return 0;
        }));
        return command;
    }
}
