using Newtonsoft.Json.Linq;
using Nlp.Core.Manifests;

namespace Nlp.Cli.Tests;

/// <summary>
/// Every shipped model folder has a manifest of the current format whose version is the content hash of what the
/// model loads: weights replaced without their manifest, or a manifest edited by hand in a field that changes
/// predictions, fail here instead of leaving stored results keyed by a version that no longer says what ran.
/// </summary>
public sealed class ShippedManifestTests
{
    [Fact]
    public void Every_shipped_manifest_is_current_and_versioned_by_its_content()
    {
        var folders = Directory.GetDirectories(Path.Combine(TestPaths.RepoRoot, "models")).Order(StringComparer.Ordinal).ToList();
        Assert.NotEmpty(folders);
        foreach (var folder in folders)
        {
            var json = JObject.Parse(File.ReadAllText(ManifestFile.PathIn(folder)));
            Assert.True((int?)json["format_version"] == ModelManifest.CurrentFormatVersion, $"{folder}: not migrated to the current format");
            var manifest = ManifestFile.Read(folder);
            Assert.Equal(Path.GetFileName(folder), manifest.Name);
            Assert.True(ManifestFile.ContentVersion(folder, manifest) == manifest.Version,
                $"{folder}: version {manifest.Version} is not the content hash of its files and settings (retrained without rewriting the manifest?)");
            Assert.All(manifest.Recipe.TrainingData.Concat(manifest.Recipe.DevData), d => Assert.Equal(64, d.Sha256.Length));
        }
    }
}
