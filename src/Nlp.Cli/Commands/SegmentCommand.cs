using System.CommandLine;
using Nlp.Core.Formats;
using Nlp.Core.Model;
using Nlp.Text;
using Nlp.Text.Loading;

namespace Nlp.Cli.Commands;

/// <summary>
/// <c>nlp segment INPUT... [--output OUT.jsonl] [--encoding NAME] [--show]</c>: loads a document file, normalizes,
/// tokenizes and splits it into sentences, and writes JSONL (tokens, sentences and zones in original offsets).
/// </summary>
internal static class SegmentCommand
{
    public static Command Create(CliConsole console)
    {
        var input = new Argument<string[]>("inputs")
        {
            Description = ".txt, .md, .html, .pdf or .jsonl files, folders (recursive) or glob patterns",
            Arity = ArgumentArity.OneOrMore,
        };
        var output = new Option<string?>("--output", "-o") { Description = "write JSONL to this file (default: standard output)" };
        var encoding = new Option<string?>("--encoding")
        {
            Description = "encoding of a text or HTML file, e.g. windows-1252, utf-16 (default: byte-order mark, else UTF-8, else Windows-1252)",
        };
        var show = new Option<bool>("--show") { Description = "print one sentence per line, tokens separated by │, instead of JSONL" };
        var command = new Command("segment", "normalize a document, split it into tokens and sentences, and write JSONL")
        {
            input, output, encoding, show,
        };
        command.SetAction(parse => console.Run(() =>
        {
            if (parse.GetValue(encoding) is { } named && !Encodings.IsKnown(named))
                throw new UsageException($"--encoding: unknown encoding \"{named}\" (try utf-8, utf-16, windows-1252, windows-1251, koi8-r)");
            var options = new LoadOptions
            {
                Encoding = parse.GetValue(encoding),
                OnWarning = w => console.Error.WriteLine($"warning: {w.Path}: {w.Message}"),
            };
            var stage = new TextStage();
            var scan = InputFiles.Scan(parse.GetValue(input)!);
            var files = scan.Files;
            if (files.Count == 0) throw new UsageException("no input files found");
            foreach (var notice in scan.Notices) console.Error.WriteLine($"notice: {notice}");
            foreach (var unreadable in scan.Unreadable) console.Error.WriteLine($"error: {unreadable.Path}: {unreadable.Reason}");
            int failed = scan.Unreadable.Count;
            // A bad file is reported and skipped: the other documents of the batch still come out.
            IEnumerable<Document> Documents()
            {
                foreach (var file in files)
                {
                    List<Document> loaded;
                    try
                    {
                        loaded = DocumentLoader.Load(file, options).Select(stage.Process).ToList();
                    }
                    catch (Exception e) when (e is DocumentLoadException or DocumentFormatException)
                    {
                        console.Error.WriteLine($"error: {e.Message}");
                        failed++;
                        continue;
                    }
                    foreach (var doc in loaded) yield return doc;
                }
            }
            string? outputPath = parse.GetValue(output);

            if (outputPath is not null)
            {
                int written = 0;
                using (var writer = JsonlWriter.Create(outputPath))
                {
                    foreach (var doc in Documents())
                    {
                        writer.Write(doc);
                        if (parse.GetValue(show)) Show(doc, console.Out);
                        written++;
                    }
                }
                console.Error.WriteLine($"segmented {written} document(s) from {files.Count} file(s) into {outputPath}" +
                                        (failed > 0 ? $"; {failed} file(s) failed" : ""));
            }
            else if (parse.GetValue(show))
            {
                foreach (var doc in Documents()) Show(doc, console.Out);
            }
            else
            {
                var writer = new JsonlWriter(console.Out);
                foreach (var doc in Documents()) writer.Write(doc);
                console.Out.Flush();
            }
            return failed == 0 ? 0 : 1;
        }));
        return command;
    }

    /// <summary>One sentence per line: "[zone]" when it lies in a footnote or heading, tokens separated by │.</summary>
    private static void Show(Document doc, TextWriter output)
    {
        var sentences = doc.Sentences ?? [];
        var tokens = doc.Tokens ?? [];
        var zones = doc.Zones ?? [];
        output.WriteLine($"# {doc.Id}: {sentences.Length} sentences, {tokens.Length} tokens, {zones.Length} zones");
        int t = 0;
        int z = 0;
        for (int s = 0; s < sentences.Length; s++)
        {
            var sentence = sentences[s];
            while (z < zones.Length && zones[z].Span.End <= sentence.Start) z++;
            string tag = z < zones.Length && zones[z].Span.Contains(sentence) ? $"[{zones[z].Kind}] " : "";
            while (t < tokens.Length && tokens[t].End <= sentence.Start) t++;
            var parts = new List<string>();
            for (; t < tokens.Length && tokens[t].Start < sentence.End; t++) parts.Add(TokenText.Surface(doc.Text, tokens[t]));
            output.WriteLine($"{s + 1,5} {tag}{string.Join(" │ ", parts)}");
        }
    }
}
