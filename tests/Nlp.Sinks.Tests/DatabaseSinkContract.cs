using Nlp.Core.Model;
using Nlp.Sinks.Database;

namespace Nlp.Sinks.Tests;

/// <summary>What every database sink must do; run against SQLite always and PostgreSQL when one is given.</summary>
public abstract class DatabaseSinkContract
{
    protected abstract string NewDatabase();

    private static void Store(string url, params (Document Doc, Provenance Provenance)[] documents)
    {
        using var sink = DatabaseSink.Open(DatabaseUrl.Parse(url));
        sink.BeginRun("segment=segment@1", [new ModelStamp("segment", "segment", "1")], ["input"]);
        foreach (var (doc, p) in documents) sink.Write(doc, p);
        sink.EndRun(documents.Length, 0, 0);
    }

    protected void StoresEveryLayerWithQuotesAndUnicode()
    {
        string url = NewDatabase();
        var doc = SampleDocuments.Deportation();
        Store(url, (doc, SampleDocuments.ProvenanceOf(doc)));

        Assert.Equal(doc.Text, DatabaseDump.Scalar(url, "SELECT text FROM documents"));
        Assert.Equal("doc-'1'", DatabaseDump.Scalar(url, "SELECT doc_id FROM documents"));
        Assert.Equal(8L, DatabaseDump.Count(url, "entities"));
        Assert.Equal(6L, DatabaseDump.Count(url, "arguments"));
        Assert.Equal(1L, DatabaseDump.Count(url, "relations"));
        // Offsets count code points, as in the JSONL format: the locomotive emoji is one character, two UTF-16 units.
        int utf16 = SampleDocuments.Text.IndexOf("1937", StringComparison.Ordinal);
        Assert.Equal((long)utf16 - 1, Convert.ToInt64(DatabaseDump.Scalar(url, "SELECT start_offset FROM entities WHERE label = 'DATE'")));
        Assert.Equal("172000", DatabaseDump.Scalar(url, "SELECT normalized FROM entities WHERE label = 'CARDINAL'"));
        Assert.Equal("people", DatabaseDump.Scalar(url, "SELECT unit FROM entities WHERE label = 'CARDINAL'"));
        Assert.Equal("Łódź", DatabaseDump.Scalar(url, "SELECT tail_text FROM relations"));
        // An argument that is an entity is linked to it; one that is not ("the Far East") is not.
        Assert.Equal("ORG", DatabaseDump.Scalar(url, "SELECT e.label FROM arguments a JOIN entities e ON e.entity_id = a.entity_id WHERE a.role = 'Agent'"));
        Assert.Equal(DBNull.Value, DatabaseDump.Scalar(url, "SELECT entity_id FROM arguments WHERE role = 'Origin'"));
        Assert.Equal(doc.Text, DatabaseDump.Scalar(url, "SELECT sentence_text FROM events"));
    }

    protected void RewritingTheSameDocumentChangesNothing()
    {
        string url = NewDatabase();
        var doc = SampleDocuments.Deportation();
        var provenance = SampleDocuments.ProvenanceOf(doc);
        Store(url, (doc, provenance));
        var before = DatabaseDump.Rows(url);
        var documentId = DatabaseDump.Scalar(url, "SELECT document_id FROM documents");
        Store(url, (doc, provenance with { ExtractedAt = DateTimeOffset.UtcNow.AddHours(1) }));
        Assert.Equal(before, DatabaseDump.Rows(url));
        Assert.Equal(documentId, DatabaseDump.Scalar(url, "SELECT document_id FROM documents"));
        Assert.Equal(2L, DatabaseDump.Count(url, "runs"));
        using var sink = DatabaseSink.Open(DatabaseUrl.Parse(url));
        Assert.True(sink.Contains(provenance.Key));
        Assert.Equal(1, sink.ExistingCount);
    }

    protected void ChangedDocumentReplacesItsRows()
    {
        string url = NewDatabase();
        var first = SampleDocuments.Deportation();
        var other = SampleDocuments.Deportation(id: "other");
        Store(url, (first, SampleDocuments.ProvenanceOf(first)), (other, SampleDocuments.ProvenanceOf(other)));
        var otherRows = DatabaseDump.Rows(url).Where(r => r.Contains("| other |")).ToList();

        string changedText = "In 1938 the NKVD arrested them.";
        var changed = new Document(first.Id, changedText)
        {
            Entities = [new Entity("T1", new Span(3, 7), "DATE", 0.9), new Entity("T2", new Span(12, 16), "ORG", 0.9)],
        };
        Store(url, (changed, SampleDocuments.ProvenanceOf(changed)));

        Assert.Equal(2L, DatabaseDump.Count(url, "documents"));
        Assert.Equal(changedText, DatabaseDump.Scalar(url, "SELECT text FROM documents WHERE doc_id = 'doc-''1'''"));
        Assert.Equal(2L, Convert.ToInt64(DatabaseDump.Scalar(url,
            "SELECT COUNT(*) FROM entities e JOIN documents d ON d.document_id = e.document_id WHERE d.doc_id = 'doc-''1'''")));
        Assert.Equal(1L, DatabaseDump.Count(url, "events")); // the other document's event only
        Assert.Equal(otherRows, DatabaseDump.Rows(url).Where(r => r.Contains("| other |")).ToList());
    }

