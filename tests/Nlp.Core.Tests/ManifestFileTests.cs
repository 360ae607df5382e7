using Newtonsoft.Json.Linq;
using Nlp.Core.Manifests;

namespace Nlp.Core.Tests;

public class ManifestFileTests
{
    static string TempDir() => Directory.CreateTempSubdirectory("nlp-manifest-").FullName;

    /// <summary>A model folder with one weights file and a manifest; returns what was written.</summary>
    static ModelManifest WriteModel(string dir, byte[]? weights = null, double l2 = 0.001, string name = "", string dataPath = "train.jsonl",
        double f1 = 80, DateTimeOffset? created = null)
    {
        File.WriteAllBytes(Path.Combine(dir, "weights.bin"), weights ?? [1, 2, 3]);
        return ManifestFile.Write(dir, new ModelManifest
        {
            Kind = "events",
            Name = name,
            Created = created,
            Recipe = new TrainingRecipe
            {
                Command = "nlp train events", Settings = new JObject { ["l2"] = l2, ["epochs"] = 8 }, Seed = 13,
                TrainingData = [new DataFile(dataPath, new string('a', 64), 10, 2)],
            },
            Labels = ["DEPORT"],
            Calibration = new Dictionary<string, PlattParameters> { ["trigger"] = new(0.8, -0.2) },
            Thresholds = new Dictionary<string, double> { ["DEPORT"] = 0.3 },
            Files = new Dictionary<string, string> { ["weights.bin"] = "the classifier" },
            Payload = new JObject { ["schema"] = "domain" },
            Scores = new JObject { ["dev"] = new JObject { ["f1"] = f1 } },
        });
    }

    [Fact]
    public void A_format_3_manifest_stays_format_3_readable_by_format_3_only_and_is_read_back()
    {
        string dir = TempDir();
        File.WriteAllBytes(Path.Combine(dir, "best.bin"), [1]);
        var written = ManifestFile.Write(dir, new ModelManifest
        {
            Kind = "entity-tagger", FormatVersion = ModelManifest.TunedEncoderFormatVersion,
            Recipe = new TrainingRecipe { Settings = new JObject { ["tuned_encoder_layers"] = 1 } },
            Files = new Dictionary<string, string> { ["best.bin"] = "weights" },
        });
        var json = JObject.Parse(File.ReadAllText(ManifestFile.PathIn(dir)));
        Assert.Equal(3, (int)json["format_version"]!);
        Assert.Equal([3], json["readable_by"]!.Values<int>());   // a format-2 reader refuses it
        Assert.Equal(3, ManifestFile.Read(dir, "entity-tagger").FormatVersion);
        var rewritten = ManifestFile.Write(dir, written with { Name = "renamed" });   // e.g. scores recorded later
        Assert.Equal(3, rewritten.FormatVersion);
    }

    [Fact]
    public void A_manifest_round_trips_in_snake_case_with_its_name_format_and_version()
    {
        string dir = TempDir();
        var written = WriteModel(dir);
        var json = JObject.Parse(File.ReadAllText(ManifestFile.PathIn(dir)));
        Assert.Equal(ModelManifest.CurrentFormatVersion, (int)json["format_version"]!);
        Assert.Equal([ModelManifest.CurrentFormatVersion], json["readable_by"]!.Values<int>());
        Assert.Equal(64, ((string)json["recipe"]!["training_data"]![0]!["sha256"]!).Length);
        Assert.Equal(0.8, (double)json["calibration"]!["trigger"]!["a"]!);
        Assert.Equal(Path.GetFileName(dir), (string?)json["name"]);   // default: the folder's name

        var back = ManifestFile.Read(dir, "events");
        Assert.Equal(written.Version, back.Version);
        Assert.Matches("^sha256:[0-9a-f]{12}$", back.Version);
        Assert.Equal(13, back.Recipe.Seed);
        Assert.Equal(new DataFile("train.jsonl", new string('a', 64), 10, 2), back.Recipe.TrainingData.Single());
        Assert.Equal(new PlattParameters(0.8, -0.2), back.Calibration["trigger"]);
        Assert.Equal(0.3, back.Thresholds["DEPORT"]);
        Assert.Equal(written.Created, back.Created);
        Assert.Equal(ManifestFile.ContentVersion(dir, back), back.Version);

        var kind = Assert.Throws<InvalidDataException>(() => ManifestFile.Read(dir, "relations"));
        Assert.Contains("a 'events' model, not a 'relations' model", kind.Message);
    }

