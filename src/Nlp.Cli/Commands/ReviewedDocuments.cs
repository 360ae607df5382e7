using Nlp.Core.Model;

namespace Nlp.Cli.Commands;

/// <summary>The documents of a training or dev set that count for one layer (<see cref="ReviewedLayers"/>), saying how many did not.</summary>
internal static class ReviewedDocuments
{
    public static List<Document> Keep(IReadOnlyList<Document> documents, Layer layer, string set, CliConsole console)
    {
        var kept = ReviewedLayers.For(documents, layer);
        string name = layer.ToString().ToLowerInvariant();
        if (kept.Count < documents.Count)
            console.Error.WriteLine($"{set}: {documents.Count - kept.Count} of {documents.Count} documents do not mark their {name} reviewed (meta.{ReviewedLayers.MetaKey}) and are left out");
        if (kept.Count == 0) throw new UsageException($"{set}: no document has its {name} reviewed (meta.{ReviewedLayers.MetaKey})");
        return kept;
    }
}
