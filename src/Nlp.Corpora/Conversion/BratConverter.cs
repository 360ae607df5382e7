using System.Collections.Immutable;
using System.Text;
using System.Text.RegularExpressions;
using Newtonsoft.Json.Linq;
using Nlp.Core.Formats;
using Nlp.Core.Model;

namespace Nlp.Corpora.Conversion;

/// <summary>
/// BRAT standoff (a folder of NAME.txt + NAME.ann, as BRAT and INCEpTION export it) to and from documents.
/// T lines are entities, except event triggers (T lines an E line names as its trigger) and spans labelled
/// "Argument" (participants that are not entities). E lines are events, R lines relations (Arg1 → Arg2),
/// A lines attributes, kept in the annotation's "attributes" field. Offsets in .ann count code points.
/// </summary>
public static partial class BratConverter
{
    public const string ArgumentLabel = "Argument";

    public static IEnumerable<Document> ReadFolder(string folder)
    {
        if (!Directory.Exists(folder)) throw new DocumentFormatException("no such folder", folder);
        var files = Directory.EnumerateFiles(folder, "*.ann", SearchOption.AllDirectories).OrderBy(f => f, StringComparer.Ordinal).ToList();
        if (files.Count == 0) throw new DocumentFormatException("no .ann files in the folder", folder);
        foreach (var ann in files)
        {
            var txt = Path.ChangeExtension(ann, ".txt");
            if (!File.Exists(txt)) throw new DocumentFormatException($"no text file {Path.GetFileName(txt)} beside it", ann);
            yield return Read(Path.GetFileNameWithoutExtension(ann), File.ReadAllText(txt, Encoding.UTF8), File.ReadAllLines(ann, Encoding.UTF8), ann);
        }
    }

    private sealed record TextBound(string Id, string Label, Span Span, int Line);