    [Fact]
    public void The_version_is_the_content_not_the_time_name_data_paths_or_scores()
    {
        string Version(Func<string, ModelManifest> write) => write(TempDir()).Version;
        string same = Version(d => WriteModel(d));
        Assert.Equal(same, Version(d => WriteModel(d, name: "other", dataPath: "elsewhere/train.jsonl", f1: 12,
            created: DateTimeOffset.UnixEpoch)));
        Assert.NotEqual(same, Version(d => WriteModel(d, weights: [1, 2, 4])));   // a weight changed
        Assert.NotEqual(same, Version(d => WriteModel(d, l2: 0.01)));             // a setting changed
    }

    [Fact]
    public void A_newer_format_is_refused_naming_the_file_and_both_versions_unless_it_says_this_reader_can_read_it()
    {
        string dir = TempDir();
        WriteModel(dir);
        string path = ManifestFile.PathIn(dir);
        var json = JObject.Parse(File.ReadAllText(path));
        json["format_version"] = 7;
        json["readable_by"] = new JArray(7);
        File.WriteAllText(path, json.ToString());
        var e = Assert.Throws<InvalidDataException>(() => ManifestFile.Read(dir));
        Assert.Contains(path, e.Message);
        Assert.Contains("format version 7", e.Message);
        Assert.Contains($"reads format {ModelManifest.CurrentFormatVersion}", e.Message);

        // A later writer that only added fields says so, and this reader goes on reading it.
        json["readable_by"] = new JArray(ModelManifest.CurrentFormatVersion, 7);
        json["a_later_field"] = "ignored";
        File.WriteAllText(path, json.ToString());
        Assert.Equal("events", ManifestFile.Read(dir).Kind);

        json.Remove("format_version");
        File.WriteAllText(path, json.ToString());
        Assert.Contains("no format_version", Assert.Throws<InvalidDataException>(() => ManifestFile.Read(dir)).Message);
    }

    [Fact]
    public void A_format_1_events_manifest_is_upgraded_with_snake_case_settings_and_a_content_version()
    {
        string dir = TempDir();
        File.WriteAllBytes(Path.Combine(dir, "triggers.maxent.gz"), [9, 9]);
        File.WriteAllText(ManifestFile.PathIn(dir), """
            {"formatVersion": 1, "kind": "events", "schema": "domain", "labels": ["DEPORT"],
             "settings": {"Seed": 13, "ArgumentPathFeatures": false, "ContextEncoder": "minilm"}, "seed": 13,
             "trainingData": [{"path": "training-data/train.jsonl", "sha256": "ab"}],
             "calibration": {"trigger": {"a": 0.9, "b": 0.1}}, "thresholds": {"DEPORT": 0.4},
             "decoding": {"singleValuedRoles": ["DEPORT.Place"]}, "devScores": {"ece": 0.05}, "created": "2026-01-01T00:00:00+00:00"}
            """);
        var m = ManifestFile.Read(dir, "events");
        Assert.Equal(Path.GetFileName(dir), m.Name);
        Assert.Equal("nlp train events", m.Recipe.Command);
        Assert.False(m.Recipe.Settings.Value<bool>("argument_path_features"));
        Assert.Equal("minilm", m.Recipe.Encoder);
        Assert.Equal("training-data/train.jsonl", m.Recipe.TrainingData.Single().Path);
        Assert.Equal(new PlattParameters(0.9, 0.1), m.Calibration["trigger"]);
        Assert.Equal(["DEPORT.Place"], m.Payload["decoding"]!["single_valued_roles"]!.Values<string>());
        Assert.Equal(0.05, (double)m.Scores["dev"]!["ece"]!);
        Assert.Equal(["triggers.maxent.gz"], m.Files.Keys);
        Assert.Equal(ManifestFile.ContentVersion(dir, m), m.Version);

        // Written back, it is migrated: the same model, the same version.
        var migrated = ManifestFile.Write(dir, m);
        Assert.Equal(m.Version, migrated.Version);
        Assert.Equal(ModelManifest.CurrentFormatVersion, (int)JObject.Parse(File.ReadAllText(ManifestFile.PathIn(dir)))["format_version"]!);
    }
}
