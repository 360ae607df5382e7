using System.Collections.Immutable;
using System.Text;
using Newtonsoft.Json.Linq;
using Nlp.Core.Formats;
using Nlp.Core.Model;

namespace Nlp.Corpora.Conversion;

/// <summary>
/// CoNLL-2003 columns (token first, NER tag last, IOB1 or IOB2) to and from documents. Tokens are joined
/// by single spaces and sentences by newlines; tokens and sentences are filled in. "-DOCSTART-" splits
/// documents; a file without it gives one document per sentence (no boundaries are known), or
/// <c>sentencesPerDocument</c> sentences each. The middle columns (POS, chunk) ride along in the
/// document's "conll_columns" field, so that converting back gives the same file.
/// </summary>
public static class Conll2003Converter
{
    private const string DocStart = "-DOCSTART-";
    private const string ColumnsField = "conll_columns";

    private sealed record Row(string Token, string[] Middle, string Tag, int Line);

    public static IEnumerable<Document> Read(string path, int sentencesPerDocument = 1, string schema = "conll2003")
    {
        if (sentencesPerDocument < 1) throw new ArgumentException("sentences per document must be at least 1");
        if (!File.Exists(path)) throw new DocumentFormatException("no such file", path);
        string name = Path.GetFileName(path);
        // A file either marks its documents or does not; one look decides how documents are cut.
        bool hasDocStart = File.ReadLines(path).Any(l => l.TrimStart().StartsWith(DocStart, StringComparison.Ordinal));
        var sentences = new List<List<Row>>();
        var current = new List<Row>();
        int docCount = 0, lineNumber = 0;

        foreach (var raw in File.ReadLines(path))
        {
            lineNumber++;
            var line = raw.Trim();
            if (line.Length == 0)
            {
                if (current.Count > 0) { sentences.Add(current); current = new List<Row>(); }
                if (!hasDocStart && sentences.Count >= sentencesPerDocument) yield return Build();
                continue;
            }
            var cols = line.Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries);
            if (cols[0] == DocStart)
            {
                if (current.Count > 0) { sentences.Add(current); current = new List<Row>(); }
                if (sentences.Count > 0) yield return Build();
                continue;
            }
            if (cols.Length < 2)
                throw new DocumentFormatException($"expected at least 2 columns (token ... tag), found {cols.Length}", path, lineNumber);
            current.Add(new Row(cols[0], cols[1..^1], cols[^1], lineNumber));
        }
        if (current.Count > 0) sentences.Add(current);
        if (sentences.Count > 0) yield return Build();

        Document Build()
        {
            var doc = BuildDocument($"{Path.GetFileNameWithoutExtension(path)}-{++docCount:D5}", sentences, name, hasDocStart, schema);
            sentences = new List<List<Row>>();
            return doc;
        }
    }

    private static Document BuildDocument(string id, List<List<Row>> sentences, string file, bool docStart, string schema)
    {
        var text = new StringBuilder();
        var tokens = ImmutableArray.CreateBuilder<Span>();
        var sentenceSpans = ImmutableArray.CreateBuilder<Span>();
        var entities = ImmutableArray.CreateBuilder<Entity>();
        var columns = new JArray();
        bool anyMiddle = false;

        foreach (var sentence in sentences)
        {
            if (text.Length > 0) text.Append('\n');
            int sentenceStart = text.Length;
            int firstToken = tokens.Count;
            foreach (var row in sentence)
            {
                if (text.Length > sentenceStart) text.Append(' ');
                tokens.Add(new Span(text.Length, text.Length + row.Token.Length));
                text.Append(row.Token);
                columns.Add(new JArray(row.Middle));
                anyMiddle |= row.Middle.Length > 0;
            }
            sentenceSpans.Add(new Span(sentenceStart, text.Length));
            var tags = sentence.Select(r => r.Tag).ToList();
            var decoded = BioTags.Decode(tags, (i, reason) =>
                new DocumentFormatException(reason, file, sentence[i].Line));
            foreach (var (first, last, label) in decoded)
                entities.Add(new Entity($"T{entities.Count + 1}",
                    new Span(tokens[firstToken + first].Start, tokens[firstToken + last].End), label));
        }

        return new Document(id, text.ToString())
        {
            Tokens = tokens.ToImmutable(),
            Sentences = sentenceSpans.ToImmutable(),
            Entities = entities.ToImmutable(),
            Meta = new JObject { ["schema"] = schema, ["source"] = file, ["docstart"] = docStart },
            Extra = anyMiddle ? new JObject { [ColumnsField] = columns } : null,
        };
    }

    /// <summary>Writes documents as CoNLL columns. Needs tokens and sentences; entities must align with tokens.</summary>
    public static void Write(IEnumerable<Document> docs, TextWriter writer, TagScheme scheme = TagScheme.Iob2)
    {
        foreach (var doc in docs)
        {
            var tokens = doc.Tokens ?? throw new DocumentFormatException($"document {doc.Id}: has no tokens (run 'nlp segment' first)");
            var sentences = doc.Sentences ?? [new Span(0, doc.Text.Length)];
            var tags = BioTags.Encode(tokens.Length, BioTags.EntityTokenRanges(doc), scheme);
            var columns = doc.Extra?[ColumnsField] as JArray;
            if (columns is not null && columns.Count != tokens.Length)
                throw new DocumentFormatException($"document {doc.Id}: {ColumnsField} has {columns.Count} rows for {tokens.Length} tokens");

            if (doc.Meta?["docstart"]?.Type == JTokenType.Boolean && (bool)doc.Meta["docstart"]!)
                writer.Write("-DOCSTART- -X- -X- O\n\n");

            int t = 0;
            foreach (var sentence in sentences)
            {
                bool any = false;
                for (; t < tokens.Length && tokens[t].Start < sentence.End; t++)
                {
                    string token = doc.TextOf(tokens[t]);
                    if (token.Any(char.IsWhiteSpace)) token = string.Concat(token.Where(c => !char.IsWhiteSpace(c)));
                    writer.Write(token);
                    if (columns?[t] is JArray middle)
                        foreach (var m in middle) { writer.Write(' '); writer.Write((string?)m); }
                    writer.Write(' ');
                    writer.Write(tags[t]);
                    writer.Write('\n');
                    any = true;
                }
                if (any) writer.Write('\n');
            }
        }
    }
}
