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
}
