using System.Collections.Immutable;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;
using Nlp.Core.Model;

namespace Nlp.Core.Formats;

/// <summary>
/// Maps one JSONL line to a <see cref="Document"/> and back, exactly as ANNOTATION.md describes.
/// Checks structure and offsets here (types, required fields, ranges); labels and roles are checked
/// against a schema by <see cref="DocumentValidator"/>. Fields the model does not know are kept in
/// <c>Extra</c> and written back, so a round trip loses nothing.
/// </summary>
public static class DocumentJson
{

    private static readonly HashSet<string> DocumentFields = ["id", "text", "sentences", "tokens", "entities", "events", "relations", "meta", "zones"];
    private static readonly HashSet<string> EntityFields = ["id", "start", "end", "label", "confidence"];
    private static readonly HashSet<string> EventFields = ["id", "type", "trigger", "arguments", "confidence"];
    private static readonly HashSet<string> ArgumentFields = ["role", "start", "end", "confidence"];
    private static readonly HashSet<string> RelationFields = ["id", "type", "head", "tail", "confidence"];
    private static readonly HashSet<string> SpanFields = ["start", "end"];

    /// <summary>Parses one line. Throws <see cref="DocumentFormatException"/> (without file/line) on any defect.</summary>
    public static Document Parse(string line)
    {
        JObject obj;
        try
        {
            using var reader = new JsonTextReader(new StringReader(line)) { DateParseHandling = DateParseHandling.None };
            var token = JToken.ReadFrom(reader);
            if (reader.Read() && reader.TokenType != JsonToken.Comment)
                throw new DocumentFormatException("unexpected content after the JSON object");
            obj = token as JObject ?? throw new DocumentFormatException($"a document must be a JSON object, found {token.Type}");
        }
        catch (JsonReaderException e)
        {
            throw new DocumentFormatException($"malformed JSON: {e.Message}", inner: e);
        }
        return FromJObject(obj);
    }

    public static Document FromJObject(JObject obj)
    {
        string id = obj["id"] switch
        {
            JValue { Type: JTokenType.String or JTokenType.Integer } v => v.ToString(CultureInfoInvariant),
            null => throw new DocumentFormatException("missing \"id\""),
            var t => throw new DocumentFormatException($"\"id\" must be a string, found {t.Type}"),
        };
        string text = obj["text"] is JValue { Type: JTokenType.String } tv
            ? (string)tv!
            : throw new DocumentFormatException($"document {id}: missing or non-string \"text\"");

        var map = new OffsetMap(text);
        var ctx = new Context(id, map);

        return new Document(id, text)
        {
            Sentences = obj["sentences"] is { Type: not JTokenType.Null } s ? ReadSpans(s, "sentences", ctx) : null,
            Tokens = obj["tokens"] is { Type: not JTokenType.Null } tk ? ReadSpans(tk, "tokens", ctx) : null,
            Entities = ReadArray(obj["entities"], "entities", ctx, ReadEntity),
            Events = ReadArray(obj["events"], "events", ctx, ReadEvent),
            Relations = ReadArray(obj["relations"], "relations", ctx, ReadRelation),
            Zones = obj["zones"] is { Type: not JTokenType.Null } z ? ReadZones(z, ctx) : null,
            Meta = obj["meta"] switch
            {
                null or { Type: JTokenType.Null } => null,
                JObject m => CheckedMeta(m, id),
                var m => throw new DocumentFormatException($"document {id}: \"meta\" must be an object, found {m.Type}"),
            },
            Extra = ExtraOf(obj, DocumentFields),
        };
    }

    /// <summary>meta.reviewed decides what training learns from: a bad value is refused when read, so the reader names the file and line.</summary>
    static JObject CheckedMeta(JObject meta, string id)
    {
        ReviewedLayers.Parse(meta[ReviewedLayers.MetaKey], id);
        return meta;
    }

    public static string Serialize(Document doc, JsonOutputOptions? options = null)
    {
        var sw = new StringWriter(CultureInfoInvariant);
        using (var writer = new JsonTextWriter(sw) { Formatting = Formatting.None })
            ToJObject(doc, options).WriteTo(writer);
        return sw.ToString();
    }

