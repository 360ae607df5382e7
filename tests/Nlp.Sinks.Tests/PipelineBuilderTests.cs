using Nlp.Core.Model;
using Nlp.Core.Pipeline;
using Nlp.Pipeline.Building;
using Nlp.Text;

namespace Nlp.Sinks.Tests;

public sealed class PipelineBuilderTests
{
    [Fact]
    public void A_missing_model_is_an_error_naming_the_stage_and_the_folder_searched()
    {
        string models = Path.Combine(TestDatabases.TempDir(), "models");
        var e = Assert.Throws<MissingModelException>(() => PipelineBuilder.Build(FakeEventStage.Catalog(), models));
        Assert.Equal(["events"], e.Stages);
        Assert.Contains("stage 'events'", e.Message);
        Assert.Contains(Path.GetFullPath(models), e.Message);
        Assert.Contains("--stages segment", e.Message);
        Assert.IsAssignableFrom<IOException>(e); // exit 1 in the command line: an incomplete installation, not a usage error
    }

    [Fact]
    public void A_stage_left_out_needs_no_model_and_is_named_in_a_notice()
    {
        var built = PipelineBuilder.Build(FakeEventStage.Catalog(), Path.Combine(TestDatabases.TempDir(), "models"), ["segment"]);
        Assert.Equal(["segment"], built.StageNames);
        Assert.Contains("events", Assert.Single(built.Notices));
    }

    [Fact]
    public void Stages_that_are_unknown_or_lack_what_they_need_are_refused_in_terms_of_the_option()
    {
        string models = FakeEventStage.ModelsFolder(TestDatabases.TempDir());
        var unknown = Assert.Throws<ArgumentException>(() => PipelineBuilder.Build(FakeEventStage.Catalog(), models, ["segment", "evnts"]));
        Assert.StartsWith("--stages: unknown stage 'evnts'", unknown.Message);
        var alone = Assert.Throws<ArgumentException>(() => PipelineBuilder.Build(FakeEventStage.Catalog(), models, ["events"]));
        Assert.StartsWith("--stages events:", alone.Message);
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
    public void ManifestFieldsAreReadWithoutRegardToCaseAndAManifestWithoutVersionByItsHash()
    {
        string root = TestDatabases.TempDir();
        string models = FakeEventStage.ModelsFolder(root);
        string manifest = Path.Combine(models, "fake-events", "manifest.json");
        File.WriteAllText(manifest, "{\"Name\": \"tagger\", \"Version\": \"7\"}");
        Assert.Contains(PipelineBuilder.Build(FakeEventStage.Catalog(), models).Models, m => m is { Name: "tagger", Version: "7" });

        File.WriteAllText(manifest, "{\"formatVersion\": 1, \"dev\": 0.71}");
        var first = PipelineBuilder.Build(FakeEventStage.Catalog(), models).Models.Single(m => m.Stage == "events");
        Assert.Equal("fake-events", first.Name);
        Assert.Matches("^sha256:[0-9a-f]{12}$", first.Version);
        File.WriteAllText(manifest, "{\"formatVersion\": 1, \"dev\": 0.73}");
        Assert.NotEqual(first.Version, PipelineBuilder.Build(FakeEventStage.Catalog(), models).Models.Single(m => m.Stage == "events").Version);

        File.WriteAllText(manifest, "not json");
        Assert.Throws<InvalidDataException>(() => PipelineBuilder.Build(FakeEventStage.Catalog(), models));
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
        var built = PipelineBuilder.Build(StageCatalog.Default(), Path.Combine(TestDatabases.TempDir(), "none"), ["segment"]);
        var doc = built.Create().Process(new Document("d", "In 1931 they left. They sailed to Leningrad."));
        Assert.Equal(2, doc.Sentences!.Value.Length);
        Assert.True(doc.Layers.HasFlag(Layer.Tokens));
    }
}
