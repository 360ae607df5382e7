using System.Security.Cryptography;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;

namespace Nlp.Models.Extraction;

/// <summary>A training file and the SHA-256 of its bytes, so a model says exactly what it learned from.</summary>
public sealed record DataFile(string Path, string Sha256)
{
    public static DataFile Of(string path) => new(path, Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(path))));
}

/// <summary>
/// <c>manifest.json</c> of a shipped extraction model: format version, kind, schema, labels, settings, seed,
/// training and dev data with hashes, calibration, per-type thresholds, dev scores, creation time.
/// Loading refuses a format version this code cannot read.
/// </summary>
public sealed record ModelManifest
{
    public const int CurrentFormatVersion = 1;
    public static readonly IReadOnlySet<int> ReadableFormatVersions = new HashSet<int> { 1 };
    public const string FileName = "manifest.json";

    public int FormatVersion { get; init; } = CurrentFormatVersion;
    public required string Kind { get; init; }
    public required string Schema { get; init; }
    public IReadOnlyList<string> Labels { get; init; } = [];
    public JObject Settings { get; init; } = new();
    public int Seed { get; init; }
    public IReadOnlyList<DataFile> TrainingData { get; init; } = [];
    public IReadOnlyList<DataFile> DevData { get; init; } = [];
    /// <summary>Calibrators by name (e.g. "trigger", "argument", "relation").</summary>
    public IReadOnlyDictionary<string, PlattCalibrator> Calibration { get; init; } = new Dictionary<string, PlattCalibrator>();
    /// <summary>Minimum calibrated confidence to output a prediction, per label ("*" is the default).</summary>
    public IReadOnlyDictionary<string, double> Thresholds { get; init; } = new Dictionary<string, double>();
    /// <summary>Decoding constraints learned from the training data (e.g. roles that take one filler per event).</summary>
    public JObject Decoding { get; init; } = new();
    public JObject DevScores { get; init; } = new();
    public DateTimeOffset Created { get; init; } = DateTimeOffset.UtcNow;

    public void Save(string directory)
    {
        Directory.CreateDirectory(directory);
        File.WriteAllText(Path.Combine(directory, FileName), JsonConvert.SerializeObject(this, Formatting.Indented, JsonSettings));
    }

    public static ModelManifest Load(string directory)
    {
        var path = Path.Combine(directory, FileName);
        if (!File.Exists(path)) throw new FileNotFoundException($"{path}: no model manifest (is '{directory}' a model folder?)", path);
        JObject json;
        try { json = JObject.Parse(File.ReadAllText(path)); }
        catch (JsonReaderException e) { throw new InvalidDataException($"{path}: not valid JSON: {e.Message}", e); }
        var version = json["formatVersion"]?.Type == JTokenType.Integer ? (int)json["formatVersion"]! : -1;
        if (!ReadableFormatVersions.Contains(version))
            throw new InvalidDataException(
                $"{path}: model format version {(version < 0 ? "(missing)" : version.ToString())} cannot be read by this program " +
                $"(readable: {string.Join(", ", ReadableFormatVersions)}); retrain the model or update the program");
        return json.ToObject<ModelManifest>(JsonSerializer.Create(JsonSettings))
            ?? throw new InvalidDataException($"{path}: empty manifest");
    }

    /// <summary>The threshold for a label: its own, else the "*" default, else 0.5.</summary>
    public double ThresholdFor(string label) =>
        Thresholds.TryGetValue(label, out var t) ? t : Thresholds.TryGetValue("*", out var d) ? d : 0.5;

    private static readonly JsonSerializerSettings JsonSettings = new()
    {
        ContractResolver = new Newtonsoft.Json.Serialization.CamelCasePropertyNamesContractResolver
        {
            NamingStrategy = new Newtonsoft.Json.Serialization.CamelCaseNamingStrategy { ProcessDictionaryKeys = false },
        },
        DateParseHandling = DateParseHandling.DateTimeOffset,
    };
}
