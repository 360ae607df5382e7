using System.Data;
using System.Data.Common;
using Microsoft.Data.Sqlite;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;
using Nlp.Core.Formats;
using Nlp.Core.Model;
using Npgsql;

namespace Nlp.Sinks.Database;

/// <summary>
/// Writes extracted documents into SQLite or PostgreSQL (<see cref="DatabaseSchema"/>), one transaction per
/// document: a document whose (path, id) is already stored with the same content hash and pipeline is left alone;
/// one stored with another hash or pipeline has its children deleted and its row updated in the same transaction,
/// so a reader sees either the old result or the new one. Every value goes through a parameter.
/// Not thread-safe: one writer thread owns the sink.
/// </summary>
public sealed class DatabaseSink : IDisposable
{
    /// <summary>The advisory lock key space of this program; the second key is the schema, so schemas are independent.</summary>
    private const int LockSpace = 7340297;

    private readonly DbConnection _connection;
    private readonly HashSet<string> _keys = new(StringComparer.Ordinal);
    private FileLock? _fileLock;
    private bool _advisoryLocked;
    private long _runId;

    private DatabaseSink(DbConnection connection, DatabaseUrl url)
    {
        _connection = connection;
        Url = url;
    }

    public DatabaseUrl Url { get; }
    public DatabaseKind Kind => Url.Kind;

    /// <summary>Documents already stored when the sink was opened.</summary>
    public int ExistingCount { get; private set; }

    /// <summary>Earlier runs found unfinished (killed, or their connection lost) and marked abandoned when this sink opened.</summary>
    public IReadOnlyList<string> AbandonedRuns { get; private set; } = [];

    /// <summary>
    /// Opens the database as its only writer: SQLite through a lock file beside it (PATH.lock), PostgreSQL through a
    /// session advisory lock on the schema, both released by the system when the process dies. Held by another run:
    /// <see cref="ResourceLockedException"/> naming it, or with <paramref name="wait"/> a wait until it is free.
    /// Holding the lock, every run row still unfinished belongs to a run that is gone: it is marked abandoned.
    /// </summary>
    public static DatabaseSink Open(DatabaseUrl url, bool wait = false, Action<string>? onWaiting = null, CancellationToken cancel = default)
    {
        DbConnection connection;
        FileLock? fileLock = null;
        if (url.Kind == DatabaseKind.Sqlite)
        {
            var file = new SqliteConnectionStringBuilder(url.ConnectionString).DataSource;
            if (Path.GetDirectoryName(file) is { Length: > 0 } dir) Directory.CreateDirectory(dir);
            fileLock = FileLock.Acquire(file + ".lock", $"database {url.Display}", wait, onWaiting, cancel);
            connection = new SqliteConnection(url.ConnectionString);
        }
        else connection = new NpgsqlConnection(url.ConnectionString);
        try
        {
            connection.Open();
        }
        catch (Exception e) when (e is DbException or System.Net.Sockets.SocketException or InvalidOperationException)
        {
            connection.Dispose();
            fileLock?.Dispose();
            throw new IOException($"cannot open database {url.Display}: {e.Message}", e);
        }
        var sink = new DatabaseSink(connection, url) { _fileLock = fileLock };
        try
        {
            sink.Initialize();
            if (sink.Kind == DatabaseKind.Postgres) sink.LockPostgres(wait, onWaiting, cancel);
            sink.AbandonedRuns = sink.FinalizeAbandonedRuns();
            sink.LoadKeys();
        }
        catch (DbException e)
        {
            var failure = sink.Failure(e); // before Dispose, which closes the connection it looks at
            sink.Dispose();
            throw failure;
        }
        catch
        {
            sink.Dispose();
            throw;
        }
        return sink;
    }

