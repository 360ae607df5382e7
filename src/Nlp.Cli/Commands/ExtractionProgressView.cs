using Nlp.Pipeline.Building;
using Nlp.Pipeline.Extraction;
using Spectre.Console;

namespace Nlp.Cli.Commands;

/// <summary>
/// Shows an extraction's progress: a live Spectre.Console bar (documents done of total, tokens/s, ETA, errors) on
/// an interactive terminal, plain lines every few seconds otherwise (CI logs, tests, pipes). Errors are printed as
/// they come in plain mode; under the live bar they are printed when it ends (and are in errors.jsonl either way).
/// </summary>
internal static class ExtractionProgressView
{
    private static readonly TimeSpan PlainInterval = TimeSpan.FromSeconds(5);

    /// <param name="workers">Other workers than this process's pipelines (a cluster's), given the notice printer.</param>
    public static ExtractionSummary Run(CliConsole console, ExtractionOptions options, CancellationToken cancel,
        Func<Action<string>, Func<BuiltPipeline, IBatchWorkers>>? workers = null)
    {
        bool live = ReferenceEquals(console.Error, Console.Error) && !Console.IsErrorRedirected && AnsiConsole.Profile.Capabilities.Interactive;
        return live ? RunLive(console, options, cancel, workers) : RunPlain(console, options, cancel, workers);
    }

    private static ExtractionSummary RunPlain(CliConsole console, ExtractionOptions options, CancellationToken cancel,
        Func<Action<string>, Func<BuiltPipeline, IBatchWorkers>>? workers)
    {
        var last = TimeSpan.Zero;
        Action<string> notice = m => console.Error.WriteLine($"notice: {m}");
        var runner = new ExtractionRunner(options, workers: workers?.Invoke(notice))
        {
            OnNotice = notice,
            OnError = m => console.Error.WriteLine($"error: {m}"),
            OnProgress = p =>
            {
                if (p.Elapsed - last < PlainInterval) return;
                last = p.Elapsed;
                console.Error.WriteLine(Line(p));
            },
        };
        return runner.Run(cancel);
    }

    private static ExtractionSummary RunLive(CliConsole console, ExtractionOptions options, CancellationToken cancel,
        Func<Action<string>, Func<BuiltPipeline, IBatchWorkers>>? workers)
    {
        var errors = new List<string>();
        var notices = new List<string>();
        ExtractionSummary? summary = null;
        AnsiConsole.Progress()
            .AutoClear(false)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn())
            .Start(ctx =>
            {
                var task = ctx.AddTask("starting", maxValue: 1);
                Action<string> notice = m => { lock (notices) notices.Add(m); };
                var runner = new ExtractionRunner(options, workers: workers?.Invoke(notice))
                {
                    OnNotice = notice,
                    OnError = m => { lock (errors) errors.Add(m); },
                    OnProgress = p =>
                    {
                        task.MaxValue = Math.Max(1, p.Total);
                        task.Value = p.Done + p.Failed;
                        task.Description = Markup.Escape(Line(p));
                    },
                };
                summary = runner.Run(cancel);
                task.Value = task.MaxValue;
            });
        foreach (var n in notices) console.Error.WriteLine($"notice: {n}");
        foreach (var e in errors.Take(50)) console.Error.WriteLine($"error: {e}");
        if (errors.Count > 50) console.Error.WriteLine($"… and {errors.Count - 50} more in {options.ErrorsPath}");
        return summary!;
    }

    private static string Line(ExtractionProgress p) =>
        $"{p.Done}/{p.Total} documents, {p.TokensPerSecond:N0} tokens/s, ETA {(p.Eta is { } eta ? eta.ToString(@"hh\:mm\:ss") : "-")}, {p.Failed} error(s)";
}