    public static JObject ToJObject(Document doc, JsonOutputOptions? options = null)
    {
        options ??= JsonOutputOptions.Default;
        var map = new OffsetMap(doc.Text);
        var o = new JObject { ["id"] = doc.Id, ["text"] = doc.Text };

        var entities = new JArray();
        foreach (var e in doc.Entities)
        {
            var j = new JObject();
            if (e.Id is not null) j["id"] = e.Id;
            WriteSpan(j, e.Span, map);
            j["label"] = e.Label;
            if (e.Confidence is { } c) j["confidence"] = Round(c);
            if (options.IncludeSpanText) j["text"] = doc.TextOf(e.Span);
            Merge(j, e.Extra);
            entities.Add(j);
        }
        o["entities"] = entities;

        var events = new JArray();
        foreach (var ev in doc.Events)
        {
            var j = new JObject();
            if (ev.Id is not null) j["id"] = ev.Id;
            j["type"] = ev.Type;
            var trigger = new JObject();
            WriteSpan(trigger, ev.Trigger, map);
            if (options.IncludeSpanText) trigger["text"] = doc.TextOf(ev.Trigger);
            Merge(trigger, ev.TriggerExtra);
            j["trigger"] = trigger;
            var args = new JArray();
            foreach (var a in ev.Arguments)
            {
                var aj = new JObject { ["role"] = a.Role };
                WriteSpan(aj, a.Span, map);
                if (a.Confidence is { } ac) aj["confidence"] = Round(ac);
                if (options.IncludeSpanText) aj["text"] = doc.TextOf(a.Span);
                Merge(aj, a.Extra);
                args.Add(aj);
            }
            j["arguments"] = args;
            if (ev.Confidence is { } c) j["confidence"] = Round(c);
            Merge(j, ev.Extra);
            events.Add(j);
        }
        o["events"] = events;

        var relations = new JArray();
        foreach (var r in doc.Relations)
        {
            var j = new JObject();
            if (r.Id is not null) j["id"] = r.Id;
            j["type"] = r.Type;
            var head = new JObject();
            WriteSpan(head, r.Head, map);
            if (options.IncludeSpanText) head["text"] = doc.TextOf(r.Head);
            Merge(head, r.HeadExtra);
            var tail = new JObject();
            WriteSpan(tail, r.Tail, map);
            if (options.IncludeSpanText) tail["text"] = doc.TextOf(r.Tail);
            Merge(tail, r.TailExtra);
            j["head"] = head;
            j["tail"] = tail;
            if (r.Confidence is { } c) j["confidence"] = Round(c);
            Merge(j, r.Extra);
            relations.Add(j);
        }
        o["relations"] = relations;

        if (doc.Sentences is { } sentences) o["sentences"] = SpanArray(sentences, map);
        if (doc.Tokens is { } tokens) o["tokens"] = SpanArray(tokens, map);
        if (doc.Zones is { } zones)
        {
            var za = new JArray();
            foreach (var zone in zones)
            {
                var j = new JObject();
                WriteSpan(j, zone.Span, map);
                j["kind"] = zone.Kind;
                za.Add(j);
            }
            o["zones"] = za;
        }
        if (doc.Meta is not null) o["meta"] = doc.Meta.DeepClone();
        Merge(o, doc.Extra);
        return o;
    }

    // ---- reading helpers ----

    private static readonly System.Globalization.CultureInfo CultureInfoInvariant = System.Globalization.CultureInfo.InvariantCulture;

    private sealed record Context(string DocId, OffsetMap Map);

    private static ImmutableArray<T> ReadArray<T>(JToken? token, string field, Context ctx, Func<JObject, int, Context, T> read)
    {
        if (token is null || token.Type == JTokenType.Null) return ImmutableArray<T>.Empty;
        if (token is not JArray array) throw Fail(ctx, $"\"{field}\" must be an array, found {token.Type}");
        var builder = ImmutableArray.CreateBuilder<T>(array.Count);
        for (int i = 0; i < array.Count; i++)
        {
            if (array[i] is not JObject item) throw Fail(ctx, $"{field}[{i}] must be an object, found {array[i].Type}");
            builder.Add(read(item, i, ctx));
        }
        return builder.MoveToImmutable();
    }

    private static ImmutableArray<Span> ReadSpans(JToken token, string field, Context ctx)
    {
        if (token is not JArray array) throw Fail(ctx, $"\"{field}\" must be an array, found {token.Type}");
        var builder = ImmutableArray.CreateBuilder<Span>(array.Count);
        for (int i = 0; i < array.Count; i++)
        {
            if (array[i] is not JObject item) throw Fail(ctx, $"{field}[{i}] must be an object, found {array[i].Type}");
            builder.Add(ReadSpan(item, $"{field}[{i}]", ctx));
        }
        return builder.MoveToImmutable();
    }

    private static ImmutableArray<Zone> ReadZones(JToken token, Context ctx)
    {
        if (token is not JArray array) throw Fail(ctx, $"\"zones\" must be an array, found {token.Type}");
        var builder = ImmutableArray.CreateBuilder<Zone>(array.Count);
        for (int i = 0; i < array.Count; i++)
        {
            if (array[i] is not JObject item) throw Fail(ctx, $"zones[{i}] must be an object, found {array[i].Type}");
            builder.Add(new Zone(ReadSpan(item, $"zones[{i}]", ctx), ReadString(item, "kind", $"zones[{i}]", ctx)));
        }
        return builder.MoveToImmutable();
    }

    private static Span ReadSpan(JObject obj, string where, Context ctx)
    {
        int start = ReadInt(obj, "start", where, ctx);
        int end = ReadInt(obj, "end", where, ctx);
        int length = ctx.Map.CodePointLength;
        if (start < 0 || end > length)
            throw Fail(ctx, $"{where}: offsets [{start},{end}) out of range: the text has {length} characters");
        if (end <= start)
            throw Fail(ctx, $"{where}: end {end} must be greater than start {start}");
        return new Span(ctx.Map.ToUtf16(start), ctx.Map.ToUtf16(end));
    }