    public static Document Read(string id, string text, IReadOnlyList<string> annLines, string annPath)
    {
        var map = new OffsetMap(text);
        var textBounds = new Dictionary<string, TextBound>();
        var eventLines = new List<(string Id, string Body, int Line)>();
        var relationLines = new List<(string Id, string Body, int Line)>();
        var attributes = new List<(string Name, string Target, string? Value, int Line)>();

        for (int n = 0; n < annLines.Count; n++)
        {
            string line = annLines[n];
            int lineNo = n + 1;
            if (line.Trim().Length == 0) continue;
            DocumentFormatException Bad(string reason) => new(reason, annPath, lineNo);
            var fields = line.Split('\t');
            string annId = fields[0];
            switch (annId.Length > 0 ? annId[0] : ' ')
            {
                case 'T':
                {
                    if (fields.Length < 2) throw Bad("a T line needs 'ID<TAB>LABEL START END<TAB>TEXT'");
                    var m = TextBoundPattern().Match(fields[1]);
                    if (!m.Success) throw Bad($"cannot parse text-bound annotation \"{fields[1]}\": expected 'LABEL START END[;START END]'");
                    // Discontinuous spans (START END;START END) become the range that covers their fragments.
                    var numbers = m.Groups["frag"].Value.Split([' ', ';'], StringSplitOptions.RemoveEmptyEntries).Select(int.Parse).ToList();
                    int start = numbers.Where((_, i) => i % 2 == 0).Min(), end = numbers.Where((_, i) => i % 2 == 1).Max();
                    if (start < 0 || end > map.CodePointLength || end <= start)
                        throw Bad($"offsets {start} {end} out of range: the text has {map.CodePointLength} characters");
                    var span = new Span(map.ToUtf16(start), map.ToUtf16(end));
                    if (fields.Length >= 3 && numbers.Count == 2 && Collapse(text[span.Start..span.End]) != Collapse(fields[2]))
                        throw Bad($"the text at {start}-{end} is \"{text[span.Start..span.End]}\", but the line says \"{fields[2]}\"");
                    if (!textBounds.TryAdd(annId, new TextBound(annId, m.Groups["label"].Value, span, lineNo))) throw Bad($"duplicate id {annId}");
                    break;
                }
                case 'E':
                    if (fields.Length < 2) throw Bad("an E line needs 'ID<TAB>TYPE:TRIGGER ROLE:ID ...'");
                    eventLines.Add((annId, fields[1], lineNo));
                    break;
                case 'R':
                    if (fields.Length < 2) throw Bad("an R line needs 'ID<TAB>TYPE Arg1:ID Arg2:ID'");
                    relationLines.Add((annId, fields[1], lineNo));
                    break;
                case 'A':
                case 'M':
                {
                    var parts = fields.Length >= 2 ? fields[1].Split(' ', StringSplitOptions.RemoveEmptyEntries) : [];
                    if (parts.Length is < 2 or > 3) throw Bad("an attribute line needs 'ID<TAB>NAME TARGET [VALUE]'");
                    attributes.Add((parts[0], parts[1], parts.Length == 3 ? parts[2] : null, lineNo));
                    break;
                }
                case '#': case '*': case 'N':
                    break; // notes, equivalences and normalizations carry nothing of the format
                default:
                    throw Bad($"cannot parse line \"{line}\": BRAT lines start with T, E, R, A, M, N, # or *");
            }
        }

        var events = new List<Event>();
        var triggerIds = new HashSet<string>();
        foreach (var (eid, body, lineNo) in eventLines)
        {
            var parts = body.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            var typeAndTrigger = parts[0].Split(':');
            if (typeAndTrigger.Length != 2) throw new DocumentFormatException($"event {eid}: expected TYPE:TRIGGER_ID, found \"{parts[0]}\"", annPath, lineNo);
            var trigger = Lookup(textBounds, typeAndTrigger[1], annPath, lineNo);
            triggerIds.Add(trigger.Id);
            var args = ImmutableArray.CreateBuilder<Argument>();
            foreach (var part in parts.Skip(1))
            {
                var ra = part.Split(':');
                if (ra.Length != 2) throw new DocumentFormatException($"event {eid}: expected ROLE:ID, found \"{part}\"", annPath, lineNo);
                if (ra[1].StartsWith('E')) continue; // an event as argument has no span of its own in our format
                // BRAT numbers repeated roles (Party, Party2): the number is not part of the role.
                args.Add(new Argument(ra[0].TrimEnd("0123456789".ToCharArray()), Lookup(textBounds, ra[1], annPath, lineNo).Span));
            }
            events.Add(new Event(eid, typeAndTrigger[0], trigger.Span, args.ToImmutable(), Extra: Attributes(eid)));
        }

        var relations = new List<Relation>();
        foreach (var (rid, body, lineNo) in relationLines)
        {
            var parts = body.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (parts.Length != 3) throw new DocumentFormatException($"relation {rid}: expected 'TYPE Arg1:ID Arg2:ID'", annPath, lineNo);
            string Arg(string p) => p.Contains(':') ? p[(p.IndexOf(':') + 1)..] : throw new DocumentFormatException($"relation {rid}: expected NAME:ID, found \"{p}\"", annPath, lineNo);
            relations.Add(new Relation(rid, parts[0], Lookup(textBounds, Arg(parts[1]), annPath, lineNo).Span,
                Lookup(textBounds, Arg(parts[2]), annPath, lineNo).Span, Extra: Attributes(rid)));
        }

        var entities = textBounds.Values
            .Where(t => !triggerIds.Contains(t.Id) && t.Label != ArgumentLabel)
            .OrderBy(t => t.Span).ThenBy(t => t.Line)
            .Select(t => new Entity(t.Id, t.Span, t.Label, Extra: Attributes(t.Id)))
            .ToImmutableArray();

        var known = new HashSet<string>(textBounds.Keys.Concat(eventLines.Select(e => e.Id)).Concat(relationLines.Select(r => r.Id)));
        foreach (var a in attributes.Where(a => !known.Contains(a.Target)))
            throw new DocumentFormatException($"attribute {a.Name} refers to unknown annotation {a.Target}", annPath, a.Line);

        return new Document(id, text)
        {
            Entities = entities,
            Events = [.. events.OrderBy(e => e.Trigger)],
            Relations = [.. relations],
            Meta = new JObject { ["source"] = Path.GetFileName(annPath), ["format"] = "brat" },
        };

        JObject? Attributes(string target)
        {
            var mine = attributes.Where(a => a.Target == target).ToList();
            if (mine.Count == 0) return null;
            var o = new JObject();
            foreach (var a in mine) o[a.Name] = a.Value is null ? true : a.Value;
            return new JObject { ["attributes"] = o };
        }
    }

