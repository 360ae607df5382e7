using Nlp.Core.Formats;
using Nlp.Pipeline.Versions;

namespace Nlp.Cli.Tests;

/// <summary>Two versions of the relation model scored on the dev set through the pipeline, and the paired
/// bootstrap's verdict.</summary>
public sealed class ModelsCompareTests
{
    static readonly string Dev = Path.Combine(TestPaths.RepoRoot, "training-data", "dev.jsonl");

    static string Kept(string models, string version) => Path.Combine(models, "relations", "versions", ModelVersions.FolderName(version));

    [Fact]
    public void A_version_that_finds_almost_no_relations_is_worse_beyond_noise()
    {
        var (models, _, strict) = ModelVersionsTests.TwoVersions(threshold: 0.999);
        var gold = JsonlReader.ReadAll(Dev);
        var result = VersionComparison.Compare(Path.Combine(models, "relations"), Kept(models, strict), gold, "dev");
        var relations = Assert.Single(result.Layers);
        Assert.Equal("relations", relations.Layer);
        Assert.True(relations.F1A > 60, $"current F1 {relations.F1A}");
        Assert.True(relations.F1B < relations.F1A - 20, $"strict F1 {relations.F1B}");
        Assert.True(result.Worse);
        Assert.True(relations.DeltaHigh < 0);
    }

    [Fact]
    public void The_same_model_is_not_worse_and_the_verdict_is_seeded()
    {
        string models = ModelVersionsTests.TwoVersions().Models;
        string current = Path.Combine(models, "relations");
        var gold = JsonlReader.ReadAll(Dev);
        var same = VersionComparison.Compare(current, current, gold, "dev");
        Assert.False(same.Worse);
        Assert.All(same.Layers, l => Assert.Equal(0, l.Delta));
        // A slightly looser threshold moves the score a little: the verdict and interval repeat with the seed.
        string looser = Kept(models, ModelVersions.List(current)[1].Version);
        var once = VersionComparison.Compare(current, looser, gold, "dev", seed: 7);
        var again = VersionComparison.Compare(current, looser, gold, "dev", seed: 7);
        Assert.Equal(once.Layers, again.Layers);
    }

    [Fact]
    public void Compare_prints_both_scores_and_the_verdict_per_gold_file()
    {
        var (models, shipped, strict) = ModelVersionsTests.TwoVersions(threshold: 0.999);
        var result = CliResult.Run("models", "compare", "relations@" + shipped, "relations@" + strict, "--gold", Dev, "--models", models);
        Assert.True(result.ExitCode == 0, result.Error);
        Assert.Contains("dev.jsonl", result.Out);
        Assert.Contains("relations", result.Out);
        Assert.Contains("B worse beyond noise", result.Out);

        var missing = CliResult.Run("models", "compare", "relations@" + shipped, "relations@" + strict, "--gold", "nope.jsonl", "--models", models);
        Assert.Equal(2, missing.ExitCode);
        Assert.Contains("nope.jsonl", missing.Error);
    }
}
