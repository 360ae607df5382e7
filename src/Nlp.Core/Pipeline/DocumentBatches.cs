namespace Nlp.Core.Pipeline;

/// <summary>
/// How the runner groups documents: consecutive documents in input order, closed at <see cref="MaxDocuments"/>
/// documents or once they hold <see cref="MaxChars"/> characters of text. Small documents share the tagger's forward
/// passes; a document of 16 KB or more goes alone (it fills the passes itself), so a batch holds about as much memory
/// as one large document. Every command groups with this one rule, so a stage sees the same documents together
/// whichever command runs it: today no stage's result for a document depends on its neighbours (the tagger's encoder
/// is called once per document), and should one ever do, predict (what eval scores) and extract (what ships) still
/// agree.
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
