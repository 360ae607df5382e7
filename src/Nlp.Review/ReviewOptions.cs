using Nlp.Core.Formats;

namespace Nlp.Review;

/// <summary>What <c>nlp review</c> was started with. The two files are the only ones the app reads or writes.</summary>
public sealed record ReviewOptions(string Predictions, string Corrections)
{
    public ReaderOptions Reader { get; init; } = ReaderOptions.Default;
    public string? Reviewer { get; init; }

    /// <summary>The queue's default: predictions below this confidence are offered one at a time.</summary>
    public double QueueThreshold { get; init; } = 0.6;

    /// <summary>The default corrections file: beside the predictions, PRED.corrections.jsonl.</summary>
    public static string DefaultCorrections(string predictions) =>
        Path.Combine(Path.GetDirectoryName(Path.GetFullPath(predictions))!, Path.GetFileNameWithoutExtension(predictions) + ".corrections.jsonl");
}
