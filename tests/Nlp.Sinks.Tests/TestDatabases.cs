using Npgsql;

namespace Nlp.Sinks.Tests;

/// <summary>
/// Runs a test only when a PostgreSQL server is given in NLP_TEST_POSTGRES (postgres://user:pass@host:port/db).
/// Without it the test is reported as skipped, never as passed; .ci/run starts a server and sets the variable,
/// so in CI these tests always run.
/// </summary>
public sealed class PostgresFactAttribute : FactAttribute
{
    public PostgresFactAttribute()
    {
        if (TestDatabases.PostgresUrl is null) Skip = $"set {TestDatabases.PostgresVariable} to a postgres:// URL to run the PostgreSQL sink tests";
    }
}

internal static class TestDatabases
{
    public const string PostgresVariable = "NLP_TEST_POSTGRES";

    public static string? PostgresUrl => Environment.GetEnvironmentVariable(PostgresVariable) is { Length: > 0 } url ? url : null;

    public static string TempDir()
    {
        var dir = Path.Combine(Path.GetTempPath(), "nlp-sinks-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        return dir;
    }

    public static string SqliteUrl() => "sqlite:" + Path.Combine(TempDir(), "test.db");

    /// <summary>A fresh PostgreSQL schema for one test (tests run in parallel), as a URL whose search path is it.</summary>
    public static string PostgresSchemaUrl()
    {
        string url = PostgresUrl ?? throw new InvalidOperationException($"{PostgresVariable} is not set");
        string schema = "t_" + Guid.NewGuid().ToString("N");
        var parsed = Database.DatabaseUrl.Parse(url);
        using (var connection = new NpgsqlConnection(parsed.ConnectionString))
        {
            connection.Open();
            using var cmd = connection.CreateCommand();
            cmd.CommandText = $"CREATE SCHEMA {schema}";
            cmd.ExecuteNonQuery();
        }
        return url + (url.Contains('?') ? "&" : "?") + "SearchPath=" + schema;
    }
}
