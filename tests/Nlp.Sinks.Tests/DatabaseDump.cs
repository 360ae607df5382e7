using System.Data.Common;
using System.Globalization;
using Microsoft.Data.Sqlite;
using Nlp.Sinks.Database;
using Npgsql;

namespace Nlp.Sinks.Tests;

/// <summary>Every stored row in natural terms (no generated keys, no times), so two databases can be compared.</summary>
internal static class DatabaseDump
{
    private static readonly string[] Queries =
    [
        "SELECT 'document', path, doc_id, content_sha256, pipeline, text, meta, sentence_count, token_count FROM documents ORDER BY path, doc_id",
        """
        SELECT 'entity', d.doc_id, e.ordinal, e.label, e.start_offset, e.end_offset, e.text, e.normalized, e.unit, e.confidence
        FROM entities e JOIN documents d ON d.document_id = e.document_id ORDER BY d.doc_id, e.ordinal
        """,
        """
        SELECT 'event', d.doc_id, v.ordinal, v.type, v.trigger_start, v.trigger_end, v.trigger_text, v.sentence_text, v.confidence
        FROM events v JOIN documents d ON d.document_id = v.document_id ORDER BY d.doc_id, v.ordinal
        """,
        """
        SELECT 'argument', d.doc_id, v.ordinal, a.ordinal, a.role, a.start_offset, a.end_offset, a.text, e.ordinal, a.entity_label, a.normalized, a.confidence
        FROM arguments a JOIN events v ON v.event_id = a.event_id JOIN documents d ON d.document_id = v.document_id
        LEFT JOIN entities e ON e.entity_id = a.entity_id ORDER BY d.doc_id, v.ordinal, a.ordinal
        """,
        """
        SELECT 'relation', d.doc_id, r.ordinal, r.type, r.head_start, r.head_end, r.head_text, h.ordinal, r.tail_start, r.tail_end, r.tail_text, t.ordinal, r.confidence
        FROM relations r JOIN documents d ON d.document_id = r.document_id
        LEFT JOIN entities h ON h.entity_id = r.head_entity_id LEFT JOIN entities t ON t.entity_id = r.tail_entity_id
        ORDER BY d.doc_id, r.ordinal
        """,
    ];

    public static DbConnection Open(string url)
    {
        var parsed = DatabaseUrl.Parse(url);
        DbConnection c = parsed.Kind == DatabaseKind.Sqlite ? new SqliteConnection(parsed.ConnectionString) : new NpgsqlConnection(parsed.ConnectionString);
        c.Open();
        return c;
    }

    public static List<string> Rows(string url)
    {
        using var connection = Open(url);
        var rows = new List<string>();
        foreach (var sql in Queries)
        {
            using var cmd = connection.CreateCommand();
            cmd.CommandText = sql;
            using var reader = cmd.ExecuteReader();
            while (reader.Read())
            {
                var cells = new string[reader.FieldCount];
                for (int i = 0; i < cells.Length; i++)
                    cells[i] = reader.IsDBNull(i) ? "NULL" : reader.GetValue(i) switch
                    {
                        double d => d.ToString("R", CultureInfo.InvariantCulture),
                        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
                        var v => v.ToString()!,
                    };
                rows.Add(string.Join(" | ", cells));
            }
        }
        return rows;
    }

    public static long Count(string url, string table)
    {
        using var connection = Open(url);
        using var cmd = connection.CreateCommand();
        cmd.CommandText = $"SELECT COUNT(*) FROM {table}";
        return Convert.ToInt64(cmd.ExecuteScalar());
    }

    public static object? Scalar(string url, string sql)
    {
        using var connection = Open(url);
        using var cmd = connection.CreateCommand();
        cmd.CommandText = sql;
        return cmd.ExecuteScalar();
    }
}
