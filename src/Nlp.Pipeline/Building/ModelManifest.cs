using Newtonsoft.Json;
using Newtonsoft.Json.Linq;

namespace Nlp.Pipeline.Building;

/// <summary>The two manifest.json fields provenance needs: the model's name (default: its folder's name) and version.</summary>
public sealed record ModelManifest(string Name, string Version)
{
    public const string FileName = "manifest.json";

    public static bool Exists(string directory) => File.Exists(Path.Combine(directory, FileName));

    public static ModelManifest Read(string directory)
    {
        string path = Path.Combine(directory, FileName);
        JObject json;
        try
        {
            json = JObject.Parse(File.ReadAllText(path));
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{path}: not a JSON object ({e.Message})", e);
        }
        string name = json["name"] is JValue { Type: JTokenType.String } n ? (string)n! : Path.GetFileName(Path.GetFullPath(directory).TrimEnd('/'));
        string version = json["version"] switch
        {
            JValue { Type: JTokenType.String or JTokenType.Integer or JTokenType.Float } v => v.ToString(System.Globalization.CultureInfo.InvariantCulture),
            _ => throw new InvalidDataException($"{path}: no \"version\" field (needed for the provenance of every extraction)"),
        };
        return new ModelManifest(name, version);
    }
}
