using Nlp.Core.Formats;
using Nlp.Core.Model;
using Nlp.Core.Schema;
using Nlp.Corpora.Conversion;

namespace Nlp.Models.MaxEnt;

/// <summary>Reads gold JSONL files for training or scoring; the reader then runs the segment stage (see <see cref="TextLayers"/>).</summary>
public static class TrainingCorpus
{
    /// <summary>"a.jsonl,b.jsonl" → the paths, each checked to exist.</summary>
    public static IReadOnlyList<string> SplitPaths(string list)
    {
        var paths = list.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (paths.Length == 0) throw new ArgumentException("no input file given");
        foreach (var p in paths) if (!File.Exists(p)) throw new FileNotFoundException($"{p}: no such file", p);
        return paths;
    }

    /// <summary>JSONL files, or CoNLL04 <c>.json</c> files read through the converter (so a model's manifest names
    /// and hashes the corpus file itself, not a converted copy).</summary>
    public static List<Document> Read(IEnumerable<string> paths, AnnotationSchema? schema = null) =>
        paths.SelectMany(p => p.EndsWith(".json", StringComparison.OrdinalIgnoreCase)
                ? Conll04Converter.Read(p)
                : JsonlReader.ReadAll(p, new ReaderOptions { Schema = schema }))
            .ToList();

    /// <summary>The schema of a corpus: the first document's meta.schema, else domain.</summary>
    public static AnnotationSchema SchemaOf(IReadOnlyList<Document> docs) =>
        docs.Count > 0 && Schemas.TryByName((string?)docs[0].Meta?["schema"], out var s) ? s : Schemas.Domain;
}
