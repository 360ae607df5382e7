using System.Collections.Immutable;
using Newtonsoft.Json.Linq;

namespace Nlp.Core.Model;

/// <summary>
/// The one document model shared by every stage. Immutable: a stage returns an enriched copy
/// (<c>doc with { Entities = ... }</c>). Every span points into <see cref="Text"/>, the original text.
/// <see cref="Sentences"/> and <see cref="Tokens"/> are <c>null</c> when the document has not been segmented;
/// when present they are kept as given by every stage.
/// </summary>
public sealed record Document
{
    public Document(string id, string text)
    {
        Id = id ?? throw new ArgumentNullException(nameof(id));
        Text = text ?? throw new ArgumentNullException(nameof(text));
    }

    public string Id { get; init; }
    public string Text { get; init; }
    public ImmutableArray<Span>? Sentences { get; init; }
    public ImmutableArray<Span>? Tokens { get; init; }
    public ImmutableArray<Entity> Entities { get; init; } = ImmutableArray<Entity>.Empty;
    public ImmutableArray<Event> Events { get; init; } = ImmutableArray<Event>.Empty;
    public ImmutableArray<Relation> Relations { get; init; } = ImmutableArray<Relation>.Empty;

    /// <summary>Footnotes, page furniture and headings found by normalization; null when not analysed.</summary>
    public ImmutableArray<Zone>? Zones { get; init; }

    /// <summary>The document's own fields (title, source, date…), carried through unchanged.</summary>
    public JObject? Meta { get; init; }

    /// <summary>Top-level JSON fields this model does not know, kept for the round trip.</summary>
    public JObject? Extra { get; init; }

    public string TextOf(Span span) => Text.Substring(span.Start, span.Length);

    /// <summary>The layers this document carries (text always; the others when present or non-empty).</summary>
    public Layer Layers =>
        Layer.Text
        | (Sentences is not null ? Layer.Sentences : Layer.None)
        | (Tokens is not null ? Layer.Tokens : Layer.None)
        | (Entities.Length > 0 ? Layer.Entities : Layer.None)
        | (Events.Length > 0 ? Layer.Events : Layer.None)
        | (Relations.Length > 0 ? Layer.Relations : Layer.None)
        | (Zones is not null ? Layer.Zones : Layer.None);

    /// <summary>A copy with the annotation layers (entities, events, relations) removed: what a predictor starts from.</summary>
    public Document WithoutAnnotations() => this with
    {
        Entities = ImmutableArray<Entity>.Empty,
        Events = ImmutableArray<Event>.Empty,
        Relations = ImmutableArray<Relation>.Empty,
    };

    /// <summary>Indices of tokens inside a span (tokens must be present).</summary>
    public IEnumerable<int> TokenIndicesIn(Span span)
    {
        if (Tokens is not { } tokens) yield break;
        for (int i = 0; i < tokens.Length; i++)
            if (span.Contains(tokens[i])) yield return i;
    }
}