    private static int ReadInt(JObject obj, string name, string where, Context ctx) =>
        obj[name] switch
        {
            JValue { Type: JTokenType.Integer } v => checked((int)(long)v!),
            null => throw Fail(ctx, $"{where}: missing \"{name}\""),
            var t => throw Fail(ctx, $"{where}: \"{name}\" must be an integer, found {t.Type} {t.ToString(Formatting.None)}"),
        };

    private static string ReadString(JObject obj, string name, string where, Context ctx) =>
        obj[name] is JValue { Type: JTokenType.String } v && ((string)v!).Length > 0
            ? (string)v!
            : throw Fail(ctx, $"{where}: missing or empty \"{name}\"");

    private static string? ReadId(JObject obj, string where, Context ctx) =>
        obj["id"] switch
        {
            null or { Type: JTokenType.Null } => null,
            JValue { Type: JTokenType.String or JTokenType.Integer } v => v.ToString(CultureInfoInvariant),
            var t => throw Fail(ctx, $"{where}: \"id\" must be a string, found {t.Type}"),
        };

    private static double? ReadConfidence(JObject obj, string where, Context ctx)
    {
        var token = obj["confidence"];
        if (token is null || token.Type == JTokenType.Null) return null;
        if (token.Type is not (JTokenType.Float or JTokenType.Integer))
            throw Fail(ctx, $"{where}: \"confidence\" must be a number, found {token.Type}");
        double c = (double)token;
        if (double.IsNaN(c) || c < 0 || c > 1) throw Fail(ctx, $"{where}: confidence {c} is not between 0 and 1");
        return c;
    }

    private static JObject ReadObject(JObject obj, string name, string where, Context ctx) =>
        obj[name] as JObject ?? throw Fail(ctx, $"{where}: missing \"{name}\" object");

    private static Entity ReadEntity(JObject o, int i, Context ctx)
    {
        string where = $"entities[{i}]";
        return new Entity(ReadId(o, where, ctx), ReadSpan(o, where, ctx), ReadString(o, "label", where, ctx),
            ReadConfidence(o, where, ctx), ExtraOf(o, EntityFields));
    }

    private static Event ReadEvent(JObject o, int i, Context ctx)
    {
        string where = $"events[{i}]";
        var trigger = ReadObject(o, "trigger", where, ctx);
        var args = ReadArray(o["arguments"], $"{where}.arguments", ctx, (a, k, c) =>
        {
            string aw = $"{where}.arguments[{k}]";
            return new Argument(ReadString(a, "role", aw, c), ReadSpan(a, aw, c), ReadConfidence(a, aw, c), ExtraOf(a, ArgumentFields));
        });
        return new Event(ReadId(o, where, ctx), ReadString(o, "type", where, ctx), ReadSpan(trigger, $"{where}.trigger", ctx),
            args, ReadConfidence(o, where, ctx), ExtraOf(o, EventFields), ExtraOf(trigger, SpanFields));
    }

    private static Relation ReadRelation(JObject o, int i, Context ctx)
    {
        string where = $"relations[{i}]";
        var head = ReadObject(o, "head", where, ctx);
        var tail = ReadObject(o, "tail", where, ctx);
        return new Relation(ReadId(o, where, ctx), ReadString(o, "type", where, ctx),
            ReadSpan(head, $"{where}.head", ctx), ReadSpan(tail, $"{where}.tail", ctx),
            ReadConfidence(o, where, ctx), ExtraOf(o, RelationFields), ExtraOf(head, SpanFields), ExtraOf(tail, SpanFields));
    }

    private static DocumentFormatException Fail(Context ctx, string reason) => new($"document {ctx.DocId}: {reason}");

    private static JObject? ExtraOf(JObject obj, HashSet<string> known)
    {
        JObject? extra = null;
        foreach (var p in obj.Properties())
        {
            if (known.Contains(p.Name)) continue;
            extra ??= new JObject();
            extra[p.Name] = p.Value.DeepClone();
        }
        return extra;
    }

    // ---- writing helpers ----

    private static void WriteSpan(JObject j, Span span, OffsetMap map)
    {
        j["start"] = map.ToCodePoint(span.Start);
        j["end"] = map.ToCodePoint(span.End);
    }

    private static JArray SpanArray(ImmutableArray<Span> spans, OffsetMap map)
    {
        var a = new JArray();
        foreach (var s in spans)
        {
            var j = new JObject();
            WriteSpan(j, s, map);
            a.Add(j);
        }
        return a;
    }

    private static void Merge(JObject target, JObject? extra)
    {
        if (extra is null) return;
        foreach (var p in extra.Properties())
            if (target[p.Name] is null) target[p.Name] = p.Value.DeepClone();
    }

    private static double Round(double c) => Math.Round(c, 4);
}
