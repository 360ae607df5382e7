using Nlp.Sinks.Database;
using Npgsql;

namespace Nlp.Sinks.Tests;

/// <summary>
/// A cluster's silos write one run's documents at once (DatabaseSink.OpenShared); a batch retried on another silo
/// while the first was only slow makes two writers of one document. It must be stored once, and neither fails.
/// </summary>
public sealed class SharedWritersTests
{
    [PostgresFact]
    public async Task TwoWritersOfOneDocumentAtOnceStoreItOnce()
    {
        string url = TestDatabases.PostgresSchemaUrl();
        using var owner = DatabaseSink.Open(DatabaseUrl.Parse(url));
        long run = owner.BeginRun("segment=segment@1", [], []);
        var doc = SampleDocuments.Deportation();
        var provenance = SampleDocuments.ProvenanceOf(doc);
        using var first = DatabaseSink.OpenShared(DatabaseUrl.Parse(url), run);
        using var second = DatabaseSink.OpenShared(DatabaseUrl.Parse(url), run);

        // Both writers pass their look-up (no row yet) and wait at their INSERT behind this table lock; released,
        // one inserts and the other meets its uncommitted row.
        await using var gate = new NpgsqlConnection(DatabaseUrl.Parse(url).ConnectionString);
        await gate.OpenAsync();
        await using (var tx = await gate.BeginTransactionAsync())
        {
            await Execute(gate, "LOCK TABLE documents IN SHARE ROW EXCLUSIVE MODE");
            var writes = new[] { first, second }.Select(sink => Task.Factory.StartNew(() => sink.Write(doc, provenance), TaskCreationOptions.LongRunning)).ToArray();
            var deadline = DateTime.UtcNow.AddSeconds(30);
            while (await Waiting(gate) < 2 && DateTime.UtcNow < deadline) await Task.Delay(20);
            Assert.Equal(2L, await Waiting(gate));
            await tx.CommitAsync();
            var written = await Task.WhenAll(writes);
            Assert.Equal([false, true], written.Order());
        }

        Assert.Equal(1L, DatabaseDump.Count(url, "documents"));
        Assert.Equal(8L, DatabaseDump.Count(url, "entities"));
        Assert.Equal(6L, DatabaseDump.Count(url, "arguments"));
    }

    [Fact]
    public void OnlyPostgreSqlTakesSharedWriters()
    {
        var e = Assert.Throws<ArgumentException>(() => DatabaseSink.OpenShared(DatabaseUrl.Parse(TestDatabases.SqliteUrl()), 1));
        Assert.Contains("only PostgreSQL", e.Message);
    }

    private static async Task Execute(NpgsqlConnection connection, string sql)
    {
        await using var cmd = new NpgsqlCommand(sql, connection);
        await cmd.ExecuteNonQueryAsync();
    }

    /// <summary>Sessions waiting for a lock on this schema's documents table.</summary>
    private static async Task<long> Waiting(NpgsqlConnection connection)
    {
        await using var cmd = new NpgsqlCommand("SELECT COUNT(*) FROM pg_locks WHERE NOT granted AND relation = 'documents'::regclass", connection);
        return (long)(await cmd.ExecuteScalarAsync())!;
    }
}
