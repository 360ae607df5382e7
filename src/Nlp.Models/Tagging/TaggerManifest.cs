using Newtonsoft.Json;
using Newtonsoft.Json.Linq;

namespace Nlp.Models.Tagging;

/// <summary>
/// manifest.json of a saved entity tagger: everything needed to rebuild it (format version, heads and their
/// tags, settings) and to know where it came from (seed, training data with SHA-256, dev scores, timing).
/// </summary>
public sealed record TaggerManifest
{
    /// <summary>The format this build writes. Version 2 added gazetteer features (Settings.GazetteerFeatures and
    /// the gazetteer file): a version-1 build would rebuild the wrong input width, so it must refuse them. Version 3
    /// added word vector features (Settings.WordVectorFeatures and the word vector file), for the same reason; version 4
    /// a pretrained contextual encoder (Settings.Encoder and Settings.ContextualFeatures).</summary>
    public const int CurrentFormatVersion = 4;
    /// <summary>The formats this build can read.</summary>
    public static readonly int[] ReadableFormatVersions = [1, 2, 3, 4];

    public int FormatVersion { get; init; } = CurrentFormatVersion;
    public int[] ReadableVersions { get; init; } = ReadableFormatVersions;
    public string Kind { get; init; } = "entity-tagger";
    public string Name { get; init; } = "";
    /// <summary>Model version: name, creation time and format, so predictions can say which model made them.</summary>
    public string Version { get; init; } = "";
    public DateTimeOffset Created { get; init; }
    /// <summary>The labels predicted (the first head's entity types).</summary>
    public string[] Labels { get; init; } = [];
    public HeadInfo[] Heads { get; init; } = [];
    public TaggerSettings Settings { get; init; } = new();
    public int Seed { get; init; }
    public DataFile[] TrainingData { get; init; } = [];
    public DataFile[] DevData { get; init; } = [];
    public int EpochsRun { get; init; }
    public int BestEpoch { get; init; }
    public double TrainingSeconds { get; init; }
    public DevScores? BestDevScores { get; init; }
    public DevScores? LastDevScores { get; init; }
    public CalibrationInfo? Calibration { get; init; }
    public EpochReport[] History { get; init; } = [];
    /// <summary>Which weight files hold what ("best.bin": best dev F1, shipped; "last.bin": after the last epoch).</summary>
    public Dictionary<string, string> Files { get; init; } = new();

    public sealed record HeadInfo(string Name, string[] Tags);
    public sealed record DataFile(string Path, string Sha256, int Documents);
    public sealed record LabelScore(double Precision, double Recall, double F1, int Gold, int Predicted);
    public sealed record DevScores(double Precision, double Recall, double F1, Dictionary<string, LabelScore> PerLabel);
    /// <summary>Platt parameters and ECE on dev before calibration and after (cross-fitted: fit on one half, measured on the other).</summary>
    public sealed record CalibrationInfo(double A, double B, double? EceRaw, double? EceCalibratedCrossFit, int Entities);

    static readonly JsonSerializerSettings Json = new()
    {
        Formatting = Formatting.Indented,
        NullValueHandling = NullValueHandling.Ignore,
        Converters = { new Newtonsoft.Json.Converters.StringEnumConverter() },
    };

    public string ToJson() => JsonConvert.SerializeObject(this, Json);

    /// <summary>Reads a manifest, refusing a format version this build cannot read before anything else is looked at.</summary>
    public static TaggerManifest Read(string path)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"{path}: no model manifest here (is this a model folder?)", path);
        JObject json;
        try { json = JObject.Parse(File.ReadAllText(path)); }
        catch (JsonException e) { throw new InvalidDataException($"{path}: the manifest is not valid JSON: {e.Message}", e); }
        int? version = json.Value<int?>("FormatVersion");
        if (version is null) throw new InvalidDataException($"{path}: the manifest has no FormatVersion.");
        if (!ReadableFormatVersions.Contains(version.Value))
            throw new InvalidDataException(
                $"{path}: model format version {version} cannot be read by this build, which reads version(s) " +
                $"{string.Join(", ", ReadableFormatVersions)}. Retrain the model or use a matching build.");
        if (json.Value<string>("Kind") != "entity-tagger")
            throw new InvalidDataException($"{path}: this is not an entity tagger (kind \"{json.Value<string>("Kind")}\").");
        return json.ToObject<TaggerManifest>(JsonSerializer.Create(Json))
            ?? throw new InvalidDataException($"{path}: empty manifest.");
    }
}

/// <summary>Progress of one training epoch.</summary>
public sealed record EpochReport(int Epoch, int Epochs, double Loss, double DevF1, double TokensPerSecond,
    double ElapsedSeconds, double EtaSeconds, bool IsBest);
