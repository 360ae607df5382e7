using System.Reflection;
using Newtonsoft.Json.Linq;
using Nlp.Core.Manifests;

namespace Nlp.Rules;

/// <summary>
/// The calibration of the rules: per-label precision measured on the training data, from which each rule
/// entity's confidence is taken. Committed as <c>models/rules/manifest.json</c> (a <see cref="ModelManifest"/> of kind
/// "rules": the train counts are its payload, the dev counts its scores) and embedded in this assembly (so the stage
/// needs no file at run time); <see cref="RuleCalibration"/> rewrites it, and a test fails when the committed file no
/// longer matches what the rules do on train.
/// </summary>
public sealed record RuleManifest
{
    public const string Kind = "rules";

    /// <summary>Bump when the patterns change, so a manifest can be matched to the rules it measured.</summary>
    public const string CurrentRulesVersion = "1.1";

    public string RulesVersion { get; init; } = CurrentRulesVersion;
    public required DataFile TrainingData { get; init; }
    /// <summary>Per label: true and false positives and false negatives of the rules on the training data.</summary>
    public required IReadOnlyDictionary<string, LabelCounts> Train { get; init; }
    /// <summary>Per label: the same counts on dev, for the record (not used for confidence).</summary>
    public IReadOnlyDictionary<string, LabelCounts>? Dev { get; init; }
    public DataFile? DevData { get; init; }
    public DateTimeOffset? Created { get; init; }

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

    /// <summary>The payload of the manifest: what the confidences are computed from.</summary>
    sealed record Payload(string RulesVersion, IReadOnlyDictionary<string, LabelCounts> Train, IReadOnlyDictionary<string, double> ConfidenceByLabel);

    public ModelManifest ToManifest() => new()
    {
        Kind = Kind,
        Name = "rules",
        Created = Created,
        Recipe = new TrainingRecipe
        {
            Command = "NLP_UPDATE_RULES_MANIFEST=1 dotnet test tests/Nlp.Rules.Tests --filter ManifestTests",
            TrainingData = [TrainingData],
            DevData = DevData is null ? [] : [DevData],
        },
        Labels = NumericLabels.All,
        Payload = ManifestFile.ToJson(new Payload(RulesVersion, Train, ConfidenceByLabel)),
        Scores = Dev is null ? [] : new JObject { ["dev"] = JObject.FromObject(Dev, ManifestFile.Serializer) },
    };

    public static RuleManifest From(ModelManifest manifest)
    {
        var payload = manifest.PayloadAs<Payload>();
        return new RuleManifest
        {
            RulesVersion = payload.RulesVersion,
            TrainingData = manifest.Recipe.TrainingData.FirstOrDefault() ?? new DataFile("", ""),
            Train = payload.Train,
            Dev = manifest.Scores["dev"] is JObject dev ? ManifestFile.As<Dictionary<string, LabelCounts>>(dev) : null,
            DevData = manifest.Recipe.DevData.FirstOrDefault(),
            Created = manifest.Created,
        };
    }

    public static RuleManifest Load(string directory) => From(ManifestFile.Read(directory, Kind));

    public static RuleManifest Parse(string json, string where) => From(ManifestFile.Parse(json, where, "", Kind));

    public ModelManifest Save(string directory) => ManifestFile.Write(directory, ToManifest());

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