    private static TextBound Lookup(Dictionary<string, TextBound> textBounds, string id, string path, int line) =>
        textBounds.TryGetValue(id, out var t) ? t : throw new DocumentFormatException($"refers to unknown text-bound annotation {id}", path, line);

    private static string Collapse(string s) => WhiteSpace().Replace(s, " ").Trim();

    /// <summary>Writes one NAME.txt + NAME.ann pair per document into the folder.</summary>
    public static void WriteFolder(IEnumerable<Document> docs, string folder)
    {
        Directory.CreateDirectory(folder);
        var used = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var doc in docs)
        {
            string name = SafeFileName(doc.Id);
            for (int k = 2; !used.Add(name); k++) name = $"{SafeFileName(doc.Id)}_{k}";
            File.WriteAllText(Path.Combine(folder, name + ".txt"), doc.Text, new UTF8Encoding(false));
            File.WriteAllText(Path.Combine(folder, name + ".ann"), Annotations(doc), new UTF8Encoding(false));
        }
    }

    public static string Annotations(Document doc)
    {
        var map = new OffsetMap(doc.Text);
        var sb = new StringBuilder();
        var spanIds = new Dictionary<(Span, string), string>();
        int t = 0, a = 0;

        string TextBound(Span span, string label)
        {
            if (spanIds.TryGetValue((span, label), out var existing)) return existing;
            string id = $"T{++t}";
            spanIds[(span, label)] = id;
            string covered = doc.TextOf(span).Replace('\n', ' ').Replace('\r', ' ').Replace('\t', ' ');
            sb.Append($"{id}\t{label} {map.ToCodePoint(span.Start)} {map.ToCodePoint(span.End)}\t{covered}\n");
            return id;
        }

        void WriteAttributes(string target, JObject? extra)
        {
            if (extra?["attributes"] is not JObject attrs) return;
            foreach (var p in attrs.Properties())
                sb.Append(p.Value.Type == JTokenType.Boolean && (bool)p.Value ? $"A{++a}\t{p.Name} {target}\n" : $"A{++a}\t{p.Name} {target} {p.Value}\n");
        }

        var entityIdBySpan = new Dictionary<Span, string>();
        foreach (var e in doc.Entities)
        {
            string id = TextBound(e.Span, e.Label);
            entityIdBySpan.TryAdd(e.Span, id);
            WriteAttributes(id, e.Extra);
        }
        int ev = 0;
        foreach (var e in doc.Events)
        {
            string trigger = TextBound(e.Trigger, e.Type);
            var roleCounts = new Dictionary<string, int>();
            var args = e.Arguments.Select(arg =>
            {
                string target = entityIdBySpan.TryGetValue(arg.Span, out var eid) ? eid : TextBound(arg.Span, ArgumentLabel);
                int k = roleCounts[arg.Role] = roleCounts.GetValueOrDefault(arg.Role) + 1;
                return $"{arg.Role}{(k > 1 ? k.ToString() : "")}:{target}";
            });
            string id = $"E{++ev}";
            sb.Append($"{id}\t{e.Type}:{trigger}{string.Concat(args.Select(x => " " + x))}\n");
            WriteAttributes(id, e.Extra);
        }
        int r = 0;
        foreach (var rel in doc.Relations)
        {
            string head = entityIdBySpan.TryGetValue(rel.Head, out var h) ? h : TextBound(rel.Head, ArgumentLabel);
            string tail = entityIdBySpan.TryGetValue(rel.Tail, out var tt) ? tt : TextBound(rel.Tail, ArgumentLabel);
            string id = $"R{++r}";
            sb.Append($"{id}\t{rel.Type} Arg1:{head} Arg2:{tail}\n");
            WriteAttributes(id, rel.Extra);
        }
        return sb.ToString();
    }

    private static string SafeFileName(string id)
    {
        var invalid = Path.GetInvalidFileNameChars();
        var s = new string(id.Select(c => invalid.Contains(c) || c == '.' && id.Length == 1 ? '_' : c).ToArray());
        return s.Length == 0 ? "document" : s;
    }

    [GeneratedRegex(@"^(?<label>\S+) (?<frag>\d+ \d+(?:;\d+ \d+)*)$")]
    private static partial Regex TextBoundPattern();

    [GeneratedRegex(@"\s+")]
    private static partial Regex WhiteSpace();
}
