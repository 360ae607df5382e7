using Nlp.Core.Model;
using Nlp.Core.Pipeline;
using Nlp.Pipeline.Building;
using Nlp.Text;

namespace Nlp.Sinks.Tests;

public sealed class PipelineBuilderTests
{
    [Fact]
    public void MissingModelIsSkippedWithANotice()
    {
        string root = TestDatabases.TempDir();
        var built = PipelineBuilder.Build(FakeEventStage.Catalog(), Path.Combine(root, "models"));
        Assert.Equal(["segment"], built.StageNames);
        var notice = Assert.Single(built.Notices);
        Assert.Contains("'events' skipped", notice);
        Assert.Contains("fake-events", notice);
    }

    [Fact]
    public void ModelVersionComesFromTheManifestAndIsPartOfTheFingerprint()
    {
        string root = TestDatabases.TempDir();
        var v1 = PipelineBuilder.Build(FakeEventStage.Catalog(), FakeEventStage.ModelsFolder(root, "3.1"));
        Assert.Equal(["segment", "events"], v1.StageNames);
        Assert.Contains(v1.Models, m => m is { Stage: "events", Name: "fake-deport", Version: "3.1" });
        var v2 = PipelineBuilder.Build(FakeEventStage.Catalog(), FakeEventStage.ModelsFolder(root, "3.2"));
        Assert.NotEqual(v1.Fingerprint, v2.Fingerprint);
    }

    [Fact]
    public void ManifestWithoutVersionIsRefused()
    {
        string root = TestDatabases.TempDir();
        string models = FakeEventStage.ModelsFolder(root);
        File.WriteAllText(Path.Combine(models, "fake-events", "manifest.json"), "{\"name\": \"x\"}");
        var e = Assert.Throws<InvalidDataException>(() => PipelineBuilder.Build(FakeEventStage.Catalog(), models));
        Assert.Contains("version", e.Message);
    }

    [Fact]
    public void WrongOrderIsRefusedWhenBuilt()
    {
        string root = TestDatabases.TempDir();
        var catalog = new StageCatalog()
            .Add("events", "fake-events", _ => new FakeEventStage())
            .Add("segment", null, _ => new TextStage());
        var e = Assert.Throws<InvalidOperationException>(() => PipelineBuilder.Build(catalog, FakeEventStage.ModelsFolder(root)));
        Assert.Contains("'events' requires", e.Message);
    }

    [Fact]
    public void DefaultCatalogRunsTheTextStage()
    {
        var built = PipelineBuilder.Build(StageCatalog.Default(), Path.Combine(TestDatabases.TempDir(), "none"));
        var doc = built.Create().Process(new Document("d", "In 1931 they left. They sailed to Leningrad."));
        Assert.Equal(2, doc.Sentences!.Value.Length);
        Assert.True(doc.Layers.HasFlag(Layer.Tokens));
    }
}
