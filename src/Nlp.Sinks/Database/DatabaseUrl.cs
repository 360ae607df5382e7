using Microsoft.Data.Sqlite;
using Npgsql;

namespace Nlp.Sinks.Database;

public enum DatabaseKind { Sqlite, Postgres }

/// <summary>
/// A --db value: <c>sqlite:PATH</c> (or a path ending in .db/.sqlite), or
/// <c>postgres://user:pass@host:port/db</c> / <c>postgresql://…</c> (user and password percent-encoded,
/// query parameters passed on as connection settings, e.g. ?sslmode=disable).
/// </summary>
public sealed record DatabaseUrl(DatabaseKind Kind, string ConnectionString, string Display)
{
    public static DatabaseUrl Parse(string value)
    {
        if (value.StartsWith("postgres://", StringComparison.OrdinalIgnoreCase) ||
            value.StartsWith("postgresql://", StringComparison.OrdinalIgnoreCase))
            return Postgres(value);
        string path = value.StartsWith("sqlite:", StringComparison.OrdinalIgnoreCase) ? value["sqlite:".Length..] : value;
        if (path.StartsWith("//")) path = path[2..]; // sqlite:///abs/path
        if (path.Length == 0) throw new ArgumentException($"--db {value}: no SQLite file path");
        if (!value.StartsWith("sqlite:", StringComparison.OrdinalIgnoreCase) &&
            !(path.EndsWith(".db") || path.EndsWith(".sqlite") || path.EndsWith(".sqlite3")))
            throw new ArgumentException($"--db {value}: expected sqlite:PATH or postgres://user:pass@host:port/db");
        var builder = new SqliteConnectionStringBuilder { DataSource = Path.GetFullPath(path), Pooling = false };
        return new DatabaseUrl(DatabaseKind.Sqlite, builder.ToString(), "sqlite:" + path);
    }

    private static DatabaseUrl Postgres(string value)
    {
        if (!Uri.TryCreate(value, UriKind.Absolute, out var uri) || string.IsNullOrEmpty(uri.Host))
            throw new ArgumentException($"--db {Redacted(value)}: not a valid postgres://user:pass@host:port/db URL");
        var builder = new NpgsqlConnectionStringBuilder
        {
            Host = uri.Host,
            Port = uri.IsDefaultPort || uri.Port <= 0 ? 5432 : uri.Port,
            Database = Uri.UnescapeDataString(uri.AbsolutePath.TrimStart('/')) is { Length: > 0 } db ? db : null,
        };
        if (uri.UserInfo.Length > 0)
        {
            var parts = uri.UserInfo.Split(':', 2);
            builder.Username = Uri.UnescapeDataString(parts[0]);
            if (parts.Length == 2) builder.Password = Uri.UnescapeDataString(parts[1]);
        }
        foreach (var pair in uri.Query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var kv = pair.Split('=', 2);
            builder[Uri.UnescapeDataString(kv[0])] = kv.Length == 2 ? Uri.UnescapeDataString(kv[1]) : "";
        }
        return new DatabaseUrl(DatabaseKind.Postgres, builder.ConnectionString, Redacted(value));
    }

    /// <summary>The URL with its password replaced, for messages and logs.</summary>
    public static string Redacted(string url)
    {
        int scheme = url.IndexOf("://", StringComparison.Ordinal);
        int at = url.LastIndexOf('@');
        if (scheme < 0 || at < 0) return url;
        int colon = url.IndexOf(':', scheme + 3);
        return colon > 0 && colon < at ? url[..(colon + 1)] + "***" + url[at..] : url;
    }
}
