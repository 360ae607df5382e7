using System.Collections.Immutable;
using Nlp.Core.Model;

namespace Nlp.Review.Editing;

/// <summary>
/// The edits of the review app, each a new <see cref="Document"/> from the old one. Whatever a person adds, relabels or
/// accepts loses its confidence: a missing confidence marks a human decision (and the gold format has none).
/// Labels, types and roles are not checked here: <see cref="EditCheck"/> puts every result through the checks of
/// <c>nlp validate</c>.
/// </summary>
public static class EditOperations
{
    public static Document Apply(Document doc, EditRequest edit) => edit.Op switch
    {
        "add-entity" => doc with { Entities = Sorted(doc.Entities.Add(new Entity(null, SpanOf(doc, edit), Required(edit.Label, "label")))) },
        "relabel-entity" => doc with { Entities = doc.Entities.SetItem(Entity(doc, edit.Index), doc.Entities[Entity(doc, edit.Index)] with { Label = Required(edit.Label, "label"), Confidence = null }) },
        "delete-entity" => DeleteEntity(doc, Entity(doc, edit.Index)),
        "add-event" => doc with { Events = doc.Events.Add(new Event(null, Required(edit.Type, "type"), SpanOf(doc, edit), [])) },
        "delete-event" => doc with { Events = doc.Events.RemoveAt(Event(doc, edit.Index)) },
        "set-event-type" => UpdateEvent(doc, edit.Index, e => e with { Type = Required(edit.Type, "type"), Confidence = null }),
        "add-argument" => UpdateEvent(doc, edit.Index, e => e with { Arguments = e.Arguments.Add(new Argument(Required(edit.Role, "role"), SpanOf(doc, edit))) }),
        "delete-argument" => UpdateEvent(doc, edit.Index, e => e with { Arguments = e.Arguments.RemoveAt(ArgumentOf(e, edit.Argument)) }),
        "add-relation" => doc with
        {
            Relations = doc.Relations.Add(new Relation(null, Required(edit.Type, "type"),
                doc.Entities[Entity(doc, edit.Head)].Span, doc.Entities[Entity(doc, edit.Tail)].Span)),
        },
        "set-relation-type" => doc with { Relations = doc.Relations.SetItem(RelationAt(doc, edit.Index), doc.Relations[RelationAt(doc, edit.Index)] with { Type = Required(edit.Type, "type"), Confidence = null }) },
        "delete-relation" => doc with { Relations = doc.Relations.RemoveAt(RelationAt(doc, edit.Index)) },
        "accept" => Accept(doc, edit),
        "reject" => Reject(doc, edit),
        _ => throw new EditRefusedException($"unknown edit \"{edit.Op}\""),
    };

    /// <summary>Deleting an entity also deletes the relations that start or end on it (a relation needs an entity
    /// at both ends); when another entity has the same span, they stay.</summary>
    private static Document DeleteEntity(Document doc, int index)
    {
        var span = doc.Entities[index].Span;
        var entities = doc.Entities.RemoveAt(index);
        if (entities.Any(e => e.Span == span)) return doc with { Entities = entities };
        return doc with { Entities = entities, Relations = doc.Relations.RemoveAll(r => r.Head == span || r.Tail == span) };
    }

    private static Document Accept(Document doc, EditRequest edit) => edit.Kind switch
    {
        "entity" => doc with { Entities = doc.Entities.SetItem(Entity(doc, edit.Index), doc.Entities[Entity(doc, edit.Index)] with { Confidence = null }) },
        "event" => UpdateEvent(doc, edit.Index, e => e with { Confidence = null }),
        "argument" => UpdateEvent(doc, edit.Index, e => e with { Arguments = e.Arguments.SetItem(ArgumentOf(e, edit.Argument), e.Arguments[ArgumentOf(e, edit.Argument)] with { Confidence = null }) }),
        "relation" => doc with { Relations = doc.Relations.SetItem(RelationAt(doc, edit.Index), doc.Relations[RelationAt(doc, edit.Index)] with { Confidence = null }) },
        _ => throw new EditRefusedException($"unknown kind \"{edit.Kind}\" (entity, event, argument, relation)"),
    };

    private static Document Reject(Document doc, EditRequest edit) => edit.Kind switch
    {
        "entity" => Apply(doc, edit with { Op = "delete-entity" }),
        "event" => Apply(doc, edit with { Op = "delete-event" }),
        "argument" => Apply(doc, edit with { Op = "delete-argument" }),
        "relation" => Apply(doc, edit with { Op = "delete-relation" }),
        _ => throw new EditRefusedException($"unknown kind \"{edit.Kind}\" (entity, event, argument, relation)"),
    };

    private static Document UpdateEvent(Document doc, int? index, Func<Event, Event> change)
    {
        int i = Event(doc, index);
        return doc with { Events = doc.Events.SetItem(i, change(doc.Events[i])) };
    }

    private static ImmutableArray<Entity> Sorted(ImmutableArray<Entity> entities) =>
        entities.Sort((a, b) => a.Span.CompareTo(b.Span));

    /// <summary>The span of an edit, in the text and not cutting a character in two: the condition for converting it
    /// to the file's code points at all. Everything else about it is checked as in <c>nlp validate</c>.</summary>
    private static Span SpanOf(Document doc, EditRequest edit)
    {
        int start = edit.Start ?? throw new EditRefusedException("the edit needs \"start\""), end = edit.End ?? throw new EditRefusedException("the edit needs \"end\"");
        if (start < 0 || end > doc.Text.Length || end <= start)
            throw new EditRefusedException($"span [{start},{end}) is not a non-empty span of the text (length {doc.Text.Length})");
        if (char.IsLowSurrogate(doc.Text[start]) || (end < doc.Text.Length && char.IsLowSurrogate(doc.Text[end])))
            throw new EditRefusedException($"span [{start},{end}) cuts a character in two");
        return new Span(start, end);
    }

    private static string Required(string? value, string name) =>
        string.IsNullOrEmpty(value) ? throw new EditRefusedException($"the edit needs \"{name}\"") : value;

    private static int Entity(Document doc, int? index) => InRange(index, doc.Entities.Length, "entity");
    private static int Event(Document doc, int? index) => InRange(index, doc.Events.Length, "event");
    private static int RelationAt(Document doc, int? index) => InRange(index, doc.Relations.Length, "relation");
    private static int ArgumentOf(Event e, int? index) => InRange(index, e.Arguments.Length, "argument");

    private static int InRange(int? index, int count, string what) =>
        index is { } i && i >= 0 && i < count ? i : throw new EditRefusedException($"there is no {what} #{index} (the document has {count})");
}
