using System.CommandLine;
using System.Diagnostics;
using Nlp.Review;
using Nlp.Review.Editing;
using Nlp.Review.Server;
using Nlp.Sinks;

namespace Nlp.Cli.Commands;

/// <summary><c>nlp review PRED.jsonl [--out corrections.jsonl] [--port N] [--open] [--reviewer NAME]</c>: the local web
/// app for reading and correcting predictions (<see cref="ReviewServer"/>); runs until Ctrl+C, saving every change.</summary>
internal static class ReviewCommand
{
    public static Command Create(CliConsole console)
    {
        var file = new Argument<string>("predictions") { Description = "JSONL file of predicted documents" };
        file.Validators.Add(r =>
        {
            if (r.Tokens.FirstOrDefault()?.Value is { } f && !UsageRules.LooksLikeOption(f) && !File.Exists(f)) r.AddError($"no such file: {f}");
        });
        var output = new Option<string?>("--out") { Description = "the corrections file, read back when it exists (default: PREDICTIONS.corrections.jsonl beside it)" };
        var port = new Option<int>("--port") { Description = "port on 127.0.0.1 (default 0: any free port)" };
        var open = new Option<bool>("--open") { Description = "open the app in the default browser" };
        var reviewer = new Option<string?>("--reviewer") { Description = "your name, saved as meta.reviewer" };
        var threshold = new Option<double>("--threshold") { Description = "queue mode offers predictions below this confidence", DefaultValueFactory = _ => 0.6 };
        var schema = CommonOptions.Schema();
        var command = new Command("review", "review and correct predictions in the browser; corrections are saved in the gold JSONL format")
        {
            file, output, port, open, reviewer, threshold, schema,
        };
        command.SetAction(parse => console.Run(() =>
        {
            string predictions = parse.GetValue(file)!;
            string corrections = parse.GetValue(output) ?? ReviewOptions.DefaultCorrections(predictions);
            if (Path.GetFullPath(corrections) == Path.GetFullPath(predictions))
                throw new UsageException("--out must not be the predictions file (the predictions stay as they are)");
            if (parse.GetValue(threshold) is < 0 or > 1) throw new UsageException("--threshold must be between 0 and 1");
            if (parse.GetValue(port) is < 0 or > 65535) throw new UsageException("--port must be between 0 and 65535");
            // One app per corrections file: a second one would overwrite the first one's corrections.
            using var held = HoldCorrections(corrections);
            var session = new ReviewSession(new ReviewOptions(predictions, corrections)
            {
                Reader = CommonOptions.Reader(parse.GetValue(schema), skipBad: true),
                Reviewer = parse.GetValue(reviewer),
                QueueThreshold = parse.GetValue(threshold),
            });
            foreach (var problem in session.LoadProblems) console.Error.WriteLine($"error: {problem} (left out of the review)");
            return Serve(console, session, parse.GetValue(port), parse.GetValue(open)).GetAwaiter().GetResult();
        }));
        return command;
    }

    private static FileLock HoldCorrections(string corrections)
    {
        try
        {
            return FileLock.Acquire(corrections + ".lock", corrections);
        }
        catch (ResourceLockedException e)
        {
            // FileLock's advice (--wait) is for batch runs; a review app is stopped by its user.
            throw new IOException($"{e.Message.Split("; wait for it")[0]}: stop that review app (Ctrl+C) first, or give another --out");
        }
    }

    private static async Task<int> Serve(CliConsole console, ReviewSession session, int port, bool open)
    {
        await using var server = await ReviewServer.StartAsync(session, port);
        console.Out.WriteLine($"{session.Count} documents from {session.Options.Predictions}; corrections go to {session.Options.Corrections}");
        console.Out.WriteLine($"open {server.Url}");
        console.Out.WriteLine("every change is saved at once; Ctrl+C stops the app");
        console.Out.Flush();
        if (open)
        {
            try
            {
                Process.Start(new ProcessStartInfo(server.Url.ToString()) { UseShellExecute = true })?.Dispose();
            }
            catch (System.ComponentModel.Win32Exception e)
            {
                console.Error.WriteLine($"note: could not open a browser ({e.Message}); open the address above");
            }
        }
        await server.WaitForShutdownAsync(CancellationToken.None);
        return 0;
    }
}