    /// <summary>
    /// Opens a PostgreSQL database as one of many writers of a run that another process owns (a cluster's silos
    /// write the documents of the client's run): no writer lock, no run bookkeeping, no key cache. Writers of the
    /// same document at once are serialized by its row (<see cref="Write"/>), so each result is stored once.
    /// The schema must exist: the run's owner creates it when it opens the database.
    /// </summary>
    public static DatabaseSink OpenShared(DatabaseUrl url, long runId)
    {
        if (url.Kind != DatabaseKind.Postgres) throw new ArgumentException($"database {url.Display}: only PostgreSQL takes several writers at once");
        var connection = new NpgsqlConnection(url.ConnectionString);
        try
        {
            connection.Open();
        }
        catch (Exception e) when (e is DbException or System.Net.Sockets.SocketException or InvalidOperationException)
        {
            connection.Dispose();
            throw new IOException($"cannot open database {url.Display}: {e.Message}", e);
        }
        var sink = new DatabaseSink(connection, url) { _runId = runId };
        try
        {
            var version = sink.Scalar("SELECT MAX(version) FROM nlp_schema");
            if (version is null or DBNull || Convert.ToInt32(version) != DatabaseSchema.Version)
                throw new InvalidOperationException($"database {url.Display} has schema version {version}; this program writes version {DatabaseSchema.Version}");
        }
        catch (DbException e)
        {
            var failure = sink.Failure(e);
            sink.Dispose();
            throw failure;
        }
        catch
        {
            sink.Dispose();
            throw;
        }
        return sink;
    }

    private void Initialize()
    {
        if (Kind == DatabaseKind.Sqlite)
        {
            // WAL: one commit per document stays cheap, and a killed writer leaves the last committed state.
            Execute("PRAGMA journal_mode = WAL");
            Execute("PRAGMA synchronous = NORMAL");
            Execute("PRAGMA foreign_keys = ON");
        }
        using var tx = _connection.BeginTransaction();
        if (Kind == DatabaseKind.Postgres) Execute("SELECT pg_advisory_xact_lock(@space)", tx, ("space", (long)LockSpace)); // two first runs at once
        foreach (var statement in DatabaseSchema.Statements(Kind == DatabaseKind.Sqlite ? DatabaseSchema.SqliteKey : DatabaseSchema.PostgresKey))
            Execute(statement, tx);
        var version = Scalar("SELECT MAX(version) FROM nlp_schema", tx);
        if (version is null or DBNull) Execute("INSERT INTO nlp_schema (version) VALUES (@v)", tx, ("v", DatabaseSchema.Version));
        else if (Convert.ToInt32(version) == 1)
        {
            foreach (var statement in DatabaseSchema.UpgradeFrom1) Execute(statement, tx);
            Execute("UPDATE nlp_schema SET version = @v", tx, ("v", DatabaseSchema.Version));
        }
        else if (Convert.ToInt32(version) != DatabaseSchema.Version)
            throw new InvalidOperationException(
                $"database {Url.Display} has schema version {version}; this program writes version {DatabaseSchema.Version}");
        tx.Commit();
    }

    private void LockPostgres(bool wait, Action<string>? onWaiting, CancellationToken cancel)
    {
        bool told = false;
        while (!Convert.ToBoolean(Scalar("SELECT pg_try_advisory_lock(@space, hashtext(current_schema()))", null, ("space", LockSpace))))
        {
            string owner = RunningOwner() ?? "another run (not yet recorded in its runs table)";
            if (!wait) throw new ResourceLockedException($"database {Url.Display} is in use by {owner}; wait for it to finish, or run with --wait");
            if (!told) onWaiting?.Invoke($"database {Url.Display} is in use by {owner}: waiting for it to finish (--wait)");
            told = true;
            if (cancel.WaitHandle.WaitOne(TimeSpan.FromMilliseconds(200)))
                throw new ResourceLockedException($"database {Url.Display} is in use by {owner}: stopped waiting (interrupted)");
        }
        _advisoryLocked = true;
    }

    /// <summary>The latest run still marked running: while another session holds the lock, that is the one.</summary>
    private string? RunningOwner()
    {
        using var cmd = Command("SELECT run_id, process_id, host, started_at FROM runs WHERE status = 'running' ORDER BY run_id DESC LIMIT 1");
        using var reader = cmd.ExecuteReader();
        return reader.Read() ? Describe(reader) : null;
    }

