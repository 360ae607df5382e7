using System.Security.Cryptography;
using Newtonsoft.Json.Linq;
using Newtonsoft.Json.Serialization;

namespace Nlp.Core.Manifests;

/// <summary>
/// Upgrades the format-1 manifests, each kind's own from before <see cref="ModelManifest"/> (the tagger's PascalCase
/// one, format versions 1-4 of its own; the camelCase one of events and relations; the calibration's
/// snake_case one), so that models trained by earlier builds still load, and get a content-hash version. Nothing is
/// retrained: fields are renamed and moved. Writing the result back (<see cref="ManifestFile.Write"/>) migrates a folder.
/// </summary>
internal static class LegacyManifest
{
    static readonly SnakeCaseNamingStrategy SnakeCase = new();
    static readonly int[] TaggerFormats = [1, 2, 3, 4];

    public static bool IsFormat1(JObject json) =>
        json.ContainsKey("FormatVersion") || json.ContainsKey("formatVersion")
        || json["format_version"] is JValue { Type: JTokenType.Integer } v && (int)v == 1;

    public static ModelManifest Upgrade(JObject json, string directory, string path)
    {
        var manifest = (json.Value<string>("Kind") ?? json.Value<string>("kind")) switch
        {
            "entity-tagger" when TaggerFormats.Contains(json.Value<int?>("FormatVersion") ?? -1) => Tagger(json, directory),
            "events" or "relations" when json.Value<int?>("formatVersion") == 1 => MaxEnt(json, directory),
            "source-shift-calibration" => Calibration(json, directory),
            var kind => throw new InvalidDataException(
                $"{path}: manifest format version {json["FormatVersion"] ?? json["formatVersion"] ?? json["format_version"]} " +
                $"of kind '{kind}' cannot be read by this build, which reads format {ModelManifest.CurrentFormatVersion} and upgrades " +
                "format 1 (tagger formats 1-4). Update the program or retrain the model."),
        };
        return manifest with { Version = ManifestFile.ContentVersion(directory, manifest) };
    }

    static ModelManifest Tagger(JObject json, string directory)
    {
        var settings = SnakeKeys((JObject?)json["Settings"]);
        var calibration = (JObject?)json["Calibration"];
        // Format 1 listed the --aux corpus after the training files; a tagger with an auxiliary head was trained with
        // one (the recipes of docs/TRAINING.md give one file).
        var training = DataFiles(json["TrainingData"]);
        int aux = ((JArray?)json["Heads"])?.Count > 1 && training.Count > 1 ? 1 : 0;
        return new ModelManifest
        {
            Kind = "entity-tagger",
            Name = json.Value<string>("Name") ?? "",
            Created = json.Value<DateTimeOffset?>("Created"),
            Recipe = new TrainingRecipe
            {
                Command = "nlp train ner",
                Settings = settings,
                Seed = json.Value<int?>("Seed"),
                TrainingData = training.SkipLast(aux).ToList(),
                DevData = DataFiles(json["DevData"]),
                AuxData = training.TakeLast(aux).ToList(),
                Encoder = settings.Value<string?>("encoder"),
            },
            Labels = Strings(json["Labels"]),
            Calibration = calibration is null ? new Dictionary<string, PlattParameters>()
                : new Dictionary<string, PlattParameters> { ["entity"] = new((double)calibration["A"]!, (double)calibration["B"]!) },
            Files = json["Files"] is JObject files
                ? files.Properties().Where(p => p.Name != "last.bin").ToDictionary(p => p.Name, p => (string)p.Value!)
                : ModelFiles(directory),
            Payload = new JObject
            {
                ["heads"] = new JArray(((JArray?)json["Heads"] ?? []).Select(h => new JObject { ["name"] = h["Name"], ["tags"] = h["Tags"] })),
            },
            Scores = Without(new JObject
            {
                ["dev"] = TaggerScores(json["BestDevScores"]),
                ["dev_last"] = TaggerScores(json["LastDevScores"]),
                ["calibration"] = calibration is null ? null : new JObject
                {
                    ["ece_raw"] = calibration["EceRaw"], ["ece_calibrated_cross_fit"] = calibration["EceCalibratedCrossFit"],
                    ["entities"] = calibration["Entities"],
                },
                ["training"] = new JObject
                {
                    ["epochs_run"] = json["EpochsRun"], ["best_epoch"] = json["BestEpoch"], ["seconds"] = json["TrainingSeconds"],
                    ["history"] = new JArray(((JArray?)json["History"] ?? []).OfType<JObject>().Select(e => SnakeKeys(e))),
                },
                ["cross_source"] = json["cross_source"],
            }),
        };
    }

