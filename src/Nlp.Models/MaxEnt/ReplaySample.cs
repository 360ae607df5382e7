using Nlp.Core.Model;

namespace Nlp.Models.MaxEnt;

/// <summary>
/// A finetune's replay: a seeded sample of the original training documents trained on beside the corrections, so that
/// the model keeps what the corrections do not speak about (rehearsal against catastrophic forgetting).
/// </summary>
public static class ReplaySample
{
    /// <summary>round(<paramref name="fraction"/> × count) documents drawn without replacement by a seeded shuffle, in their original order.</summary>
    public static List<Document> Draw(IReadOnlyList<Document> documents, double fraction, int seed)
    {
        if (fraction is < 0 or > 1 || double.IsNaN(fraction)) throw new ArgumentOutOfRangeException(nameof(fraction), fraction, "a replay fraction is between 0 and 1");
        var order = Enumerable.Range(0, documents.Count).ToArray();
        new Random(seed).Shuffle(order);
        var chosen = order.Take((int)Math.Round(fraction * documents.Count)).Order();
        return chosen.Select(i => documents[i]).ToList();
    }

    /// <summary>
    /// What the tagger's finetune trains on: the corrections, repeated so that they weigh as much as the replay sample
    /// (round(replay ÷ corrections) times, at least once), then the replay sample. The tagger takes a few small steps
    /// from its weights, and without the repeats four corrected documents beside 70 replayed ones taught it none of
    /// eight entity corrections; with them, all eight (docs/RESULTS.md, "Correct and retrain"). The max-ent models do
    /// not repeat: they are fitted to convergence, and weighting the corrections pulled them off new sources.
    /// </summary>
    public static List<Document> Mix(IReadOnlyList<Document> corrections, IReadOnlyList<Document> replay)
    {
        var mixed = Repeated(corrections, Repeats(corrections.Count, replay.Count));
        mixed.AddRange(replay);
        return mixed;
    }

    /// <summary>The documents <paramref name="times"/> times over, in order (a weight of <paramref name="times"/> each).</summary>
    public static List<Document> Repeated(IReadOnlyList<Document> documents, int times) =>
        Enumerable.Range(0, times).SelectMany(_ => documents).ToList();

    /// <summary>How many times each correction is trained on beside <paramref name="replay"/> replayed documents.</summary>
    public static int Repeats(int corrections, int replay) =>
        corrections == 0 ? 1 : Math.Max(1, (int)Math.Round(replay / (double)corrections, MidpointRounding.AwayFromZero));
}
