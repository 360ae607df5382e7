using System.Text;
using Nlp.Core.Model;

namespace Nlp.Core.Formats;

/// <summary>
/// Reads a JSONL file of documents, one per line, validating each. Bad lines either stop the read
/// (<see cref="BadLinePolicy.Fail"/>) or are reported in <see cref="Problems"/> and skipped; warnings are
/// collected either way. Streams: one line in memory at a time.
/// </summary>
public sealed class JsonlReader
{
    private readonly List<DocumentFormatException> _problems = new();
    private readonly List<string> _warnings = new();

    public JsonlReader(ReaderOptions? options = null) => Options = options ?? ReaderOptions.Default;

    public ReaderOptions Options { get; }

    /// <summary>Lines skipped because they were bad (Skip policy only).</summary>
    public IReadOnlyList<DocumentFormatException> Problems => _problems;

    public IReadOnlyList<string> Warnings => _warnings;

    public int SkippedCount => _problems.Count;

    public static IReadOnlyList<Document> ReadAll(string path, ReaderOptions? options = null) =>
        new JsonlReader(options).Read(path).ToList();

    public IEnumerable<Document> Read(string path)
    {
        if (!File.Exists(path)) throw new DocumentFormatException("no such file", path);
        using var stream = File.OpenRead(path);
        foreach (var doc in Read(stream, path)) yield return doc;
    }

    /// <summary>Reads documents from a stream; <paramref name="name"/> is used in messages.</summary>
    public IEnumerable<Document> Read(Stream stream, string name)
    {
        // Strict UTF-8: a file in another encoding is reported, not silently mangled.
        using var reader = new StreamReader(stream, new UTF8Encoding(false, throwOnInvalidBytes: true), detectEncodingFromByteOrderMarks: true);
        int lineNumber = 0;
        while (true)
        {
            string? line;
            lineNumber++;
            try
            {
                line = reader.ReadLine();
            }
            catch (DecoderFallbackException e)
            {
                // The decoder cannot resynchronise reliably: this ends the file either way.
                var problem = new DocumentFormatException($"not valid UTF-8 ({e.Message})", name, lineNumber, e);
                if (Options.OnBadLine == BadLinePolicy.Fail) throw problem;
                _problems.Add(problem);
                yield break;
            }
            if (line is null) yield break;
            if (string.IsNullOrWhiteSpace(line)) continue;
            if (line.IndexOf('\0') >= 0)
            {
                if (Handle(new DocumentFormatException("binary content (NUL byte): not a JSONL file", name, lineNumber))) continue;
            }

            Document? doc = null;
            try
            {
                doc = DocumentJson.Parse(line);
                if (Options.Validate)
                {
                    var found = DocumentValidator.Validate(doc, Options.SchemaFor(doc));
                    var firstError = found.FirstOrDefault(p => p.Severity == Severity.Error);
                    foreach (var w in found.Where(p => p.Severity == Severity.Warning))
                        _warnings.Add($"{name}:{lineNumber}: {w.Message}");
                    if (firstError is not null)
                    {
                        int more = found.Count(p => p.Severity == Severity.Error) - 1;
                        throw new DocumentFormatException(firstError.Message + (more > 0 ? $" (and {more} more errors)" : ""));
                    }
                }
            }
            catch (DocumentFormatException e)
            {
                Handle(e.At(name, lineNumber));
                continue;
            }
            yield return doc;
        }
    }

    private bool Handle(DocumentFormatException problem)
    {
        if (Options.OnBadLine == BadLinePolicy.Fail) throw problem;
        _problems.Add(problem);
        return true;
    }
}
