using Newtonsoft.Json;
using Newtonsoft.Json.Linq;
using Nlp.Core.Formats;
using Nlp.Core.Model;

namespace Nlp.Sinks;

/// <summary>
/// The output records of an extraction. A document record is the ANNOTATION.md document (DocumentJson) with the
/// span text on every entity, trigger and argument, the argument's entity type and normalized value where an
/// entity has exactly its span, and a "provenance" object. An event record (--events-only) is one event with
/// everything needed to read it alone: document id and path, trigger, sentence, arguments.
/// Tokens are left out unless asked for: they would make the file several times larger than the text.
/// </summary>
public static class ExtractionJson
{
    private static readonly JsonOutputOptions WithText = new() { IncludeSpanText = true };

    public static JObject DocumentRecord(Document doc, Provenance provenance, bool includeTokens = false)
    {
        var o = DocumentJson.ToJObject(includeTokens ? doc : doc with { Tokens = null }, WithText);
        if (o["events"] is JArray events)
            for (int e = 0; e < events.Count && e < doc.Events.Length; e++)
                if (events[e]["arguments"] is JArray args)
                    for (int a = 0; a < args.Count && a < doc.Events[e].Arguments.Length; a++)
                        AddEntityFacts((JObject)args[a], EntityAt(doc, doc.Events[e].Arguments[a].Span));
        o["provenance"] = provenance.ToJson();
        return o;
    }

    public static IEnumerable<JObject> EventRecords(Document doc, Provenance provenance)
    {
        var map = new OffsetMap(doc.Text);
        foreach (var ev in doc.Events)
        {
            var sentence = SentenceOf(doc, ev.Trigger);
            var record = new JObject
            {
                ["document_id"] = doc.Id,
                ["path"] = provenance.Path,
                ["id"] = ev.Id,
                ["type"] = ev.Type,
                ["trigger"] = new JObject
                {
                    ["text"] = doc.TextOf(ev.Trigger),
                    ["start"] = map.ToCodePoint(ev.Trigger.Start),
                    ["end"] = map.ToCodePoint(ev.Trigger.End),
                },
                ["sentence"] = sentence is { } s
                    ? new JObject { ["text"] = doc.TextOf(s), ["start"] = map.ToCodePoint(s.Start), ["end"] = map.ToCodePoint(s.End) }
                    : null,
                ["arguments"] = new JArray(ev.Arguments.Select(a =>
                {
                    var j = new JObject
                    {
                        ["role"] = a.Role,
                        ["text"] = doc.TextOf(a.Span),
                        ["start"] = map.ToCodePoint(a.Start),
                        ["end"] = map.ToCodePoint(a.End),
                    };
                    AddEntityFacts(j, EntityAt(doc, a.Span));
                    if (a.Confidence is { } c) j["confidence"] = Math.Round(c, 4);
                    return j;
                })),
                ["confidence"] = ev.Confidence is { } ec ? Math.Round(ec, 4) : null,
                ["provenance"] = provenance.ToJson(),
            };
            yield return record;
        }
    }

    public static string Line(JObject record) => record.ToString(Formatting.None);

    /// <summary>The entity whose span is exactly this one (an argument that is an entity uses its span exactly).</summary>
    public static Entity? EntityAt(Document doc, Span span)
    {
        foreach (var e in doc.Entities) if (e.Span == span) return e;
        return null;
    }

    /// <summary>The sentence containing a span, or the first one overlapping it.</summary>
    public static Span? SentenceOf(Document doc, Span span)
    {
        if (doc.Sentences is not { } sentences) return null;
        Span? overlapping = null;
        foreach (var s in sentences)
        {
            if (s.Contains(span)) return s;
            if (overlapping is null && s.Overlaps(span)) overlapping = s;
        }
        return overlapping;
    }

    /// <summary>A stage's normalized value ("normalized" in the entity's extra fields): a string or a number.</summary>
    public static JToken? NormalizedOf(Entity? e) => e?.Extra?["normalized"] is { Type: not JTokenType.Null } n ? n : null;

    public static string? UnitOf(Entity? e) => e?.Extra?["unit"] is JValue { Type: JTokenType.String } u ? (string?)u : null;

    private static void AddEntityFacts(JObject arg, Entity? entity)
    {
        if (entity is null) return;
        arg["entity_type"] = entity.Label;
        if (NormalizedOf(entity) is { } n) arg["normalized"] = n.DeepClone();
        if (UnitOf(entity) is { } u) arg["unit"] = u;
        if (entity.Confidence is { } c) arg["entity_confidence"] = Math.Round(c, 4);
    }
}
