using Nlp.Core.Model;

namespace Nlp.Corpora.Folds;

/// <summary>
/// Leave-one-source-out folds: for each source (a document's <c>meta.source</c>, the seed it was cut from), a model
/// trains on the other sources' training documents, selects on their dev documents, and is scored on every
/// document of the held-out source, train and dev alike. Dev cut from the same sources as train cannot show how a
/// model does on a new archive or author; a held-out source can. Documents of our own writing (synthetic) are no
/// source: the caller adds them to every fold's training data.
/// </summary>
public static class CrossSourceFolds
{
    public sealed record Fold(string Source, IReadOnlyList<Document> Train, IReadOnlyList<Document> Dev, IReadOnlyList<Document> Test);

    /// <summary>One fold per source, in the order sources first appear (train, then dev).</summary>
    public static IReadOnlyList<Fold> Make(IReadOnlyList<Document> train, IReadOnlyList<Document> dev)
    {
        var sources = train.Concat(dev).Select(SourceOf).Distinct().ToList();
        if (sources.Count < 2)
            throw new ArgumentException($"leave-one-source-out needs documents from at least two sources (meta.source); found {sources.Count}");
        return sources.Select(s => new Fold(
            s,
            train.Where(d => SourceOf(d) != s).ToList(),
            dev.Where(d => SourceOf(d) != s).ToList(),
            train.Concat(dev).Where(d => SourceOf(d) == s).ToList())).ToList();
    }

    /// <summary>The document's source; a document without one cannot be placed in a fold.</summary>
    public static string SourceOf(Document d) =>
        d.Meta?["source"]?.ToString() is { Length: > 0 } s
            ? s
            : throw new ArgumentException($"document {d.Id} has no meta.source: leave-one-source-out cannot place it");

    /// <summary>A file-system-safe fold name: the source without its extension.</summary>
    public static string FoldName(string source) => "loso-" + Path.GetFileNameWithoutExtension(source);
}
