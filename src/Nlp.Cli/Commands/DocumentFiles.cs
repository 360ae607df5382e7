using Nlp.Core.Formats;
using Nlp.Core.Model;
using Nlp.Corpora.Conversion;
using Nlp.Text;

namespace Nlp.Cli.Commands;

/// <summary>
/// Reads annotated documents for training and scoring by file extension: .jsonl (the product's format),
/// .conll (CoNLL-2003 columns, converted on the fly) and .json (the CoNLL04 sentence array).
/// </summary>
internal static class DocumentFiles
{
    public static IReadOnlyList<string> SplitList(string? value) =>
        (value ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    /// <summary>
    /// CoNLL-2003 files without -DOCSTART- lines: consecutive sentences are grouped into documents of this many,
    /// since neighbouring sentences come from the same story and the tagger's document features need some context.
    /// </summary>
    public const int ConllSentencesPerDocument = 20;

    public static List<Document> Read(string path)
    {
        if (!File.Exists(path)) throw new UsageException($"no such file: {path}");
        return Path.GetExtension(path).ToLowerInvariant() switch
        {
            ".conll" or ".txt" => Conll2003Converter.Read(path, ConllSentencesPerDocument).ToList(),
            ".json" => Conll04Converter.Read(path).ToList(),
            ".jsonl" => JsonlReader.ReadAll(path).ToList(),
            var other => throw new UsageException($"{path}: unknown extension \"{other}\" (use .jsonl, .conll or .json for CoNLL04, or convert with 'nlp convert')"),
        };
    }

    public static List<Document> ReadAll(IEnumerable<string> paths) => paths.SelectMany(Read).ToList();

    /// <summary>The segment stage, with the settings <c>extract</c> runs it with.</summary>
    static readonly TextStage TextStage = new();

    /// <summary>
    /// Documents for a model to train on or be scored on: the segment stage adds the tokens and sentences a document
    /// lacks (one the file already tokenized keeps its own), since the models read those layers and never cut text.
    /// </summary>
    public static List<Document> Segmented(IEnumerable<Document> documents) => documents.Select(TextStage.Process).ToList();
}
