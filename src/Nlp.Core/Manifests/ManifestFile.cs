using System.Security.Cryptography;
using System.Text;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;
using Newtonsoft.Json.Serialization;

namespace Nlp.Core.Manifests;

/// <summary>
/// The one reader and writer of <see cref="ModelManifest"/>: snake_case JSON, a content-hash version set on
/// writing, and a refusal, naming the file and both format versions, of a manifest this build cannot read.
/// </summary>
public static class ManifestFile
{
    /// <summary>snake_case names; dictionary keys (labels, file names) are kept as they are.</summary>
    public static readonly JsonSerializerSettings Settings = new()
    {
        ContractResolver = new DefaultContractResolver { NamingStrategy = new SnakeCaseNamingStrategy { ProcessDictionaryKeys = false } },
        NullValueHandling = NullValueHandling.Ignore,
        DateParseHandling = DateParseHandling.DateTimeOffset,
        Formatting = Formatting.Indented,
    };

    public static readonly JsonSerializer Serializer = JsonSerializer.Create(Settings);

    public static string PathIn(string directory) => Path.Combine(directory, ModelManifest.FileName);

    public static bool Exists(string directory) => File.Exists(PathIn(directory));

    /// <summary>An object (settings, payload) as the manifest stores it: snake_case keys.</summary>
    public static JObject ToJson(object value) => JObject.FromObject(value, Serializer);

    /// <summary>The payload (or settings) read back as <typeparamref name="T"/>; missing fields keep T's defaults.</summary>
    public static T As<T>(JObject json) => json.ToObject<T>(Serializer) ?? throw new InvalidDataException($"empty {typeof(T).Name}");

    public static T PayloadAs<T>(this ModelManifest manifest) => As<T>(manifest.Payload);

    /// <summary>Writes <c>manifest.json</c> into a folder that already holds the model's <see cref="ModelManifest.Files"/>
    /// (the manifest goes last: a folder with a manifest is a complete model). Sets the format, the name (default the
    /// folder's), the creation time (default now) and the content-hash version; returns what was written.</summary>
    public static ModelManifest Write(string directory, ModelManifest manifest)
    {
        Directory.CreateDirectory(directory);
        int format = manifest.FormatVersion == ModelManifest.TunedEncoderFormatVersion ? ModelManifest.TunedEncoderFormatVersion : ModelManifest.CurrentFormatVersion;
        var written = manifest with
        {
            FormatVersion = format,
            ReadableBy = [format],
            Name = manifest.Name.Length > 0 ? manifest.Name : FolderName(directory),
            Created = manifest.Created ?? DateTimeOffset.UtcNow,
        };
        written = written with { Version = ContentVersion(directory, written) };
        File.WriteAllText(PathIn(directory), JsonConvert.SerializeObject(written, Settings) + "\n");
        return written;
    }

    /// <summary>Reads a folder's manifest, refusing a format this build cannot read before anything else is looked at,
    /// and upgrading the format-1 manifests of earlier builds. With <paramref name="kind"/>, refuses another kind.</summary>
    public static ModelManifest Read(string directory, string? kind = null)
    {
        string path = PathIn(directory);
        if (!File.Exists(path)) throw new FileNotFoundException($"{path}: no model manifest (is '{directory}' a model folder?)", path);
        return Parse(File.ReadAllText(path), path, directory, kind);
    }

    /// <summary>Reads manifest text; <paramref name="path"/> names it in errors, <paramref name="directory"/> holds
    /// the model's files (a format-1 manifest's version is computed from them).</summary>
    public static ModelManifest Parse(string text, string path, string directory, string? kind = null)
    {
        JObject json;
        try
        {
            // Times as written (with their offset), not converted to local DateTime.
            using var reader = new JsonTextReader(new StringReader(text)) { DateParseHandling = DateParseHandling.DateTimeOffset };
            json = JObject.Load(reader, new JsonLoadSettings { DuplicatePropertyNameHandling = DuplicatePropertyNameHandling.Error });
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{path}: not a JSON object ({e.Message})", e);
        }
        var manifest = LegacyManifest.IsFormat1(json)
            ? LegacyManifest.Upgrade(json, directory, path)
            : Current(json, path);
        if (kind is not null && manifest.Kind != kind)
            throw new InvalidDataException($"{path}: a '{manifest.Kind}' model, not a '{kind}' model");
        return manifest;
    }

