namespace Nlp.Core.Pipeline;

/// <summary>
/// How the runner groups documents: consecutive documents in input order, closed at <see cref="MaxDocuments"/>
/// documents or once they hold <see cref="MaxChars"/> characters of text. Small documents share the tagger's forward
/// passes; a document of 16 KB or more goes alone (it fills the passes itself), so memory stays that of one document
/// per batch. Every command groups with this one rule: the encoder's int8 activations are quantized per forward pass,
/// so a document's entities can depend on the documents batched with it, and predict (what eval scores) and extract
/// (what ships) must batch the same documents together to give the same result.
/// </summary>
public static class DocumentBatches
{
    public const int MaxDocuments = 32;
    public const int MaxChars = 16 * 1024;

    /// <summary>Whether a batch of this many documents holding this many characters is closed.</summary>
    public static bool IsFull(int documents, long chars) => documents >= MaxDocuments || chars >= MaxChars;

    /// <summary>Groups items (documents, or work items holding one) whose text length <paramref name="chars"/> gives.</summary>
    public static IEnumerable<IReadOnlyList<T>> Group<T>(IEnumerable<T> items, Func<T, int> chars)
    {
        var batch = new List<T>();
        long held = 0;
        foreach (var item in items)
        {
            batch.Add(item);
            held += chars(item);
            if (!IsFull(batch.Count, held)) continue;
            yield return batch;
            batch = [];
            held = 0;
        }
        if (batch.Count > 0) yield return batch;
    }
}
