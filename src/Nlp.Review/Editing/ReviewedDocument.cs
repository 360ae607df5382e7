using Nlp.Core.Model;

namespace Nlp.Review.Editing;

/// <summary>A document under review: the predictions as read, its current state, and the layers the reviewer
/// has declared done (entities, events, relations).</summary>
public sealed class ReviewedDocument(Document prediction)
{
    public Document Prediction { get; } = prediction;
    public Document Current { get; set; } = prediction;
    public Layer Reviewed { get; set; }
    public DateTimeOffset? ReviewedAt { get; set; }

    /// <summary>Changed or declared reviewed: what goes to the corrections file.</summary>
    public bool Touched { get; set; }

    public string Id => Prediction.Id;

    /// <summary>The layer names of meta.reviewed, in the format's order.</summary>
    public static IEnumerable<string> LayerNames(Layer layers) =>
        new[] { Layer.Entities, Layer.Events, Layer.Relations }.Where(l => layers.HasFlag(l)).Select(l => l.ToString().ToLowerInvariant());

    public static Layer ParseLayer(string name) => name switch
    {
        "entities" => Layer.Entities,
        "events" => Layer.Events,
        "relations" => Layer.Relations,
        _ => throw new EditRefusedException($"unknown layer \"{name}\" (entities, events, relations)"),
    };
}
