using System.Collections.Immutable;
using Nlp.Core.Model;
using Nlp.Core.Schema;

namespace Nlp.Core.Formats;

/// <summary>
/// Checks a parsed document against a schema: known labels, event roles that belong to the type,
/// relation heads and tails that are entity spans of fitting labels, unique ids, ordered tokens and sentences.
/// Offsets were range-checked by the parser already.
/// </summary>
public static class DocumentValidator
{
    public static IReadOnlyList<ValidationProblem> Validate(Document doc, AnnotationSchema schema)
    {
        var problems = new List<ValidationProblem>();
        void Error(string m) => problems.Add(new ValidationProblem(Severity.Error, $"document {doc.Id}: {m}"));
        void Warn(string m) => problems.Add(new ValidationProblem(Severity.Warning, $"document {doc.Id}: {m}"));

        CheckOrdered(doc.Sentences, "sentences", Error);
        CheckOrdered(doc.Tokens, "tokens", Error);

        var ids = new HashSet<string>();
        void CheckId(string? id, string where)
        {
            if (id is not null && !ids.Add(id)) Error($"{where}: duplicate id \"{id}\"");
        }

        var labelOfSpan = new Dictionary<Span, string>();
        for (int i = 0; i < doc.Entities.Length; i++)
        {
            var e = doc.Entities[i];
            string where = $"entity {e.Id ?? $"#{i}"} \"{doc.TextOf(e.Span)}\"";
            CheckId(e.Id, where);
            if (!schema.IsEntityLabel(e.Label))
                Error($"{where}: unknown entity label \"{e.Label}\" (schema {schema.Name}: {string.Join(", ", schema.EntityLabels)})");
            if (!labelOfSpan.TryAdd(e.Span, e.Label) && labelOfSpan[e.Span] != e.Label)
                Warn($"{where}: the same span also has label {labelOfSpan[e.Span]}");
            CheckEdges(doc, e.Span, where, Warn);
        }

        for (int i = 0; i < doc.Events.Length; i++)
        {
            var ev = doc.Events[i];
            string where = $"event {ev.Id ?? $"#{i}"} ({ev.Type} \"{doc.TextOf(ev.Trigger)}\")";
            CheckId(ev.Id, where);
            if (!schema.IsEventType(ev.Type))
            {
                Error($"{where}: unknown event type \"{ev.Type}\"" +
                      (schema.EventRoles.Count > 0 ? $" (known: {string.Join(", ", schema.EventTypes)})" : $" (schema {schema.Name} has no events)"));
                continue;
            }
            foreach (var a in ev.Arguments)
                if (!schema.RoleBelongsTo(ev.Type, a.Role))
                    Error($"{where}: role \"{a.Role}\" does not belong to {ev.Type} (its roles: {string.Join(", ", schema.EventRoles[ev.Type])})");
        }

        for (int i = 0; i < doc.Relations.Length; i++)
        {
            var r = doc.Relations[i];
            string where = $"relation {r.Id ?? $"#{i}"} ({r.Type} \"{doc.TextOf(r.Head)}\" -> \"{doc.TextOf(r.Tail)}\")";
            CheckId(r.Id, where);
            if (!schema.Relations.TryGetValue(r.Type, out var signature))
            {
                Error($"{where}: unknown relation type \"{r.Type}\"" +
                      (schema.Relations.Count > 0 ? $" (known: {string.Join(", ", schema.RelationTypes)})" : $" (schema {schema.Name} has no relations)"));
                continue;
            }
            if (!labelOfSpan.TryGetValue(r.Head, out var headLabel))
                Error($"{where}: head {r.Head} is not the span of an entity");
            else if (!signature.AcceptsHead(headLabel))
                Error($"{where}: head label {headLabel} not allowed for {r.Type} (allowed: {string.Join(", ", signature.HeadLabels)})");
            if (!labelOfSpan.TryGetValue(r.Tail, out var tailLabel))
                Error($"{where}: tail {r.Tail} is not the span of an entity");
            else if (!signature.AcceptsTail(tailLabel))
                Error($"{where}: tail label {tailLabel} not allowed for {r.Type} (allowed: {string.Join(", ", signature.TailLabels)})");
        }
        return problems;
    }

    private static void CheckOrdered(ImmutableArray<Span>? spans, string field, Action<string> error)
    {
        if (spans is not { } list) return;
        for (int i = 1; i < list.Length; i++)
            if (list[i].Start < list[i - 1].End)
            {
                error($"{field}[{i}] {list[i]} starts before {field}[{i - 1}] {list[i - 1]} ends: {field} must be ordered and must not overlap");
                return;
            }
    }

    // ANNOTATION.md: spans never start or end with a space; a warning, since foreign corpora may differ.
    private static void CheckEdges(Document doc, Span span, string where, Action<string> warn)
    {
        if (char.IsWhiteSpace(doc.Text[span.Start]) || char.IsWhiteSpace(doc.Text[span.End - 1]))
            warn($"{where}: span starts or ends with white space");
    }
}
