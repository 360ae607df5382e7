using System.Collections.Immutable;
using Newtonsoft.Json.Linq;
using Nlp.Core.Formats;
using Nlp.Core.Model;
using Nlp.Core.Schema;

namespace Nlp.Corpora.Annotation;

/// <summary>
/// Turns annotation scripts (spans named by their text and occurrence) into documents with offsets
/// computed by code, and checks them: every span found, no two entities overlapping, roles of the type,
/// relation ends that are entities. Nobody types an offset by hand.
/// </summary>
public sealed class AnnotationCompiler
{
    private readonly AnnotationSchema _schema;

    public AnnotationCompiler(AnnotationSchema? schema = null) => _schema = schema ?? Schemas.Domain;

    public List<CompileError> Errors { get; } = new();

    /// <summary>Compiles one block against its passage text.</summary>
    public Document? Compile(PassageBlock block, string passageId, string text, JObject meta)
    {
        int errorsBefore = Errors.Count;
        var entityLines = new List<(ScriptLine Line, string Label, SpanReference Ref)>();
        var eventLines = new List<ScriptLine>();
        var relationLines = new List<ScriptLine>();
        foreach (var line in block.Lines)
        {
            var kind = line.Text.Split(' ', 2)[0];
            switch (kind)
            {
                case "ENT":
                    var parts = line.Text.Split(' ', 3, StringSplitOptions.RemoveEmptyEntries);
                    if (parts.Length < 3) { Fail(line, "expected 'ENT LABEL text'"); break; }
                    if (!_schema.IsEntityLabel(parts[1])) { Fail(line, $"unknown entity label {parts[1]}"); break; }
                    entityLines.Add((line, parts[1], SpanReference.Parse(parts[2])));
                    break;
                case "EVT": eventLines.Add(line); break;
                case "REL": relationLines.Add(line); break;
                default: Fail(line, $"unknown line kind '{kind}' (ENT, EVT, REL, or # comment)"); break;
            }
        }

        var entities = ResolveEntities(entityLines, text);
        var entitySpans = entities.ToDictionary(e => e.Span, e => e.Label);
        var events = eventLines.Select(l => ResolveEvent(l, text, entitySpans)).Where(e => e is not null).Select(e => e!).ToList();
        var relations = relationLines.Select(l => ResolveRelation(l, text, entitySpans)).Where(r => r is not null).Select(r => r!).ToList();

        var doc = new Document(passageId, text)
        {
            Entities = entities.OrderBy(e => e.Span).Select((e, i) => e with { Id = $"T{i + 1}" }).ToImmutableArray(),
            Events = events.OrderBy(e => e.Trigger).Select((e, i) => e with { Id = $"E{i + 1}" }).ToImmutableArray(),
            Relations = relations.OrderBy(r => r.Head).ThenBy(r => r.Tail).Select((r, i) => r with { Id = $"R{i + 1}" }).ToImmutableArray(),
            Meta = meta,
        };
        foreach (var p in DocumentValidator.Validate(doc, _schema).Where(p => p.Severity == Severity.Error))
            Errors.Add(new CompileError(block.Lines.FirstOrDefault()?.File ?? "", block.HeaderLine, p.Message));
        return Errors.Count == errorsBefore ? doc : null;
    }

    private List<Entity> ResolveEntities(List<(ScriptLine Line, string Label, SpanReference Ref)> lines, string text)
    {
        var candidates = new List<(ScriptLine Line, string Label, Span Span, bool Explicit)>();
        var resolvedLines = new HashSet<ScriptLine>();
        foreach (var (line, label, reference) in lines)
        {
            var (spans, error) = reference.Resolve(text);
            if (error is not null) { Fail(line, error); continue; }
            resolvedLines.Add(line);
            candidates.AddRange(spans.Select(s => (line, label, s, reference.IsExplicit)));
        }

        // Explicit occurrences first, then longer spans: "Soviet Union" wins over "Soviet" inside it.
        var accepted = new List<(ScriptLine Line, string Label, Span Span, bool Explicit)>();
        foreach (var c in candidates.OrderByDescending(c => c.Explicit).ThenByDescending(c => c.Span.Length).ThenBy(c => c.Line.Number))
        {
            var clash = accepted.FirstOrDefault(a => a.Span.Overlaps(c.Span));
            if (clash.Line is null) { accepted.Add(c); continue; }
            if (clash.Span == c.Span && clash.Label != c.Label)
                Fail(c.Line, $"\"{Quote(text, c.Span)}\" is also labelled {clash.Label} (line {clash.Line.Number})");
            else if (c.Explicit && clash.Explicit && clash.Span != c.Span)
                Fail(c.Line, $"\"{Quote(text, c.Span)}\" overlaps \"{Quote(text, clash.Span)}\" (line {clash.Line.Number})");
        }
        foreach (var line in resolvedLines.Where(l => accepted.All(a => a.Line != l)))
            Fail(line, "every occurrence overlaps a longer or explicit entity: nothing left to annotate");

        return accepted.Select(a => new Entity(null, a.Span, a.Label)).ToList();
    }

