using System.Text;
using Nlp.Core.Model;

namespace Nlp.Core.Formats;

/// <summary>
/// Writes documents as JSONL, one complete line per document, flushed per line so that a killed
/// process never leaves half a document behind in the file.
/// </summary>
public sealed class JsonlWriter : IDisposable
{
    private readonly TextWriter _writer;
    private readonly JsonOutputOptions _options;
    private readonly bool _flushEachLine;

    public JsonlWriter(TextWriter writer, JsonOutputOptions? options = null, bool flushEachLine = false)
    {
        _writer = writer;
        _options = options ?? JsonOutputOptions.Default;
        _flushEachLine = flushEachLine;
    }

    public static JsonlWriter Create(string path, JsonOutputOptions? options = null, bool append = false)
    {
        var dir = Path.GetDirectoryName(Path.GetFullPath(path));
        if (!string.IsNullOrEmpty(dir)) Directory.CreateDirectory(dir);
        var stream = new FileStream(path, append ? FileMode.Append : FileMode.Create, FileAccess.Write, FileShare.Read);
        return new JsonlWriter(new StreamWriter(stream, new UTF8Encoding(false)) { NewLine = "\n" }, options, flushEachLine: true);
    }

    public int Count { get; private set; }

    public void Write(Document doc)
    {
        _writer.Write(DocumentJson.Serialize(doc, _options));
        _writer.Write('\n');
        if (_flushEachLine) _writer.Flush();
        Count++;
    }

    public void WriteAll(IEnumerable<Document> docs)
    {
        foreach (var d in docs) Write(d);
    }

    public static void WriteFile(string path, IEnumerable<Document> docs, JsonOutputOptions? options = null)
    {
        // Through a temporary file: the target is either the old file or the complete new one.
        string tmp = path + ".tmp";
        using (var w = Create(tmp, options)) w.WriteAll(docs);
        File.Move(tmp, path, overwrite: true);
    }

    public void Dispose() => _writer.Dispose();
}