    /// <summary>"run N (process P on HOST, started T)" from a reader on run_id, process_id, host, started_at.</summary>
    private static string Describe(DbDataReader reader)
    {
        string started = reader.GetString(3);
        if (DateTime.TryParse(started, System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.RoundtripKind, out var t))
            started = FileLock.Readable(t.ToUniversalTime());
        return $"run {reader.GetInt64(0)} (process {(reader.IsDBNull(1) ? "?" : reader.GetValue(1))} on " +
               $"{(reader.IsDBNull(2) ? "?" : reader.GetValue(2))}, started {started})";
    }

    /// <summary>
    /// Called holding the writer lock, so no unfinished run is alive: each is finalized as abandoned, with the
    /// documents it still owns counted and the time of its last document (or its start) as its end.
    /// </summary>
    private List<string> FinalizeAbandonedRuns()
    {
        var abandoned = new List<string>();
        using (var cmd = Command("SELECT run_id, process_id, host, started_at FROM runs WHERE finished_at IS NULL ORDER BY run_id"))
        using (var reader = cmd.ExecuteReader())
            while (reader.Read()) abandoned.Add(Describe(reader));
        if (abandoned.Count > 0)
            Execute("""
                UPDATE runs SET status = 'abandoned',
                    documents_written = (SELECT COUNT(*) FROM documents d WHERE d.run_id = runs.run_id),
                    finished_at = COALESCE((SELECT MAX(d.extracted_at) FROM documents d WHERE d.run_id = runs.run_id), started_at)
                WHERE finished_at IS NULL
                """);
        return abandoned;
    }

    private void LoadKeys()
    {
        using var cmd = Command("SELECT path, doc_id, content_sha256, pipeline FROM documents");
        using var reader = cmd.ExecuteReader();
        while (reader.Read())
            _keys.Add(Provenance.MakeKey(reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetString(3)));
        ExistingCount = _keys.Count;
    }

    public bool Contains(string key) => _keys.Contains(key);

    /// <summary>Records the start of a run; documents written afterwards point to it.</summary>
    public long BeginRun(string pipeline, IReadOnlyList<ModelStamp> models, IEnumerable<string> inputs)
    {
        try
        {
            _runId = Convert.ToInt64(Scalar("""
                INSERT INTO runs (started_at, pipeline, models, inputs, status, process_id, host)
                VALUES (@started, @pipeline, @models, @inputs, 'running', @pid, @host) RETURNING run_id
                """, null,
                ("started", Now()), ("pipeline", pipeline), ("models", ModelsJson(models)),
                ("inputs", JsonConvert.SerializeObject(inputs.ToArray())), ("pid", Environment.ProcessId), ("host", Environment.MachineName)));
        }
        catch (DbException e)
        {
            throw Failure(e);
        }
        return _runId;
    }

    /// <summary>Finalizes this run's row; <paramref name="status"/> is finished, interrupted (cancelled) or failed.</summary>
    public void EndRun(int written, int skipped, int failed, string status = "finished")
    {
        if (_runId == 0) return;
        try
        {
            Execute("""
                UPDATE runs SET finished_at = @finished, status = @status, documents_written = @w, documents_skipped = @s, documents_failed = @f
                WHERE run_id = @id
                """, null, ("finished", Now()), ("status", status), ("w", written), ("s", skipped), ("f", failed), ("id", _runId));
        }
        catch (DbException e)
        {
            throw Failure(e);
        }
    }

    /// <summary>
    /// Stores one document in one transaction; false when the same result was already there. A document the server
    /// refuses for its data (PostgreSQL SQLSTATE class 22, e.g. a NUL character in text) throws
    /// <see cref="DocumentRejectedException"/> after the rollback, and the sink stays usable; any other database
    /// error is thrown as it is, since the next document would meet it too.
    /// </summary>
    public bool Write(Document doc, Provenance provenance)
    {
        try
        {
            return WriteTransaction(doc, provenance);
        }
        catch (PostgresException e) when (e.SqlState.StartsWith("22", StringComparison.Ordinal))
        {
            throw new DocumentRejectedException($"{Url.Display} refused the document: {e.MessageText} (SQLSTATE {e.SqlState})", e);
        }
        catch (DbException e)
        {
            throw Failure(e);
        }
    }

