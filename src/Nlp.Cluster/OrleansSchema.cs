using System.Data.Common;
using Nlp.Sinks.Database;
using Npgsql;

namespace Nlp.Cluster;

/// <summary>
/// The membership tables Orleans' ADO.NET clustering needs, created from Orleans' own PostgreSQL scripts (embedded,
/// as published) the first time a silo or client meets a database without them. Several silos starting at once
/// take turns through a transaction-scoped advisory lock.
/// </summary>
public static class OrleansSchema
{
    /// <summary>Beside DatabaseSink's lock space (7340297): another key of this program.</summary>
    private const long LockKey = 7340298;

    public static void EnsureCreated(DatabaseUrl url)
    {
        try
        {
            using var connection = new NpgsqlConnection(url.ConnectionString);
            connection.Open();
            using var tx = connection.BeginTransaction();
            Execute(connection, tx, $"SELECT pg_advisory_xact_lock({LockKey})");
            if (!Exists(connection, tx, "orleansquery")) Execute(connection, tx, Script("PostgreSQL-Main.sql"));
            if (!Exists(connection, tx, "orleansmembershiptable")) Execute(connection, tx, Script("PostgreSQL-Clustering.sql"));
            tx.Commit();
        }
        catch (Exception e) when (e is DbException or System.Net.Sockets.SocketException or InvalidOperationException or TimeoutException)
        {
            throw new IOException($"cannot reach the cluster's database {url.Display}: {e.Message.ReplaceLineEndings(" ")}", e);
        }
    }

    /// <summary>Silos the membership table lists as active in this program's cluster (a killed one stays listed
    /// until the others declare it dead, a few seconds).</summary>
    public static int ActiveSilos(DatabaseUrl url, string clusterId)
    {
        try
        {
            using var connection = new NpgsqlConnection(url.ConnectionString);
            connection.Open();
            // 3 is SiloStatus.Active.
            using var cmd = new NpgsqlCommand("SELECT COUNT(*) FROM orleansmembershiptable WHERE deploymentid = @id AND status = 3", connection);
            cmd.Parameters.AddWithValue("id", clusterId);
            return Convert.ToInt32(cmd.ExecuteScalar());
        }
        catch (Exception e) when (e is DbException or System.Net.Sockets.SocketException or InvalidOperationException or TimeoutException)
        {
            throw new IOException($"cannot reach the cluster's database {url.Display}: {e.Message.ReplaceLineEndings(" ")}", e);
        }
    }

    private static bool Exists(NpgsqlConnection connection, NpgsqlTransaction tx, string table)
    {
        using var cmd = new NpgsqlCommand("SELECT to_regclass(@t) IS NOT NULL", connection, tx);
        cmd.Parameters.AddWithValue("t", table);
        return (bool)cmd.ExecuteScalar()!;
    }

    private static void Execute(NpgsqlConnection connection, NpgsqlTransaction tx, string sql)
    {
        using var cmd = new NpgsqlCommand(sql, connection, tx);
        cmd.ExecuteNonQuery();
    }

    internal static string Script(string name)
    {
        using var stream = typeof(OrleansSchema).Assembly.GetManifestResourceStream(name)
                           ?? throw new InvalidOperationException($"the embedded script {name} is missing from {typeof(OrleansSchema).Assembly.GetName().Name}");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
