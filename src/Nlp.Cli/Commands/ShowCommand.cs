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
        file.Validators.Add(r =>
        {
            if (r.Tokens.FirstOrDefault()?.Value is { } f && !UsageRules.LooksLikeOption(f) && !File.Exists(f)) r.AddError($"no such file: {f}");
        });
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
            var options = new ReaderOptions { OnBadLine = BadLinePolicy.Skip, Validate = false };
            JsonlReader? first = null;
            int count = 0;
            IEnumerable<Nlp.Core.Model.Document> Read()
            {
                // Read twice (summary, then documents): the problems are reported from the first reading only.
                var reader = new JsonlReader(options);
                first ??= reader;
                foreach (var doc in reader.Read(input)) { if (reader == first) count++; yield return doc; }
            }
            string temporary = output + ".tmp";
            try
            {
                using (var writer = new StreamWriter(temporary, append: false, new System.Text.UTF8Encoding(false)))
                    ReportRenderer.Write(writer, Read, Path.GetFileName(input));
                File.Move(temporary, output, overwrite: true);
            }
            finally
            {
                File.Delete(temporary); // left only when the report could not be finished
            }
            foreach (var problem in first!.Problems) console.Error.WriteLine($"error: {problem.Message}");
            console.Out.WriteLine($"{count} documents -> {output}");
            return first.SkippedCount == 0 ? 0 : 1;
        }));
        return command;
    }
}