    /// <summary>
    /// A database error no later document could get past (the server gone, the disk full), as one line naming the
    /// database: the run stops there, and everything committed before it stays.
    /// </summary>
    private DatabaseFailedException Failure(DbException e)
    {
        string reason = e switch
        {
            PostgresException p => $"{p.MessageText} (SQLSTATE {p.SqlState})",
            _ when e.InnerException is { } inner => $"{e.Message.TrimEnd('.')}: {inner.Message}",
            _ => e.Message,
        };
        reason = reason.ReplaceLineEndings(" ");
        bool lost = _connection.State is not ConnectionState.Open || e is PostgresException { SqlState: "57P01" or "57P02" or "57P03" } ||
                    e.SqlState?.StartsWith("08", StringComparison.Ordinal) == true;
        return new DatabaseFailedException(lost
            ? $"lost the connection to database {Url.Display}: {reason}"
            : $"database {Url.Display} failed: {reason}", e);
    }

    private bool WriteTransaction(Document doc, Provenance provenance)
    {
        if (_runId == 0) throw new InvalidOperationException("BeginRun must be called before Write");
        // Another writer inserting the same document first (a cluster retrying a batch whose silo was only slow)
        // makes this insert do nothing: the transaction is tried once more and then finds that writer's row.
        for (int attempt = 0; ; attempt++)
            if (TryWriteTransaction(doc, provenance, out bool written) || attempt == 1) return written;
    }

    private bool TryWriteTransaction(Document doc, Provenance provenance, out bool written)
    {
        written = false;
        using var tx = _connection.BeginTransaction();
        long? documentId = null;
        // FOR UPDATE: a second writer of the same document waits here until the first commits, then sees its row.
        string lockRow = Kind == DatabaseKind.Postgres ? " FOR UPDATE" : "";
        using (var find = Command("SELECT document_id, content_sha256, pipeline FROM documents WHERE path = @path AND doc_id = @doc_id" + lockRow, tx,
                   ("path", provenance.Path), ("doc_id", provenance.DocumentId)))
        using (var reader = find.ExecuteReader())
        {
            if (reader.Read())
            {
                if (reader.GetString(1) == provenance.ContentSha256 && reader.GetString(2) == provenance.Pipeline)
                {
                    reader.Close();
                    tx.Commit();
                    _keys.Add(provenance.Key);
                    return true;
                }
                documentId = reader.GetInt64(0);
            }
        }

        var values = new (string, object?)[]
        {
            ("path", provenance.Path), ("doc_id", provenance.DocumentId), ("sha", provenance.ContentSha256),
            ("pipeline", provenance.Pipeline), ("models", ModelsJson(provenance.Models)), ("run", _runId),
            ("at", provenance.ExtractedAt.UtcDateTime.ToString("O")), ("text", doc.Text),
            ("meta", doc.Meta?.ToString(Formatting.None)), ("sentences", doc.Sentences?.Length ?? 0), ("tokens", doc.Tokens?.Length ?? 0),
        };
        if (documentId is { } existing)
        {
            // Children first: the foreign keys would refuse the other order.
            Execute("DELETE FROM arguments WHERE event_id IN (SELECT event_id FROM events WHERE document_id = @d)", tx, ("d", existing));
            Execute("DELETE FROM relations WHERE document_id = @d", tx, ("d", existing));
            Execute("DELETE FROM events WHERE document_id = @d", tx, ("d", existing));
            Execute("DELETE FROM entities WHERE document_id = @d", tx, ("d", existing));
            Execute("""
                UPDATE documents SET content_sha256 = @sha, pipeline = @pipeline, models = @models, run_id = @run, extracted_at = @at,
                       text = @text, meta = @meta, sentence_count = @sentences, token_count = @tokens
                WHERE path = @path AND doc_id = @doc_id
                """, tx, values);
        }
        else
        {
            var inserted = Scalar("""
                INSERT INTO documents (path, doc_id, content_sha256, pipeline, models, run_id, extracted_at, text, meta, sentence_count, token_count)
                VALUES (@path, @doc_id, @sha, @pipeline, @models, @run, @at, @text, @meta, @sentences, @tokens)
                ON CONFLICT (path, doc_id) DO NOTHING
                RETURNING document_id
                """, tx, values);
            if (inserted is null or DBNull)
            {
                tx.Rollback();
                return false;
            }
            documentId = Convert.ToInt64(inserted);
        }
        WriteChildren(doc, documentId.Value, tx);
        tx.Commit();
        _keys.Add(provenance.Key);
        written = true;
        return true;
    }

