using Newtonsoft.Json;
using Newtonsoft.Json.Linq;

namespace Nlp.Pipeline.Extraction;

/// <summary>
/// errors.jsonl: one line per document or file that failed in this run (path, document id, stage, reason, time),
/// started afresh by every run — a resumed run tries the failed files again and reports them again.
/// Thread-safe: the reader thread and the workers both report.
/// </summary>
public sealed class ErrorLog : IDisposable
{
    private readonly StreamWriter _writer;
    private readonly Action<string>? _echo;
    private readonly object _gate = new();

    public ErrorLog(string path, Action<string>? echo)
    {
        Path = path;
        if (System.IO.Path.GetDirectoryName(path) is { Length: > 0 } dir) Directory.CreateDirectory(dir);
        _writer = new StreamWriter(path, append: false, new System.Text.UTF8Encoding(false)) { NewLine = "\n" };
        _echo = echo;
    }

    public string Path { get; }
    public int Count { get; private set; }

    public void Report(string path, string? documentId, string stage, string reason)
    {
        var line = new JObject
        {
            ["path"] = path,
            ["document_id"] = documentId,
            ["stage"] = stage,
            ["reason"] = reason,
            ["time"] = DateTime.UtcNow.ToString("O"),
        }.ToString(Formatting.None);
        lock (_gate)
        {
            _writer.Write(line + "\n");
            _writer.Flush();
            Count++;
        }
        _echo?.Invoke(documentId is null ? $"{path}: {reason}" : $"{path}: document {documentId}: {reason}");
    }

    public void Dispose() => _writer.Dispose();
}
