using Newtonsoft.Json.Linq;
using Nlp.Core.Formats;
using Nlp.Core.Model;
using Nlp.Review.Editing;

namespace Nlp.Review.Storage;

/// <summary>
/// The corrections file (--out): the documents a reviewer touched, in the gold JSONL format: confidences dropped,
/// meta.reviewed naming the layers gone through, meta.reviewed_at, meta.reviewer when given. Written whole through a
/// temporary file, so it is always either the previous or the new complete version. Read back when the app starts
/// again, so that a review continues where it stopped.
/// </summary>
public static class CorrectionsFile
{
    public static void Save(string path, IEnumerable<ReviewedDocument> documents, string? reviewer) =>
        JsonlWriter.WriteFile(path, documents.Where(d => d.Touched).Select(d => ToGold(d, reviewer)));

    public static Document ToGold(ReviewedDocument reviewed, string? reviewer)
    {
        var doc = reviewed.Current;
        var meta = (JObject?)doc.Meta?.DeepClone() ?? new JObject();
        meta["reviewed"] = new JArray(ReviewedDocument.LayerNames(reviewed.Reviewed));
        if (reviewed.ReviewedAt is { } at) meta["reviewed_at"] = at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'");
        if (reviewer is not null) meta["reviewer"] = reviewer;
        return doc with
        {
            Entities = [.. doc.Entities.Select(e => e with { Confidence = null })],
            Events = [.. doc.Events.Select(e => e with { Confidence = null, Arguments = [.. e.Arguments.Select(a => a with { Confidence = null, Extra = WithoutEntityFacts(a.Extra) })] })],
            Relations = [.. doc.Relations.Select(r => r with { Confidence = null })],
            Meta = meta,
        };
    }

    /// <summary>An extraction copies the type and confidence of the entity an argument falls on into the argument
    /// (ExtractionJson); after a review they may be stale, and the gold format has no confidences.</summary>
    private static JObject? WithoutEntityFacts(JObject? extra)
    {
        if (extra is null || (extra["entity_type"] is null && extra["entity_confidence"] is null)) return extra;
        var copy = (JObject)extra.DeepClone();
        copy.Remove("entity_type");
        copy.Remove("entity_confidence");
        return copy.Count > 0 ? copy : null;
    }

    /// <summary>Reads an earlier corrections file; a bad line stops the app (it would otherwise be overwritten).</summary>
    public static IReadOnlyList<(Document Document, Layer Reviewed, DateTimeOffset? ReviewedAt)> Read(string path, ReaderOptions options)
    {
        if (!File.Exists(path)) return [];
        return new JsonlReader(options with { OnBadLine = BadLinePolicy.Fail }).Read(path)
            .Select(d => (d, ReviewedLayers(d, path), ReviewedAtOf(d)))
            .ToList();
    }

    private static Layer ReviewedLayers(Document doc, string path)
    {
        if (doc.Meta?["reviewed"] is not JArray names) return Layer.None;
        try
        {
            return names.Select(n => n.ToString()).Aggregate(Layer.None, (all, n) => all | ReviewedDocument.ParseLayer(n));
        }
        catch (EditRefusedException e)
        {
            throw new DocumentFormatException($"document {doc.Id}: meta.reviewed: {e.Message}", path);
        }
    }

    private static DateTimeOffset? ReviewedAtOf(Document doc) =>
        DateTimeOffset.TryParse(doc.Meta?["reviewed_at"]?.ToString(), System.Globalization.CultureInfo.InvariantCulture,
            System.Globalization.DateTimeStyles.AssumeUniversal, out var at) ? at : null;
}
