using Newtonsoft.Json;
using Newtonsoft.Json.Linq;

namespace Nlp.Pipeline.Extraction;

/// <summary>
/// errors.jsonl: one line per document or file that failed in this run (path, document id, stage, reason, time),
/// started afresh by every run — a resumed run tries the failed files again and reports them again.
/// A line with "severity": "warning" is a file that WAS extracted, with a repair worth knowing about (bytes that
/// could not be decoded, control characters mapped to spaces, an extension that lied); it does not fail the run.
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

    public void Report(string path, string? documentId, string stage, string reason) => Write(path, documentId, stage, reason, "error");

    /// <summary>A warning line: not counted in <see cref="Count"/> and not echoed (the caller shows it as a notice).</summary>
    public void Warn(string path, string? documentId, string stage, string reason) => Write(path, documentId, stage, reason, "warning");

    private void Write(string path, string? documentId, string stage, string reason, string severity)
    {
        var line = new JObject
        {
            ["path"] = path,
            ["document_id"] = documentId,
            ["stage"] = stage,
            ["reason"] = reason,
            ["severity"] = severity,
            ["time"] = DateTime.UtcNow.ToString("O"),
        }.ToString(Formatting.None);
        lock (_gate)
        {
            _writer.Write(line + "\n");
            _writer.Flush();
            if (severity == "error") Count++;
        }
        if (severity == "error") _echo?.Invoke(documentId is null ? $"{path}: {reason}" : $"{path}: document {documentId}: {reason}");
    }

    public void Dispose() => _writer.Dispose();
}
