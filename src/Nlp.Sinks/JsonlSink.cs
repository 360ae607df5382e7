using System.Text;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;
using Nlp.Core.Model;

namespace Nlp.Sinks;

public enum JsonlRecords
{
    /// <summary>One line per document (the annotation format plus text, normalized values and provenance).</summary>
    Documents,
    /// <summary>One line per event; which documents are complete is kept in a side file, PATH.docs.jsonl.</summary>
    Events,
}

/// <summary>
/// A resumable JSONL output. Opening an existing file reads back which documents it already holds (by
/// <see cref="Provenance.Key"/>), cuts a torn last line left by a killed run, and drops lines that cannot count:
/// unparsable ones, older results of a document that appears twice, and events of a document whose completion was
/// never recorded. Each document's lines are written and flushed whole. A document written again with another
/// key (its text or the models changed) replaces its old lines when the sink is disposed (or, after a kill, when
/// it is next opened). The file is only ever rewritten through a temporary file and an atomic rename.
/// Durability: each document's lines are fsynced before <see cref="WriteRendered"/> returns, so that a database
/// commit made after it never records a document a power loss could take from the file.
/// </summary>
public sealed class JsonlSink : IDisposable
{
    private static readonly UTF8Encoding Utf8 = new(false);

    private readonly JsonlRecords _kind;
    private readonly bool _includeTokens;
    private readonly HashSet<string> _done = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _keyOfIdentity = new(StringComparer.Ordinal);
    private readonly HashSet<string> _stale = new(StringComparer.Ordinal);
    private StreamWriter? _writer;
    private StreamWriter? _docsWriter;

    private JsonlSink(string path, JsonlRecords kind, bool includeTokens)
    {
        Path = System.IO.Path.GetFullPath(path);
        _kind = kind;
        _includeTokens = includeTokens;
    }

    public string Path { get; }

    /// <summary>The side file listing completed documents in events mode.</summary>
    public string DocsPath => Path + ".docs.jsonl";

    /// <summary>Documents found complete in the file when it was opened.</summary>
    public int ResumedCount { get; private set; }

    /// <summary>Lines dropped when opening: unparsable, superseded or of an incomplete document.</summary>
    public int DroppedLines { get; private set; }

    /// <summary>Partial last lines (of the file or its side file) cut when opening: a run was killed while writing them.</summary>
    public int TornLines { get; private set; }

    public int Written { get; private set; }

    public static JsonlSink Open(string path, JsonlRecords kind = JsonlRecords.Documents, bool includeTokens = false)
    {
        var sink = new JsonlSink(path, kind, includeTokens);
        sink.Resume();
        return sink;
    }

    public bool Contains(string key) => _done.Contains(key);

    /// <summary>The lines a document becomes in this file. Thread-safe, so workers can render in parallel.</summary>
    public string Render(Document doc, Provenance provenance) => Render(_kind, _includeTokens, doc, provenance);

    /// <summary>The lines a document becomes in a file of this kind, without the file (a cluster's silo renders them).</summary>
    public static string Render(JsonlRecords kind, bool includeTokens, Document doc, Provenance provenance)
    {
        if (kind == JsonlRecords.Documents)
            return ExtractionJson.Line(ExtractionJson.DocumentRecord(doc, provenance, includeTokens)) + "\n";
        var sb = new StringBuilder();
        foreach (var record in ExtractionJson.EventRecords(doc, provenance)) sb.Append(ExtractionJson.Line(record)).Append('\n');
        return sb.ToString();
    }

    public void Write(Document doc, Provenance provenance) => WriteRendered(provenance, Render(doc, provenance));

    /// <summary>Appends what <see cref="Render"/> gave for a document, unless the file already holds its key.</summary>
    public void WriteRendered(Provenance provenance, string rendered)
    {
        string key = provenance.Key;
        if (_done.Contains(key)) return;
        if (_keyOfIdentity.TryGetValue(provenance.Identity, out var old) && old != key) _stale.Add(old);

        var writer = _writer ??= Append(Path);
        writer.Write(rendered);
        Sync(writer);
        if (_kind == JsonlRecords.Events)
        {
            // The document counts as done only once all its events are out: this line is the commit record.
            var docs = _docsWriter ??= Append(DocsPath);
            var marker = new JObject { ["provenance"] = provenance.ToJson(), ["events"] = rendered.Count(c => c == '\n') };
            docs.Write(ExtractionJson.Line(marker) + "\n");
            Sync(docs);
        }
        _done.Add(key);
        _keyOfIdentity[provenance.Identity] = key;
        Written++;
    }

    public void Dispose()
    {
        _writer?.Dispose();
        _docsWriter?.Dispose();
        _writer = _docsWriter = null;
        if (_stale.Count == 0) return;
        var stale = new HashSet<string>(_stale, StringComparer.Ordinal);
        Rewrite(Path, line => line.Key is { } k && !stale.Contains(k));
        if (_kind == JsonlRecords.Events) Rewrite(DocsPath, line => line.Key is { } k && !stale.Contains(k));
        _stale.Clear();
    }

    // ---- resume ----

