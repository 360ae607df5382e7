namespace Nlp.Rules.Tests;

/// <summary>
/// The committed calibration (models/rules/manifest.json, embedded in Nlp.Rules) must be what the rules do on
/// train today. After changing a pattern, regenerate it with
/// <c>NLP_UPDATE_RULES_MANIFEST=1 dotnet test tests/Nlp.Rules.Tests --filter ManifestTests</c> and rebuild.
/// </summary>
public class ManifestTests
{
    [Fact]
    public void Committed_manifest_matches_the_rules_on_train()
    {
        var fresh = RuleCalibration.Calibrate(TestPaths.TrainingData("train.jsonl"), TestPaths.TrainingData("dev.jsonl"), TestPaths.RepoRoot);
        if (Environment.GetEnvironmentVariable("NLP_UPDATE_RULES_MANIFEST") == "1")
        {
            // The embedded copy is refreshed by the next build; nothing to compare until then.
            fresh.Save(Path.GetDirectoryName(TestPaths.Manifest)!);
            return;
        }

        var committed = RuleManifest.Load(Path.GetDirectoryName(TestPaths.Manifest)!);
        const string fix = "models/rules/manifest.json is stale (the rules or training-data changed): run " +
                           "NLP_UPDATE_RULES_MANIFEST=1 dotnet test tests/Nlp.Rules.Tests --filter ManifestTests, then commit it";
        Assert.True(fresh.TrainingData.Sha256 == committed.TrainingData.Sha256, "train.jsonl hash differs: " + fix);
        Assert.True(RuleManifest.CurrentRulesVersion == committed.RulesVersion, "rules version differs: " + fix);
        foreach (var label in NumericLabels.All)
        {
            Assert.True(fresh.Train[label] == committed.Train[label], $"{label} on train: {fresh.Train[label]} now, {committed.Train[label]} committed; " + fix);
            Assert.True(fresh.Dev![label] == committed.Dev![label], $"{label} on dev: {fresh.Dev[label]} now, {committed.Dev![label]} committed; " + fix);
        }
        // The embedded copy is the committed file (the build embeds it).
        Assert.Equal(committed.Train, RuleManifest.Default.Train);
    }

    [Fact]
    public void Confidence_is_smoothed_train_precision()
    {
        var m = RuleManifest.Default;
        var date = m.Train["DATE"];
        Assert.Equal((date.TruePositives + 1.0) / (date.TruePositives + date.FalsePositives + 2.0), m.Confidence("DATE"), 10);
        Assert.InRange(m.Confidence("DATE"), 0.9, 1.0);
        Assert.All(NumericLabels.All, l => Assert.InRange(m.Confidence(l), 0.0, 1.0));
    }

    [Fact]
    public void An_unreadable_format_version_is_refused_with_a_clear_message()
    {
        var e = Assert.Throws<InvalidDataException>(() => RuleManifest.Parse("{\"format_version\": 99, \"kind\": \"rules\"}", "x/manifest.json"));
        Assert.Contains("x/manifest.json", e.Message);
        Assert.Contains("format version 99", e.Message);
    }

    [Fact]
    public void Manifest_round_trips()
    {
        var m = RuleManifest.Default;
        string dir = Path.Combine(Path.GetTempPath(), "nlp-rules-" + Guid.NewGuid().ToString("N"));
        var written = m.Save(dir);
        var back = RuleManifest.Load(dir);
        Assert.Equal(m.TrainingData, back.TrainingData);
        Assert.Equal(m.Train["CARDINAL"], back.Train["CARDINAL"]);
        Assert.Equal(m.Dev!["DATE"], back.Dev!["DATE"]);
        // The committed manifest's version is the content hash of what it says.
        Assert.Equal(Nlp.Core.Manifests.ManifestFile.Read(Path.GetDirectoryName(TestPaths.Manifest)!).Version, written.Version);
    }
}
