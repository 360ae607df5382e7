using Nlp.Core.Manifests;
using Nlp.Pipeline.Building;

namespace Nlp.Pipeline.Tests;

public sealed class ModelsFolderTests
{
    /// <summary>A repository-like tree: root/models/ner/manifest.json and the build output root/src/App/bin/Release.</summary>
    private static (string Root, string Installation) Tree()
    {
        string root = TestDatabases.TempDir();
        Directory.CreateDirectory(Path.Combine(root, "models", "ner"));
        File.WriteAllText(Path.Combine(root, "models", "ner", ModelManifest.FileName), "{}");
        string installation = Path.Combine(root, "src", "App", "bin", "Release");
        Directory.CreateDirectory(installation);
        return (root, installation);
    }

    [Fact]
    public void The_models_folder_is_found_above_the_installation_skipping_models_folders_without_a_model()
    {
        var (root, installation) = Tree();
        Directory.CreateDirectory(Path.Combine(root, "src", "App", "models", "empty")); // no manifest: not it
        Assert.Equal(Path.Combine(root, "models"), ModelsFolder.Resolve(null, installation));
    }

    [Fact]
    public void Models_beside_the_executable_come_first_and_the_environment_variable_overrides_both()
    {
        var (root, installation) = Tree();
        Directory.CreateDirectory(Path.Combine(installation, "models", "ner"));
        File.WriteAllText(Path.Combine(installation, "models", "ner", ModelManifest.FileName), "{}");
        Assert.Equal(Path.Combine(installation, "models"), ModelsFolder.Resolve(null, installation));
        Assert.Equal(Path.Combine(root, "elsewhere"), ModelsFolder.Resolve(Path.Combine(root, "elsewhere"), installation));
    }

    [Fact]
    public void Without_models_anywhere_above_the_installation_its_own_models_folder_is_named()
    {
        string installation = Path.Combine(TestDatabases.TempDir(), "app");
        Directory.CreateDirectory(installation);
        Assert.Null(ModelsFolder.FindAbove(installation));
        Assert.Equal(Path.Combine(installation, "models"), ModelsFolder.Resolve("", installation));
    }
}
