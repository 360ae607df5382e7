using System.Collections.Immutable;
using System.Text;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;
using Nlp.Core.Formats;
using Nlp.Core.Model;

namespace Nlp.Corpora.Conversion;

/// <summary>
/// The CoNLL04 JSON of ../shared/corpora/conll04 (an array of sentences with "tokens", token-index
/// "entities" and entity-index "relations") to documents: one document per sentence, tokens joined
/// by single spaces, labels kept as they are (Peop, Live_In…).
/// </summary>
public static class Conll04Converter
{
    public static IEnumerable<Document> Read(string path, string schema = "conll04")
    {
        if (!File.Exists(path)) throw new DocumentFormatException("no such file", path);
        using var reader = new JsonTextReader(File.OpenText(path));
        JArray array;
        try
        {
            array = JArray.Load(reader);
        }
        catch (JsonReaderException e)
        {
            throw new DocumentFormatException($"malformed JSON: {e.Message}", path, e.LineNumber, e);
        }
        string stem = Path.GetFileNameWithoutExtension(path);
        for (int i = 0; i < array.Count; i++)
        {
            if (array[i] is not JObject sentence)
                throw new DocumentFormatException($"item {i} is not an object", path);
            Document doc;
            try
            {
                doc = Convert(sentence, $"{stem}-{i:D5}", Path.GetFileName(path), schema);
            }
            catch (Exception e) when (e is InvalidCastException or ArgumentException or NullReferenceException or FormatException)
            {
                throw new DocumentFormatException($"item {i}: {e.Message}", path, inner: e);
            }
            yield return doc;
        }
    }

    private static Document Convert(JObject sentence, string id, string file, string schema)
    {
        var words = sentence["tokens"]?.Select(t => (string)t!).ToArray() ?? throw new FormatException("missing \"tokens\"");
        var text = new StringBuilder();
        var tokens = ImmutableArray.CreateBuilder<Span>(words.Length);
        foreach (var w in words)
        {
            if (text.Length > 0) text.Append(' ');
            tokens.Add(new Span(text.Length, text.Length + w.Length));
            text.Append(w);
        }

        var entities = new List<Entity>();
        foreach (var e in sentence["entities"] as JArray ?? [])
        {
            int start = (int)e["start"]!, end = (int)e["end"]!;
            if (start < 0 || end > words.Length || end <= start)
                throw new FormatException($"entity token range [{start},{end}) outside the {words.Length} tokens");
            entities.Add(new Entity($"T{entities.Count + 1}", new Span(tokens[start].Start, tokens[end - 1].End), (string)e["type"]!));
        }

        var relations = new List<Relation>();
        foreach (var r in sentence["relations"] as JArray ?? [])
        {
            int head = (int)r["head"]!, tail = (int)r["tail"]!;
            if (head < 0 || head >= entities.Count || tail < 0 || tail >= entities.Count)
                throw new FormatException($"relation refers to entity {head} or {tail}, but there are {entities.Count}");
            relations.Add(new Relation($"R{relations.Count + 1}", (string)r["type"]!, entities[head].Span, entities[tail].Span));
        }

        var meta = new JObject { ["schema"] = schema, ["source"] = file };
        if (sentence["orig_id"] is { } orig) meta["orig_id"] = orig.DeepClone();
        return new Document(id, text.ToString())
        {
            Tokens = tokens.MoveToImmutable(),
            Sentences = [new Span(0, text.Length)],
            Entities = [.. entities],
            Relations = [.. relations],
            Meta = meta,
        };
    }
}