    private Event? ResolveEvent(ScriptLine line, string text, Dictionary<Span, string> entities)
    {
        var fields = line.Text[3..].Split('|');
        var head = fields[0].Trim().Split(' ', 2, StringSplitOptions.RemoveEmptyEntries);
        if (head.Length < 2) { Fail(line, "expected 'EVT TYPE trigger | Role=text | ...'"); return null; }
        string type = head[0];
        if (!_schema.IsEventType(type)) { Fail(line, $"unknown event type {type}"); return null; }

        var triggerRef = SpanReference.Parse(head[1]);
        var (triggers, error) = triggerRef.Resolve(text);
        if (error is not null) { Fail(line, $"trigger: {error}"); return null; }
        if (triggers.Count != 1)
        {
            Fail(line, $"trigger \"{triggerRef.Written}\" occurs {triggers.Count} times: add @N ({Contexts(text, triggers)})");
            return null;
        }
        var trigger = triggers[0];

        var arguments = new List<Argument>();
        foreach (var field in fields.Skip(1))
        {
            int eq = field.IndexOf('=');
            if (eq < 0) { Fail(line, $"argument '{field.Trim()}' is not Role=text"); continue; }
            string role = field[..eq].Trim();
            if (!_schema.RoleBelongsTo(type, role))
            {
                Fail(line, $"role {role} does not belong to {type} (its roles: {string.Join(", ", _schema.EventRoles[type])})");
                continue;
            }
            var reference = SpanReference.Parse(field[(eq + 1)..]);
            var (spans, argError) = reference.Resolve(text);
            if (argError is not null) { Fail(line, $"{role}: {argError}"); continue; }
            if (reference.IsExplicit && spans.Count > 1) { Fail(line, $"{role}: an argument names one occurrence"); continue; }
            // Without @N the occurrence nearest to the trigger is meant.
            var span = spans.OrderBy(s => Distance(s, trigger)).ThenBy(s => entities.ContainsKey(s) ? 0 : 1).ThenBy(s => s.Start).First();
            var partial = entities.Keys.FirstOrDefault(e => e.Overlaps(span) && e != span && !span.Contains(e));
            if (partial != default)
                Fail(line, $"{role} \"{Quote(text, span)}\" cuts through entity \"{Quote(text, partial)}\": use the entity's exact span");
            arguments.Add(new Argument(role, span));
        }
        return new Event(null, type, trigger, arguments.ToImmutableArray());
    }

    private Relation? ResolveRelation(ScriptLine line, string text, Dictionary<Span, string> entities)
    {
        var body = line.Text[3..].Trim();
        var firstSpace = body.IndexOf(' ');
        var arrow = body.IndexOf("->", StringComparison.Ordinal);
        if (firstSpace < 0 || arrow < 0) { Fail(line, "expected 'REL TYPE head -> tail'"); return null; }
        string type = body[..firstSpace];
        if (!_schema.IsRelationType(type)) { Fail(line, $"unknown relation type {type}"); return null; }
        var headRef = SpanReference.Parse(body[firstSpace..arrow]);
        var tailRef = SpanReference.Parse(body[(arrow + 2)..]);
        var (heads, he) = headRef.Resolve(text);
        var (tails, te) = tailRef.Resolve(text);
        if (he is not null || te is not null) { Fail(line, he ?? te!); return null; }
        heads = heads.Where(entities.ContainsKey).ToList();
        tails = tails.Where(entities.ContainsKey).ToList();
        if (heads.Count == 0) { Fail(line, $"head \"{headRef.Written}\" is not an entity"); return null; }
        if (tails.Count == 0) { Fail(line, $"tail \"{tailRef.Written}\" is not an entity"); return null; }
        var best = heads.SelectMany(h => tails.Select(t => (h, t))).Where(p => p.h != p.t)
            .OrderBy(p => Distance(p.h, p.t)).ThenBy(p => p.h.Start).FirstOrDefault();
        if (best == default) { Fail(line, "head and tail are the same span"); return null; }
        return new Relation(null, type, best.h, best.t);
    }

    private static int Distance(Span a, Span b) => a.Overlaps(b) ? 0 : a.End <= b.Start ? b.Start - a.End : a.Start - b.End;

    private static string Quote(string text, Span s) => text[s.Start..s.End].Replace("\n", "⏎");

    private static string Contexts(string text, IReadOnlyList<Span> spans) =>
        string.Join("; ", spans.Select((s, i) =>
        {
            int a = Math.Max(0, s.Start - 25), b = Math.Min(text.Length, s.End + 25);
            return $"@{i + 1}: …{text[a..b].Replace("\n", " ")}…";
        }));

    private void Fail(ScriptLine line, string reason) => Errors.Add(new CompileError(line.File, line.Number, reason));
}
