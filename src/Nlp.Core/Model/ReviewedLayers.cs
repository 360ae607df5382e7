using Newtonsoft.Json.Linq;
using Nlp.Core.Formats;

namespace Nlp.Core.Model;

/// <summary>
/// Which annotation layers of a document a person has checked, so that training learns from exactly those:
/// <c>meta.reviewed</c> is an array of <c>"entities"</c>, <c>"events"</c> and <c>"relations"</c> (the review tool writes
/// it with <c>meta.reviewed_at</c> and <c>meta.reviewer</c>). A document without the key is gold for every layer (the
/// training data); with the key, a layer not listed is unknown, not empty: a user who corrected only the entities
/// has not said that the document has no events. docs/FORMAT.md and training-data/README.md describe the key.
/// </summary>
public static class ReviewedLayers
{
    public const string MetaKey = "reviewed";

    /// <summary>The layers a training set can learn from, with their names in <c>meta.reviewed</c>.</summary>
    public static readonly IReadOnlyDictionary<string, Layer> Names = new Dictionary<string, Layer>(StringComparer.Ordinal)
    {
        ["entities"] = Layer.Entities, ["events"] = Layer.Events, ["relations"] = Layer.Relations,
    };

    public const Layer All = Layer.Entities | Layer.Events | Layer.Relations;

    /// <summary>The layers of <paramref name="document"/> that count as gold: all without the key, else those listed.</summary>
    public static Layer Of(Document document) => Parse(document.Meta?[MetaKey], document.Id);

    /// <summary>Whether <paramref name="document"/>'s <paramref name="layer"/> counts as gold.</summary>
    public static bool Covers(Document document, Layer layer) => (Of(document) & layer) == layer;

    /// <summary>The documents whose <paramref name="layer"/> counts as gold, in order.</summary>
    public static List<Document> For(IEnumerable<Document> documents, Layer layer) => documents.Where(d => Covers(d, layer)).ToList();

    /// <summary>Reads a <c>meta.reviewed</c> value (null: the key is absent); a bad one is a format error naming the document.</summary>
    public static Layer Parse(JToken? value, string documentId)
    {
        if (value is null) return All;
        if (value is not JArray array)
            throw new DocumentFormatException($"document {documentId}: meta.{MetaKey} must be an array of layer names ({Known}), found {value.Type}");
        var layers = Layer.None;
        foreach (var item in array)
        {
            if (item is not JValue { Type: JTokenType.String } s || !Names.TryGetValue((string)s!, out var layer))
                throw new DocumentFormatException($"document {documentId}: meta.{MetaKey}: unknown layer {item.ToString(Newtonsoft.Json.Formatting.None)} (expected {Known})");
            layers |= layer;
        }
        return layers;
    }

    static string Known => string.Join(", ", Names.Keys.Select(k => $"\"{k}\""));
}
