using System.Security.Cryptography;
using System.Text;
using Newtonsoft.Json.Linq;

namespace Nlp.Sinks;

/// <summary>A model a stage ran with: the stage, the model's name and its manifest version.</summary>
public sealed record ModelStamp(string Stage, string Name, string Version)
{
    // Tagger versions already read "name@time": "ner=ner@…", not "ner=ner@ner@…".
    public override string ToString() => Version.StartsWith(Name + "@", StringComparison.Ordinal) ? $"{Stage}={Version}" : $"{Stage}={Name}@{Version}";
}

/// <summary>
/// Where an extracted document came from and what produced it. <see cref="Key"/> identifies one result: the same
/// file, document id, text and pipeline give the same key, so a sink that already holds the key has nothing to do
/// (resume and re-runs), and a different hash or pipeline for the same path and id means the old result is stale.
/// <see cref="Profile"/> names the profile (fast, accurate) the stages were chosen by; the pipeline's model stamps
/// already tell the profiles apart, so it is not part of the key.
/// </summary>
public sealed record Provenance(
    string Path,
    string DocumentId,
    string ContentSha256,
    string Pipeline,
    IReadOnlyList<ModelStamp> Models,
    DateTimeOffset ExtractedAt,
    string? Profile = null)
{
    public string Key => MakeKey(Path, DocumentId, ContentSha256, Pipeline);

    /// <summary>The identity of a document regardless of its content: one result per identity is kept.</summary>
    public string Identity => MakeIdentity(Path, DocumentId);

    public static string MakeKey(string path, string id, string sha256, string pipeline) => $"{path}\n{id}\n{sha256}\n{pipeline}";
    public static string MakeIdentity(string path, string id) => $"{path}\n{id}";

    public static string Sha256Of(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));

    public JObject ToJson()
    {
        var json = new JObject
        {
            ["path"] = Path,
            ["document_id"] = DocumentId,
            ["sha256"] = ContentSha256,
            ["pipeline"] = Pipeline,
        };
        if (Profile is not null) json["profile"] = Profile;
        json["models"] = new JArray(Models.Select(m => new JObject { ["stage"] = m.Stage, ["name"] = m.Name, ["version"] = m.Version }));
        json["extracted_at"] = ExtractedAt.ToString("O");
        return json;
    }

    /// <summary>The key of a provenance object read back from an output file; null when it lacks a field.</summary>
    public static string? KeyOf(JToken? provenance) =>
        provenance is JObject p && p["path"] is JValue path && p["document_id"] is JValue id && p["sha256"] is JValue sha && p["pipeline"] is JValue pipe
            ? MakeKey((string)path!, (string)id!, (string)sha!, (string)pipe!)
            : null;
}
