using System.Reflection;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;

namespace Nlp.Rules;

/// <summary>
/// The calibration of the rules: per-label precision measured on the training data, from which each rule
/// entity's confidence is taken. Committed as <c>models/rules/manifest.json</c> and embedded in this assembly
/// (so the stage needs no file at run time); <see cref="RuleCalibration"/> rewrites it, and a test fails when
/// the committed file no longer matches what the rules do on train.
/// </summary>
public sealed record RuleManifest
{
    /// <summary>The format written; <see cref="ReadableFormatVersions"/> lists what this code can read.</summary>
    public const int FormatVersion = 1;
    public static readonly IReadOnlyList<int> ReadableFormatVersions = [1];

    /// <summary>Bump when the patterns change, so a manifest can be matched to the rules it measured.</summary>
    public const string CurrentRulesVersion = "1.1";

    public string RulesVersion { get; init; } = CurrentRulesVersion;
    public IReadOnlyList<string> Labels { get; init; } = NumericLabels.All;
    public required string TrainingData { get; init; }
    public required string TrainingDataSha256 { get; init; }
    public int TrainingDocuments { get; init; }
    /// <summary>Per label: true and false positives and false negatives of the rules on the training data.</summary>
    public required IReadOnlyDictionary<string, LabelCounts> Train { get; init; }
    /// <summary>Per label: the same counts on dev, for the record (not used for confidence).</summary>
    public IReadOnlyDictionary<string, LabelCounts>? Dev { get; init; }
    public string? DevData { get; init; }
    public DateTimeOffset Created { get; init; }

    /// <summary>
    /// The confidence of a rule entity with this label: its precision on train with add-one smoothing,
    /// (tp + 1) / (tp + fp + 2), so a label seen once or never is not given certainty.
    /// </summary>
    public double Confidence(string label) =>
        Train.TryGetValue(label, out var c) ? (c.TruePositives + 1.0) / (c.TruePositives + c.FalsePositives + 2.0) : 0.5;

    /// <summary>The confidence given to each label's rule entities (written to the file for the reader; derived, not read).</summary>
    public IReadOnlyDictionary<string, double> ConfidenceByLabel =>
        NumericLabels.All.ToDictionary(l => l, l => Math.Round(Confidence(l), 4));

    public static RuleManifest Default { get; } = LoadEmbedded();

    public static RuleManifest Load(string path)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"{path}: no such rules manifest", path);
        return Parse(File.ReadAllText(path), path);
    }

    public static RuleManifest Parse(string json, string where)
    {
        JObject o;
        try { o = JObject.Parse(json); }
        catch (JsonException e) { throw new InvalidDataException($"{where}: not valid JSON ({e.Message})", e); }
        int version = (int?)o["formatVersion"] ?? 0;
        if (!ReadableFormatVersions.Contains(version))
            throw new InvalidDataException(
                $"{where}: rules manifest format version {version} cannot be read (this build reads {string.Join(", ", ReadableFormatVersions)})");
        return o.ToObject<RuleManifest>(JsonSerializer.Create(Settings))
               ?? throw new InvalidDataException($"{where}: empty rules manifest");
    }

    public string ToJson()
    {
        var o = JObject.FromObject(this, JsonSerializer.Create(Settings));
        o.AddFirst(new JProperty("formatVersion", FormatVersion));
        return o.ToString(Formatting.Indented) + "\n";
    }

    public void Save(string path) => File.WriteAllText(path, ToJson());

    private static readonly JsonSerializerSettings Settings = new()
    {
        ContractResolver = new Newtonsoft.Json.Serialization.DefaultContractResolver
        {
            NamingStrategy = new Newtonsoft.Json.Serialization.CamelCaseNamingStrategy { ProcessDictionaryKeys = false },
        },
        NullValueHandling = NullValueHandling.Ignore,
    };

    private static RuleManifest LoadEmbedded()
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream("Nlp.Rules.manifest.json")
                           ?? throw new InvalidOperationException("the embedded rules manifest is missing from Nlp.Rules");
        using var reader = new StreamReader(stream);
        return Parse(reader.ReadToEnd(), "embedded models/rules/manifest.json");
    }
}

/// <summary>Counts of one label, with precision, recall and F1 as fractions (0 to 1).</summary>
public sealed record LabelCounts(int TruePositives, int FalsePositives, int FalseNegatives)
{
    public double Precision => TruePositives + FalsePositives == 0 ? 0 : Math.Round((double)TruePositives / (TruePositives + FalsePositives), 4);
    public double Recall => TruePositives + FalseNegatives == 0 ? 0 : Math.Round((double)TruePositives / (TruePositives + FalseNegatives), 4);
    public double F1 => Precision + Recall == 0 ? 0 : Math.Round(2 * Precision * Recall / (Precision + Recall), 4);
}