    static ModelManifest MaxEnt(JObject json, string directory)
    {
        string kind = json.Value<string>("kind")!;
        var settings = SnakeKeys((JObject?)json["settings"]);
        return new ModelManifest
        {
            Kind = kind,
            Name = ManifestFile.FolderName(directory),
            Created = json.Value<DateTimeOffset?>("created"),
            Recipe = new TrainingRecipe
            {
                Command = "nlp train " + kind,
                Settings = settings,
                Seed = json.Value<int?>("seed"),
                TrainingData = DataFiles(json["trainingData"]),
                DevData = DataFiles(json["devData"]),
                Encoder = settings.Value<string?>("context_encoder"),
            },
            Labels = Strings(json["labels"]),
            Calibration = ((JObject?)json["calibration"] ?? []).Properties()
                .ToDictionary(p => p.Name, p => new PlattParameters((double)p.Value["a"]!, (double)p.Value["b"]!)),
            Thresholds = ((JObject?)json["thresholds"] ?? []).Properties().ToDictionary(p => p.Name, p => (double)p.Value),
            Files = ModelFiles(directory),
            Payload = new JObject { ["schema"] = json["schema"], ["decoding"] = SnakeKeys((JObject?)json["decoding"]) },
            Scores = Without(new JObject { ["dev"] = json["devScores"], ["cross_source"] = json["cross_source"] }),
        };
    }

    static ModelManifest Calibration(JObject json, string directory)
    {
        var calibration = new Dictionary<string, PlattParameters>();
        foreach (var layer in ((JObject?)json["layers"] ?? []).Properties())
        {
            calibration[layer.Name] = new((double)layer.Value["all"]!["a"]!, (double)layer.Value["all"]!["b"]!);
            foreach (var label in ((JObject?)layer.Value["per_label"] ?? []).Properties())
                calibration[$"{layer.Name}/{label.Name}"] = new((double)label.Value["a"]!, (double)label.Value["b"]!);
        }
        return new ModelManifest
        {
            Kind = "source-shift-calibration",
            Name = json.Value<string>("name") ?? ManifestFile.FolderName(directory),
            Recipe = new TrainingRecipe { Command = "nlp calibrate", Settings = new JObject { ["min_points_per_label"] = 100 } },
            Labels = ((JObject?)json["layers"] ?? []).Properties().Select(p => p.Name).ToList(),
            Calibration = calibration,
            Scores = Without(new JObject(((JObject?)json["scores"] ?? []).Properties()) { ["fitted_on"] = json["fitted_on"] }),
        };
    }

    /// <summary>The tagger's dev scores with snake_case fields; the per-label keys are labels and stay as they are.</summary>
    static JToken? TaggerScores(JToken? scores) => scores is not JObject o ? null : new JObject
    {
        ["precision"] = o["Precision"], ["recall"] = o["Recall"], ["f1"] = o["F1"],
        ["per_label"] = new JObject(((JObject?)o["PerLabel"] ?? []).Properties().Select(p => new JProperty(p.Name, SnakeKeys((JObject)p.Value)))),
    };

    /// <summary>The data files of a format-1 manifest; the size is filled in where the file is at hand and unchanged.</summary>
    static IReadOnlyList<DataFile> DataFiles(JToken? files) =>
        ((JArray?)files ?? []).OfType<JObject>()
        .Select(f => Described((string)(f["Path"] ?? f["path"])!, (string?)(f["Sha256"] ?? f["sha256"]), (int?)f["Documents"] is int n and >= 0 ? n : null))
        .ToList();

    static DataFile Described(string path, string? sha256, int? documents)
    {
        long? size = null;
        if (File.Exists(path))
        {
            using var stream = File.OpenRead(path);
            string actual = Convert.ToHexStringLower(SHA256.HashData(stream));
            if (sha256 is null || actual == sha256) (sha256, size) = (actual, stream.Length);
        }
        return new DataFile(path, sha256 ?? "", size, documents);
    }

    /// <summary>Every file of the folder but the manifest and the tagger's last.bin (kept for training, never loaded).</summary>
    static Dictionary<string, string> ModelFiles(string directory) =>
        Directory.EnumerateFiles(directory).Select(Path.GetFileName).OfType<string>()
            .Where(f => f is not (ModelManifest.FileName or "last.bin"))
            .Order(StringComparer.Ordinal)
            .ToDictionary(f => f, _ => "model file (upgraded from format 1)");

    static JObject SnakeKeys(JObject? o) =>
        new((o ?? []).Properties().Select(p => new JProperty(SnakeCase.GetPropertyName(p.Name, false), p.Value.DeepClone())));

    static JObject Without(JObject o)
    {
        foreach (var p in o.Properties().Where(p => p.Value.Type == JTokenType.Null).ToList()) p.Remove();
        return o;
    }

    static IReadOnlyList<string> Strings(JToken? token) => ((JArray?)token ?? []).Select(t => (string)t!).ToList();
}
