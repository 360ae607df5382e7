using System.CommandLine;
using Nlp.Core.Formats;
using Nlp.Corpora.Statistics;

namespace Nlp.Cli.Commands;

/// <summary><c>nlp validate FILE.jsonl</c>: the reader's checks, then counts per label, type, role and relation.</summary>
internal static class ValidateCommand
{
    public static Command Create(CliConsole console)
    {
        var file = new Argument<string>("file") { Description = "JSONL file of documents" };
        var schema = CommonOptions.Schema();
        var all = new Option<bool>("--all") { Description = "report every bad line instead of stopping at the first" };
        var warnings = new Option<bool>("--warnings") { Description = "also list warnings (spans with white space at an edge, a span with two labels)" };
        var command = new Command("validate", "check a JSONL file against the format and the labels, and count its annotations")
        {
            file, schema, all, warnings,
        };
        command.SetAction(parse => console.Run(() =>
        {
            var reader = new JsonlReader(CommonOptions.Reader(parse.GetValue(schema), skipBad: parse.GetValue(all)));
            var counts = new AnnotationCounts();
            foreach (var doc in reader.Read(parse.GetValue(file)!)) counts.Add(doc);

            foreach (var problem in reader.Problems) console.Error.WriteLine($"error: {problem.Message}");
            if (parse.GetValue(warnings))
                foreach (var w in reader.Warnings) console.Error.WriteLine($"warning: {w}");

            console.Out.Write(counts.Format());
            console.Out.WriteLine($"bad lines: {reader.SkippedCount}, warnings: {reader.Warnings.Count}");
            return reader.SkippedCount == 0 ? 0 : 1;
        }));
        return command;
    }
}
