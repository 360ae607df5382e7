using Nlp.Core.Manifests;
using Nlp.Core.Model;
using Nlp.Core.Pipeline;
using Nlp.Pipeline.Building;
using Nlp.Text;

namespace Nlp.Pipeline.Tests;

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
        string models = FakeEventStage.ModelsFolder(root, 0.5);
        var v1 = PipelineBuilder.Build(FakeEventStage.Catalog(), models);
        Assert.Equal(["segment", "events"], v1.StageNames);
        string version = ManifestFile.Read(Path.Combine(models, "fake-events")).Version;
        Assert.Matches("^sha256:[0-9a-f]{12}$", version);
        Assert.Contains(v1.Models, m => m is { Stage: "events", Name: "fake-deport" } && m.Version == version);
        var v2 = PipelineBuilder.Build(FakeEventStage.Catalog(), FakeEventStage.ModelsFolder(root, 0.6));
        Assert.NotEqual(v1.Fingerprint, v2.Fingerprint);
    }

    [Fact]
    public void Provenance_reads_the_one_manifest_type_and_refuses_what_it_cannot_read()
    {
        string root = TestDatabases.TempDir();
        string models = FakeEventStage.ModelsFolder(root);
        string manifest = Path.Combine(models, "fake-events", "manifest.json");

        // A manifest of an earlier build (format 1) is upgraded and identified by its content.
        File.WriteAllText(manifest, "{\"formatVersion\": 1, \"kind\": \"events\", \"schema\": \"domain\", \"thresholds\": {\"DEPORT\": 0.4}}");
        var first = PipelineBuilder.Build(FakeEventStage.Catalog(), models).Models.Single(m => m.Stage == "events");
        Assert.Equal("fake-events", first.Name);
        Assert.Matches("^sha256:[0-9a-f]{12}$", first.Version);
        File.WriteAllText(manifest, "{\"formatVersion\": 1, \"kind\": \"events\", \"schema\": \"domain\", \"thresholds\": {\"DEPORT\": 0.45}}");
        Assert.NotEqual(first.Version, PipelineBuilder.Build(FakeEventStage.Catalog(), models).Models.Single(m => m.Stage == "events").Version);

        File.WriteAllText(manifest, "{\"format_version\": 9, \"readable_by\": [9], \"kind\": \"events\"}");
        var newer = Assert.Throws<InvalidDataException>(() => PipelineBuilder.Build(FakeEventStage.Catalog(), models));
        Assert.Contains(manifest, newer.Message);
        Assert.Contains("format version 9", newer.Message);

        File.WriteAllText(manifest, "not json");
        Assert.Throws<InvalidDataException>(() => PipelineBuilder.Build(FakeEventStage.Catalog(), models));
    }

    [Fact]
    public void WrongOrderIsRefusedWhenBuilt_from_the_declarations_without_loading_a_model()
    {
        string root = TestDatabases.TempDir();
        var counter = new ModelCounter();
        var catalog = new StageCatalog()
            .Add("events", "fake-events", FakeEventStage.Reads, FakeEventStage.Writes, _ => { counter.Loaded(); return new FakeEventStage(counter); })
            .Add("segment", null, Layer.Text, Layer.Sentences | Layer.Tokens | Layer.Zones, _ => new TextStage());
        var e = Assert.Throws<InvalidOperationException>(() => PipelineBuilder.Build(catalog, FakeEventStage.ModelsFolder(root)));
        Assert.Contains("'events' requires", e.Message);
        Assert.Equal(0, counter.Loads);
    }

    [Fact]
    public void Building_loads_no_model_and_each_pipeline_loads_each_model_once_and_disposes_it()
    {
        var counter = new ModelCounter();
        var built = PipelineBuilder.Build(FakeEventStage.Catalog(counter), FakeEventStage.ModelsFolder(TestDatabases.TempDir()));
        Assert.Equal(0, counter.Loads);
        using (var pipeline = built.Create())
        {
            Assert.Equal(1, counter.Loads);
            Assert.Equal(0, counter.Disposals);
        }
        Assert.Equal(1, counter.Disposals);
        Assert.Equal(1, built.Loads);
    }

    [Fact]
    public void A_stage_that_reads_or_writes_other_layers_than_its_registration_says_is_refused_when_loaded()
    {
        var counter = new ModelCounter();
        var catalog = new StageCatalog()
            .Add("segment", null, Layer.Text, Layer.Sentences | Layer.Tokens | Layer.Zones, _ => new TextStage())
            .Add("events", "fake-events", FakeEventStage.Reads, Layer.Events, _ => new FakeEventStage(counter));
        var built = PipelineBuilder.Build(catalog, FakeEventStage.ModelsFolder(TestDatabases.TempDir()));
        var e = Assert.Throws<InvalidOperationException>(() => built.Create());
        Assert.Contains("stage 'events' is registered as reading", e.Message);
        Assert.Equal(1, counter.Disposals); // the stage loaded for nothing is freed
    }

    [Fact]
    public void Threshold_overrides_are_part_of_the_versions_of_the_stages_that_use_them()
    {
        string models = FakeEventStage.ModelsFolder(TestDatabases.TempDir());
        var catalog = new StageCatalog()
            .Add("segment", null, Layer.Text, Layer.Sentences | Layer.Tokens | Layer.Zones, _ => new TextStage(), "1")
            .Add("events", "fake-events", FakeEventStage.Reads, FakeEventStage.Writes, s => new FakeEventStage(), usesThresholds: true);
        var plain = PipelineBuilder.Build(catalog, models);
        var lowered = PipelineBuilder.Build(catalog, new PipelineRequest { ModelsDirectory = models, Thresholds = new Dictionary<string, double> { ["trigger"] = 0.3 } });
        Assert.NotEqual(plain.Fingerprint, lowered.Fingerprint);
        Assert.Equal(plain.Models[0], lowered.Models[0]); // segment takes no thresholds
        Assert.Contains("trigger=0.3", lowered.Models.Single(m => m.Stage == "events").Version);
    }

    [Fact]
    public void Stages_run_in_the_catalog_order_whatever_the_order_they_are_named_in()
    {
        var built = PipelineBuilder.Build(StageCatalog.Default(), ModelsFolder.Default(), ["calibration", "numbers", "segment"]);
        Assert.Equal(["segment", "numbers", "calibration"], built.StageNames);
    }

    [Fact]
    public void The_segment_stage_is_versioned_by_the_text_code_not_a_constant()
    {
        var segment = StageCatalog.Default().Kinds.Single(k => k.Name == "segment");
        Assert.Equal(new TextStage().Version, segment.CodeVersion);
        Assert.NotEqual(typeof(TextStage).Assembly.GetName().Version?.ToString(), segment.CodeVersion); // the old, never-set version
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
