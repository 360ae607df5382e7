using System.CommandLine;
using Nlp.Core.Model;

namespace Nlp.Cli.Commands;

/// <summary>
/// The warm-start options every <c>nlp train</c> command takes: <c>--init-from MODEL_DIR</c> starts from that model's
/// weights, and <c>--replay FILE[,FILE] --replay-fraction F</c> mixes a seeded sample of the original training data
/// into the corrections given as <c>--train</c>, so that the model does not forget.
/// </summary>
internal sealed class FinetuneOptions(double defaultReplayFraction = 0.25)
{
    public readonly Option<string?> InitFrom = new("--init-from")
    {
        Description = "finetune: start from this model folder's weights (same kind of model) instead of from scratch; --out must be another folder",
    };
    public readonly Option<string?> Replay = new("--replay")
    {
        Description = "with --init-from: the original training files, comma-separated, of which --replay-fraction is trained on beside --train",
    };
    public readonly Option<double> ReplayFraction = new("--replay-fraction")
    {
        Description = "the share of the --replay documents drawn (seeded by --seed)", DefaultValueFactory = _ => defaultReplayFraction,
    };

    public void AddTo(Command command)
    {
        command.Options.Add(InitFrom);
        command.Options.Add(Replay);
        command.Options.Add(ReplayFraction);
    }

    /// <summary>The folder to start from, or null; usage errors for a missing folder, the same --out, or --replay without it.</summary>
    public string? StartFolder(ParseResult parse, string outputDirectory)
    {
        var start = parse.GetValue(InitFrom);
        if (start is null)
        {
            if (parse.GetValue(Replay) is not null) throw new UsageException("--replay needs --init-from (a full training run reads all of --train)");
            return null;
        }
        if (!Directory.Exists(start)) throw new UsageException($"--init-from {start}: no such model folder");
        if (Path.GetFullPath(start).TrimEnd('/') == Path.GetFullPath(outputDirectory).TrimEnd('/'))
            throw new UsageException($"--out {outputDirectory}: must differ from --init-from (the model started from is kept)");
        double fraction = parse.GetValue(ReplayFraction);
        if (fraction is < 0 or > 1 || double.IsNaN(fraction)) throw new UsageException($"--replay-fraction: expected a share between 0 and 1, got {fraction}");
        return start;
    }

    /// <summary>The replay files (empty without --replay).</summary>
    public IReadOnlyList<string> ReplayFiles(ParseResult parse) => DocumentFiles.SplitList(parse.GetValue(Replay));

    /// <summary>The seeded replay sample of <paramref name="read"/>'s documents, reported on stderr.</summary>
    public List<Document> ReplaySample(ParseResult parse, IReadOnlyList<Document> replay, int seed, CliConsole console)
    {
        if (replay.Count == 0) return [];
        var sample = Nlp.Models.MaxEnt.ReplaySample.Draw(replay, parse.GetValue(ReplayFraction), seed);
        console.Error.WriteLine($"replay: {sample.Count} of {replay.Count} documents of the original training data (seed {seed})");
        return sample;
    }

    /// <summary>Whether the user gave <paramref name="option"/> (a finetune has other defaults than a full run).</summary>
    public static bool Given(ParseResult parse, Option option) => parse.GetResult(option) is { Implicit: false };
}