    protected void SchemaHasKeysAndIndexes(Func<string, IReadOnlyList<string>> indexNames)
    {
        string url = NewDatabase();
        using (DatabaseSink.Open(DatabaseUrl.Parse(url))) { }
        foreach (var table in DatabaseSchema.Tables) Assert.Equal(0L, table == "nlp_schema" ? 0 : DatabaseDump.Count(url, table));
        Assert.Equal(DatabaseSchema.Version, Convert.ToInt32(DatabaseDump.Scalar(url, "SELECT version FROM nlp_schema")));
        var indexes = indexNames(url);
        foreach (var name in new[] { "ix_entities_label", "ix_events_type", "ix_arguments_entity", "ix_relations_type", "ix_documents_sha256" })
            Assert.Contains(name, indexes);
        // (path, doc_id) is unique: a second row for the same document is refused by the database itself.
        var doc = SampleDocuments.Deportation();
        Store(url, (doc, SampleDocuments.ProvenanceOf(doc)));
        Assert.ThrowsAny<System.Data.Common.DbException>(() => DatabaseDump.Scalar(url,
            "INSERT INTO documents (path, doc_id, content_sha256, pipeline, models, run_id, extracted_at, text, sentence_count, token_count) " +
            "SELECT path, doc_id, 'x', pipeline, models, run_id, extracted_at, text, 0, 0 FROM documents"));
        // A child row must point to an existing parent.
        Assert.ThrowsAny<System.Data.Common.DbException>(() => DatabaseDump.Scalar(url,
            "INSERT INTO entities (document_id, ordinal, label, start_offset, end_offset, text) VALUES (987654, 0, 'GPE', 0, 1, 'x')"));
    }

    protected void OpeningADatabaseOfAnotherSchemaVersionIsRefused()
    {
        string url = NewDatabase();
        using (DatabaseSink.Open(DatabaseUrl.Parse(url))) { }
        DatabaseDump.Scalar(url, "UPDATE nlp_schema SET version = 99");
        var e = Assert.Throws<InvalidOperationException>(() => DatabaseSink.Open(DatabaseUrl.Parse(url)));
        Assert.Contains("schema version 99", e.Message);
    }
}

public sealed class SqliteSinkTests : DatabaseSinkContract
{
    protected override string NewDatabase() => TestDatabases.SqliteUrl();

    [Fact] public void StoresEveryLayer() => StoresEveryLayerWithQuotesAndUnicode();
    [Fact] public void Idempotent() => RewritingTheSameDocumentChangesNothing();
    [Fact] public void ChangedDocument() => ChangedDocumentReplacesItsRows();
    [Fact] public void OtherSchemaVersion() => OpeningADatabaseOfAnotherSchemaVersionIsRefused();

    [Fact]
    public void Schema() => SchemaHasKeysAndIndexes(url =>
    {
        using var c = DatabaseDump.Open(url);
        using var cmd = c.CreateCommand();
        cmd.CommandText = "SELECT name FROM sqlite_master WHERE type = 'index'";
        using var r = cmd.ExecuteReader();
        var names = new List<string>();
        while (r.Read()) names.Add(r.GetString(0));
        return names;
    });
}

public sealed class PostgresSinkTests : DatabaseSinkContract
{
    protected override string NewDatabase() => TestDatabases.PostgresSchemaUrl();

    [PostgresFact] public void StoresEveryLayer() => StoresEveryLayerWithQuotesAndUnicode();
    [PostgresFact] public void Idempotent() => RewritingTheSameDocumentChangesNothing();
    [PostgresFact] public void ChangedDocument() => ChangedDocumentReplacesItsRows();
    [PostgresFact] public void OtherSchemaVersion() => OpeningADatabaseOfAnotherSchemaVersionIsRefused();

    [PostgresFact]
    public void Schema() => SchemaHasKeysAndIndexes(url =>
    {
        using var c = DatabaseDump.Open(url);
        using var cmd = c.CreateCommand();
        cmd.CommandText = "SELECT indexname FROM pg_indexes WHERE schemaname = current_schema()";
        using var r = cmd.ExecuteReader();
        var names = new List<string>();
        while (r.Read()) names.Add(r.GetString(0));
        return names;
    });

    [PostgresFact]
    public void ADocumentTheServerRefusesFailsAloneAndTheNextIsWritten()
    {
        string url = NewDatabase();
        using var sink = DatabaseSink.Open(DatabaseUrl.Parse(url));
        sink.BeginRun("p", [], []);
        var bad = new Nlp.Core.Model.Document("nul", "PostgreSQL text cannot hold \0 characters.");
        var e = Assert.Throws<DocumentRejectedException>(() => sink.Write(bad, SampleDocuments.ProvenanceOf(bad)));
        Assert.Contains("SQLSTATE 22", e.Message);
        var good = SampleDocuments.Deportation();
        Assert.True(sink.Write(good, SampleDocuments.ProvenanceOf(good)));
        Assert.Equal(1L, DatabaseDump.Count(url, "documents"));
        Assert.Equal(8L, DatabaseDump.Count(url, "entities"));
    }

    [PostgresFact]
    public void SameRowsAsSqlite()
    {
        string sqlite = TestDatabases.SqliteUrl();
        string postgres = NewDatabase();
        foreach (var url in new[] { sqlite, postgres })
        {
            using var sink = DatabaseSink.Open(DatabaseUrl.Parse(url));
            sink.BeginRun("p", [], []);
            var a = SampleDocuments.Deportation();
            var b = SampleDocuments.Deportation("Кулаки были высланы в 1930 году. " + SampleDocuments.Text, "ru");
            sink.Write(a, SampleDocuments.ProvenanceOf(a) with { ExtractedAt = DateTimeOffset.UnixEpoch });
            sink.Write(b, SampleDocuments.ProvenanceOf(b) with { ExtractedAt = DateTimeOffset.UnixEpoch });
        }
        var expected = DatabaseDump.Rows(sqlite);
        Assert.True(expected.Count > 15);
        Assert.Equal(expected, DatabaseDump.Rows(postgres));
    }
}
