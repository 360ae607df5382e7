using Newtonsoft.Json;
using Newtonsoft.Json.Linq;

namespace Nlp.Pipeline.Building;

/// <summary>
/// The two manifest.json fields provenance needs: the model's name and version. Field names are matched without
/// regard to case ("version" or "Version", as the trainers write them). The name defaults to the folder's name.
/// A manifest without a version field is identified by its content instead ("sha256:" + the first 12 hex digits
/// of the file's hash): retraining rewrites the manifest (dev scores, creation time), so results are still
/// redone when the model changes.
/// </summary>
public sealed record ModelManifest(string Name, string Version)
{
    public const string FileName = "manifest.json";

    public static bool Exists(string directory) => File.Exists(Path.Combine(directory, FileName));

    public static ModelManifest Read(string directory)
    {
        string path = Path.Combine(directory, FileName);
        byte[] bytes = File.ReadAllBytes(path);
        JObject json;
        try
        {
            json = JObject.Parse(System.Text.Encoding.UTF8.GetString(bytes));
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{path}: not a JSON object ({e.Message})", e);
        }
        string name = json.GetValue("name", StringComparison.OrdinalIgnoreCase) is JValue { Type: JTokenType.String } n && ((string)n!).Length > 0
            ? (string)n!
            : Path.GetFileName(Path.GetFullPath(directory).TrimEnd('/'));
        string version = json.GetValue("version", StringComparison.OrdinalIgnoreCase) switch
        {
            JValue { Type: JTokenType.String or JTokenType.Integer or JTokenType.Float } v when v.ToString(System.Globalization.CultureInfo.InvariantCulture).Length > 0
                => v.ToString(System.Globalization.CultureInfo.InvariantCulture),
            _ => "sha256:" + Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(bytes))[..12],
        };
        return new ModelManifest(name, version);
    }
}
