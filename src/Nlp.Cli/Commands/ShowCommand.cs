using System.CommandLine;
using Nlp.Core.Formats;
using Nlp.Review.Report;

namespace Nlp.Cli.Commands;

/// <summary><c>nlp show OUT.jsonl [--html report.html]</c>: a self-contained HTML report of an extraction
/// (<see cref="ReportRenderer"/>). Bad lines are reported on stderr and left out; the others are shown.</summary>
internal static class ShowCommand
{
    public static Command Create(CliConsole console)
    {
        var file = new Argument<string>("file") { Description = "JSONL file of documents (an extraction or predictions)" };
        var html = new Option<string?>("--html") { Description = "where to write the report (default: FILE with the extension .html)" };
        var command = new Command("show", "write a self-contained HTML report of an extraction: entities, events, relations, confidences on hover")
        {
            file, html,
        };
        command.SetAction(parse => console.Run(() =>
        {
            string input = parse.GetValue(file)!;
            string output = parse.GetValue(html) ?? Path.ChangeExtension(input, ".html");
            if (Path.GetFullPath(output) == Path.GetFullPath(input))
                throw new UsageException($"--html {output} would overwrite the input");
            // Passed through as read: a report shows labels outside the schema too (nlp validate names them).
            var reader = new JsonlReader(new ReaderOptions { OnBadLine = BadLinePolicy.Skip, Validate = false });
            var docs = reader.Read(input).ToList();
            foreach (var problem in reader.Problems) console.Error.WriteLine($"error: {problem.Message}");
            File.WriteAllText(output, ReportRenderer.Render(docs, Path.GetFileName(input)));
            console.Out.WriteLine($"{docs.Count} documents -> {output}");
            return reader.SkippedCount == 0 ? 0 : 1;
        }));
        return command;
    }
}