    private void WriteChildren(Document doc, long documentId, DbTransaction tx)
    {
        var map = new OffsetMap(doc.Text);
        var entityIds = new Dictionary<Span, long>();
        if (doc.Entities.Length > 0)
        {
            using var insert = new Insert(this, tx, """
                INSERT INTO entities (document_id, ordinal, label, start_offset, end_offset, text, normalized, unit, confidence)
                VALUES (@d, @ordinal, @label, @start, @end, @text, @normalized, @unit, @confidence) RETURNING entity_id
                """, "d", "ordinal", "label", "start", "end", "text", "normalized", "unit", "confidence");
            for (int i = 0; i < doc.Entities.Length; i++)
            {
                var e = doc.Entities[i];
                long id = insert.Run(documentId, i, e.Label, map.ToCodePoint(e.Start), map.ToCodePoint(e.End), doc.TextOf(e.Span),
                    NormalizedText(e), ExtractionJson.UnitOf(e), e.Confidence);
                entityIds.TryAdd(e.Span, id);
            }
        }
        if (doc.Events.Length > 0)
        {
            using var insertEvent = new Insert(this, tx, """
                INSERT INTO events (document_id, ordinal, type, trigger_start, trigger_end, trigger_text, sentence_text, confidence)
                VALUES (@d, @ordinal, @type, @start, @end, @text, @sentence, @confidence) RETURNING event_id
                """, "d", "ordinal", "type", "start", "end", "text", "sentence", "confidence");
            using var insertArgument = new Insert(this, tx, """
                INSERT INTO arguments (event_id, ordinal, role, start_offset, end_offset, text, entity_id, entity_label, normalized, confidence)
                VALUES (@e, @ordinal, @role, @start, @end, @text, @entity, @label, @normalized, @confidence) RETURNING argument_id
                """, "e", "ordinal", "role", "start", "end", "text", "entity", "label", "normalized", "confidence");
            for (int i = 0; i < doc.Events.Length; i++)
            {
                var ev = doc.Events[i];
                var sentence = ExtractionJson.SentenceOf(doc, ev.Trigger);
                long eventId = insertEvent.Run(documentId, i, ev.Type, map.ToCodePoint(ev.Trigger.Start), map.ToCodePoint(ev.Trigger.End),
                    doc.TextOf(ev.Trigger), sentence is { } s ? doc.TextOf(s) : null, ev.Confidence);
                for (int k = 0; k < ev.Arguments.Length; k++)
                {
                    var a = ev.Arguments[k];
                    var entity = ExtractionJson.EntityAt(doc, a.Span);
                    insertArgument.Run(eventId, k, a.Role, map.ToCodePoint(a.Start), map.ToCodePoint(a.End), doc.TextOf(a.Span),
                        entityIds.TryGetValue(a.Span, out var eid) ? eid : null, entity?.Label, NormalizedText(entity), a.Confidence);
                }
            }
        }
        if (doc.Relations.Length > 0)
        {
            using var insert = new Insert(this, tx, """
                INSERT INTO relations (document_id, ordinal, type, head_start, head_end, head_text, head_entity_id,
                                       tail_start, tail_end, tail_text, tail_entity_id, confidence)
                VALUES (@d, @ordinal, @type, @hs, @he, @ht, @hid, @ts, @te, @tt, @tid, @confidence) RETURNING relation_id
                """, "d", "ordinal", "type", "hs", "he", "ht", "hid", "ts", "te", "tt", "tid", "confidence");
            for (int i = 0; i < doc.Relations.Length; i++)
            {
                var r = doc.Relations[i];
                insert.Run(documentId, i, r.Type, map.ToCodePoint(r.Head.Start), map.ToCodePoint(r.Head.End), doc.TextOf(r.Head),
                    entityIds.TryGetValue(r.Head, out var h) ? h : null,
                    map.ToCodePoint(r.Tail.Start), map.ToCodePoint(r.Tail.End), doc.TextOf(r.Tail),
                    entityIds.TryGetValue(r.Tail, out var t) ? t : null, r.Confidence);
            }
        }
    }