    private void Resume()
    {
        bool dirty = CutTornLine(Path);
        if (dirty) TornLines++;
        if (_kind == JsonlRecords.Documents)
        {
            var latest = LatestKeyPerIdentity(Path, ref dirty);
            var seen = new HashSet<string>(StringComparer.Ordinal);
            if (dirty) DroppedLines += Rewrite(Path, line => line.Key is { } k && latest.Contains(k) && seen.Add(k));
            foreach (var key in latest) Remember(key);
        }
        else
        {
            if (CutTornLine(DocsPath)) { dirty = true; TornLines++; }
            var latest = LatestKeyPerIdentity(DocsPath, ref dirty);
            var seen = new HashSet<string>(StringComparer.Ordinal);
            if (dirty) DroppedLines += Rewrite(DocsPath, line => line.Key is { } k && latest.Contains(k) && seen.Add(k));
            // Events whose document has no completion record were cut off by a kill: they are written again.
            DroppedLines += Rewrite(Path, line => line.Key is { } k && latest.Contains(k), onlyIfDropping: true);
            foreach (var key in latest) Remember(key);
        }
        ResumedCount = _done.Count;
    }

    private void Remember(string key)
    {
        _done.Add(key);
        int cut = key.IndexOf('\n', key.IndexOf('\n') + 1);
        _keyOfIdentity[key[..cut]] = key;
    }

    /// <summary>The last key written for each document identity; sets <paramref name="dirty"/> when anything else is there.</summary>
    private static HashSet<string> LatestKeyPerIdentity(string path, ref bool dirty)
    {
        var latest = new Dictionary<string, string>(StringComparer.Ordinal);
        int lines = 0;
        foreach (var line in ReadLines(path))
        {
            lines++;
            if (line.Key is not { } key) { dirty = true; continue; }
            int cut = key.IndexOf('\n', key.IndexOf('\n') + 1);
            if (latest.TryGetValue(key[..cut], out var previous) && previous != key) dirty = true;
            else if (previous == key) dirty = true; // the same result twice: keep one
            latest[key[..cut]] = key;
        }
        var set = new HashSet<string>(latest.Values, StringComparer.Ordinal);
        return set;
    }

    /// <summary>A file not ending in a newline was cut mid-line by a kill: the partial line is removed.</summary>
    private static bool CutTornLine(string path)
    {
        if (!File.Exists(path)) return false;
        using var stream = new FileStream(path, FileMode.Open, FileAccess.ReadWrite);
        if (stream.Length == 0) return false;
        stream.Seek(-1, SeekOrigin.End);
        if (stream.ReadByte() == '\n') return false;
        long position = stream.Length - 1;
        var buffer = new byte[64 * 1024];
        while (position > 0)
        {
            int count = (int)Math.Min(buffer.Length, position);
            stream.Seek(position - count, SeekOrigin.Begin);
            stream.ReadExactly(buffer, 0, count);
            int newline = Array.LastIndexOf(buffer, (byte)'\n', count - 1);
            if (newline >= 0) { stream.SetLength(position - count + newline + 1); return true; }
            position -= count;
        }
        stream.SetLength(0);
        return true;
    }

    private readonly record struct Line(string Text, string? Key);

    /// <summary>Lines of the file with the provenance key of each (null when the line cannot be parsed).</summary>
    private static IEnumerable<Line> ReadLines(string path)
    {
        if (!File.Exists(path)) yield break;
        using var reader = new StreamReader(path, Utf8);
        while (reader.ReadLine() is { } text)
        {
            if (string.IsNullOrWhiteSpace(text)) continue;
            yield return new Line(text, KeyOf(text));
        }
    }

    private static string? KeyOf(string line)
    {
        try
        {
            using var reader = new JsonTextReader(new StringReader(line)) { DateParseHandling = DateParseHandling.None };
            return JToken.ReadFrom(reader) is JObject o ? Provenance.KeyOf(o["provenance"]) : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>Keeps the lines <paramref name="keep"/> accepts, through a temporary file; returns how many were dropped.</summary>
    private static int Rewrite(string path, Func<Line, bool> keep, bool onlyIfDropping = false)
    {
        if (!File.Exists(path)) return 0;
        if (onlyIfDropping && ReadLines(path).All(keep)) return 0;
        string tmp = path + ".tmp";
        int dropped = 0;
        using (var writer = new StreamWriter(tmp, false, Utf8))
        {
            foreach (var line in ReadLines(path))
            {
                if (keep(line)) writer.Write(line.Text + "\n");
                else dropped++;
            }
            // On disk before the rename: otherwise a power loss can leave the new name on an empty file.
            Sync(writer);
        }
        File.Move(tmp, path, overwrite: true);
        return dropped;
    }

    /// <summary>Out of this process and onto the disk (fsync), not only into the system's cache.</summary>
    private static void Sync(StreamWriter writer)
    {
        writer.Flush();
        ((FileStream)writer.BaseStream).Flush(flushToDisk: true);
    }

    private static StreamWriter Append(string path)
    {
        var dir = System.IO.Path.GetDirectoryName(path);
        if (!string.IsNullOrEmpty(dir)) Directory.CreateDirectory(dir);
        return new StreamWriter(new FileStream(path, FileMode.Append, FileAccess.Write, FileShare.Read), Utf8) { NewLine = "\n" };
    }
}