    static ModelManifest Current(JObject json, string path)
    {
        if (json["format_version"] is not JValue { Type: JTokenType.Integer } v)
            throw new InvalidDataException($"{path}: the manifest has no format_version (is it a model manifest?)");
        int version = (int)v;
        var readableBy = (json["readable_by"] as JArray)?.Select(t => t.Type == JTokenType.Integer ? (int)t : -1).ToList() ?? [];
        if (!ModelManifest.ReadableFormats.Contains(version) && !readableBy.Any(ModelManifest.ReadableFormats.Contains))
            throw new InvalidDataException(
                $"{path}: manifest format version {version} cannot be read by this build, which reads format " +
                $"{string.Join(" and ", ModelManifest.ReadableFormats)} (and upgrades format 1); the manifest is readable by format(s) " +
                $"{(readableBy.Count == 0 ? "(none listed)" : string.Join(", ", readableBy))}. Update the program or retrain the model.");
        if (json["kind"] is not JValue { Type: JTokenType.String })
            throw new InvalidDataException($"{path}: the manifest has no kind");
        try
        {
            return json.ToObject<ModelManifest>(Serializer) ?? throw new InvalidDataException($"{path}: empty manifest");
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{path}: {e.Message}", e);
        }
    }

    /// <summary>
    /// "sha256:" and 12 hex digits of: each of the manifest's <see cref="ModelManifest.Files"/> (name and bytes, in
    /// name order) and the canonical JSON of what else changes the model's output — kind, labels, settings, seed,
    /// encoder, calibration, thresholds and payload. Not of the name, the creation time, the data paths or the scores:
    /// retraining with the same seed and data gives the same version, a changed weight or setting another.
    /// </summary>
    public static string ContentVersion(string directory, ModelManifest manifest)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (var name in manifest.Files.Keys.Order(StringComparer.Ordinal))
        {
            string file = Path.Combine(directory, name);
            if (!File.Exists(file)) throw new FileNotFoundException($"{directory}: {name} is missing (the manifest lists it)", file);
            using var stream = File.OpenRead(file);
            hash.AppendData(Encoding.UTF8.GetBytes(name + "\n"));
            hash.AppendData(SHA256.HashData(stream));
        }
        var content = new JObject
        {
            ["kind"] = manifest.Kind,
            ["labels"] = new JArray(manifest.Labels),
            ["settings"] = manifest.Recipe.Settings,
            ["seed"] = manifest.Recipe.Seed,
            ["encoder"] = manifest.Recipe.Encoder,
            ["calibration"] = JObject.FromObject(manifest.Calibration, Serializer),
            ["thresholds"] = JObject.FromObject(manifest.Thresholds, Serializer),
            ["payload"] = manifest.Payload,
        };
        hash.AppendData(Encoding.UTF8.GetBytes(Canonical(content).ToString(Formatting.None)));
        return "sha256:" + Convert.ToHexStringLower(hash.GetHashAndReset())[..12];
    }

    /// <summary>The same JSON with every object's properties in ordinal order, so that the order fields were written
    /// in does not change the hash.</summary>
    static JToken Canonical(JToken token) => token switch
    {
        JObject o => new JObject(o.Properties().OrderBy(p => p.Name, StringComparer.Ordinal).Select(p => new JProperty(p.Name, Canonical(p.Value)))),
        JArray a => new JArray(a.Select(Canonical)),
        _ => token.DeepClone(),
    };

    internal static string FolderName(string directory) => Path.GetFileName(Path.GetFullPath(directory).TrimEnd('/', '\\'));
}