    /// <summary>A normalized value as text: a string as it is, a number in invariant JSON form.</summary>
    private static string? NormalizedText(Entity? e) => ExtractionJson.NormalizedOf(e) switch
    {
        null => null,
        JValue { Type: JTokenType.String } s => (string?)s,
        var token => token.ToString(Formatting.None),
    };

    private static string ModelsJson(IReadOnlyList<ModelStamp> models) =>
        new JArray(models.Select(m => new JObject { ["stage"] = m.Stage, ["name"] = m.Name, ["version"] = m.Version })).ToString(Formatting.None);

    private static string Now() => DateTime.UtcNow.ToString("O");

    // ---- commands ----

    internal DbCommand Command(string sql, DbTransaction? tx = null, params (string Name, object? Value)[] parameters)
    {
        var cmd = _connection.CreateCommand();
        cmd.CommandText = sql;
        cmd.Transaction = tx;
        foreach (var (name, value) in parameters) AddParameter(cmd, name, value);
        return cmd;
    }

    private static DbParameter AddParameter(DbCommand cmd, string name, object? value)
    {
        var p = cmd.CreateParameter();
        p.ParameterName = "@" + name;
        p.Value = value ?? DBNull.Value;
        cmd.Parameters.Add(p);
        return p;
    }

    private void Execute(string sql, DbTransaction? tx = null, params (string, object?)[] parameters)
    {
        using var cmd = Command(sql, tx, parameters);
        cmd.ExecuteNonQuery();
    }

    private object? Scalar(string sql, DbTransaction? tx = null, params (string, object?)[] parameters)
    {
        using var cmd = Command(sql, tx, parameters);
        return cmd.ExecuteScalar();
    }

    /// <summary>One INSERT … RETURNING reused for every row of a table in a transaction.</summary>
    private sealed class Insert : IDisposable
    {
        private readonly DbCommand _command;
        private readonly DbParameter[] _parameters;

        public Insert(DatabaseSink sink, DbTransaction tx, string sql, params string[] names)
        {
            _command = sink.Command(sql, tx);
            _parameters = names.Select(n => AddParameter(_command, n, null)).ToArray();
        }

        public long Run(params object?[] values)
        {
            for (int i = 0; i < values.Length; i++) _parameters[i].Value = values[i] ?? DBNull.Value;
            return Convert.ToInt64(_command.ExecuteScalar());
        }

        public void Dispose() => _command.Dispose();
    }

    public void Dispose()
    {
        if (_advisoryLocked && _connection.State == ConnectionState.Open)
        {
            // A pooled connection outlives Dispose: the session lock must be given back explicitly.
            try { Execute("SELECT pg_advisory_unlock(@space, hashtext(current_schema()))", null, ("space", LockSpace)); }
            catch (Exception e) when (e is DbException or InvalidOperationException or IOException) { }
        }
        _advisoryLocked = false;
        _connection.Dispose();
        _fileLock?.Dispose();
        _fileLock = null;
    }
}

/// <summary>The database cannot go on (connection lost, disk full, …); already committed documents stay.</summary>
public sealed class DatabaseFailedException(string message, Exception inner) : IOException(message, inner);

/// <summary>The database refused one document's data; the others can still be written.</summary>
public sealed class DocumentRejectedException(string message, Exception inner) : Exception(message, inner);
