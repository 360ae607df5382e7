using Newtonsoft.Json.Linq;
using Nlp.Core.Manifests;
using Nlp.Pipeline.Versions;

namespace Nlp.Cli.Tests;

/// <summary>Versions on disk (models/NAME/ current, models/NAME/versions/ID/ kept), <c>nlp models list</c> and
/// <c>nlp models use</c>, on a copy of the shipped relation model.</summary>
public sealed class ModelVersionsTests
{
    /// <summary>A models folder with a copy of models/relations, and a second version of it (other thresholds, so
    /// another content hash) kept beside it; returns the folder and both versions.</summary>
    internal static (string Models, string Shipped, string Other) TwoVersions(double threshold = 0.2)
    {
        string models = TestPaths.TempDir();
        string current = Path.Combine(models, "relations");
        Copy(Path.Combine(TestPaths.RepoRoot, "models", "relations"), current);
        string trained = Path.Combine(TestPaths.TempDir(), "relations");
        Copy(current, trained);
        var manifest = ManifestFile.Read(trained);
        var other = ManifestFile.Write(trained, manifest with
        {
            Thresholds = manifest.Thresholds.ToDictionary(t => t.Key, _ => threshold),
            Created = manifest.Created!.Value.AddDays(1),
        });
        ModelVersions.Add(current, trained);
        return (models, manifest.Version, other.Version);
    }

    static void Copy(string from, string to)
    {
        Directory.CreateDirectory(to);
        foreach (var file in Directory.EnumerateFiles(from)) File.Copy(file, Path.Combine(to, Path.GetFileName(file)));
    }

    [Fact]
    public void A_kept_version_lives_under_versions_by_its_hash_and_the_current_folder_is_unchanged()
    {
        var (models, shipped, other) = TwoVersions();
        string current = Path.Combine(models, "relations");
        Assert.Equal(shipped, ManifestFile.Read(current).Version);
        string kept = Path.Combine(current, "versions", other["sha256:".Length..]);
        Assert.Equal(other, ManifestFile.ContentVersion(kept, ManifestFile.Read(kept)));
        Assert.Equal([shipped, other], ModelVersions.List(current).Select(v => v.Version));
    }

    [Fact]
    public void Use_rolls_forward_and_back_keeping_the_replaced_version_and_loading_the_chosen_one()
    {
        var (models, shipped, other) = TwoVersions();
        string current = Path.Combine(models, "relations");

        var forward = CliResult.Run("models", "use", "relations@" + other["sha256:".Length..][..6], "--models", models);
        Assert.True(forward.ExitCode == 0, forward.Error);
        var now = ManifestFile.Read(current);
        Assert.Equal(other, now.Version);
        // The folder's files are the chosen version's: its content hash recomputed from them is its id.
        Assert.Equal(other, ManifestFile.ContentVersion(current, now));
        Assert.All(now.Thresholds.Values, t => Assert.Equal(0.2, t));
        Assert.True(ManifestFile.Exists(Path.Combine(current, "versions", shipped["sha256:".Length..])));
        Assert.DoesNotContain(Directory.EnumerateDirectories(models), d => Path.GetFileName(d).StartsWith('.'));
        Nlp.Models.Relations.RelationModel.Load(current);

        var back = CliResult.Run("models", "use", "relations@" + shipped, "--models", models);
        Assert.True(back.ExitCode == 0, back.Error);
        Assert.Equal(shipped, ManifestFile.Read(current).Version);
        Assert.Equal(shipped, ManifestFile.ContentVersion(current, ManifestFile.Read(current)));
        Assert.Equal(new[] { shipped, other }, ModelVersions.List(current).Select(v => v.Version));
    }

    [Theory]
    [InlineData("nope@abc", "no model 'nope'")]
    [InlineData("relations@ffffffffffff", "has no version 'ffffffffffff'")]
    [InlineData("relations", "give NAME@VERSION")]
    [InlineData("relations@", "give NAME@VERSION")]
    public void An_unknown_model_or_version_is_a_usage_error_that_lists_what_exists(string target, string message)
    {
        var (models, shipped, _) = TwoVersions();
        var result = CliResult.Run("models", "use", target, "--models", models);
        Assert.Equal(2, result.ExitCode);
        Assert.Contains(message, result.Error);
        Assert.Equal(shipped, ManifestFile.Read(Path.Combine(models, "relations")).Version);
    }

    [Fact]
    public void List_shows_every_version_with_its_date_training_data_and_dev_scores()
    {
        var (models, shipped, other) = TwoVersions();
        var table = CliResult.Run("models", "list", "--models", models);
        Assert.True(table.ExitCode == 0, table.Error);
        Assert.Contains(shipped, table.Out);
        Assert.Contains(other, table.Out);
        Assert.Contains("current", table.Out);
        Assert.Contains("relations 75.6", table.Out);
        Assert.Contains("train.jsonl", table.Out);

        var json = CliResult.Run("models", "list", "relations", "--models", models, "--json");
        Assert.True(json.ExitCode == 0, json.Error);
        var rows = JArray.Parse(json.Out);
        Assert.Equal([shipped, other], rows.Select(r => (string)r["version"]!));
        Assert.Equal([true, false], rows.Select(r => (bool)r["current"]!));
        Assert.Contains("training-data/train.jsonl", rows[0]["training_data"]!.Select(t => (string)t!));

        Assert.Equal(2, CliResult.Run("models", "list", "nope", "--models", models).ExitCode);
    }

    /// <summary>The id of a process that has exited (a switch it left behind is not running any more).</summary>
    static int DeadProcessId()
    {
        using var process = System.Diagnostics.Process.Start("true")!;
        process.WaitForExit();
        return process.Id;
    }

    [Fact]
    public void A_switch_killed_after_moving_the_model_aside_is_finished_by_the_next_models_command()
    {
        var (models, shipped, other) = TwoVersions();
        string current = Path.Combine(models, "relations"), pid = DeadProcessId().ToString();
        // The state between the two renames of ModelVersions.Use: the model moved aside, the staging folder complete.
        string staging = Path.Combine(models, ".relations.next-" + pid), old = Path.Combine(models, ".relations.old-" + pid);
        Copy(Path.Combine(current, "versions", other["sha256:".Length..]), staging);
        ModelVersions.KeepCurrent(current);
        Directory.Move(Path.Combine(current, "versions"), Path.Combine(staging, "versions"));
        Directory.Move(current, old);

        var list = CliResult.Run("models", "list", "--models", models);
        Assert.True(list.ExitCode == 0, list.Error);
        Assert.Contains("finished a version switch", list.Error);
        Assert.Equal(other, ManifestFile.Read(current).Version);
        Assert.Equal(other, ManifestFile.ContentVersion(current, ManifestFile.Read(current)));
        Assert.Equal([other, shipped], ModelVersions.List(current).Select(v => v.Version));
        Assert.DoesNotContain(Directory.EnumerateDirectories(models), d => Path.GetFileName(d).StartsWith('.'));
    }

    [Fact]
    public void A_switch_killed_before_moving_the_model_aside_is_undone_and_the_versions_given_back()
    {
        var (models, shipped, other) = TwoVersions();
        string current = Path.Combine(models, "relations"), pid = DeadProcessId().ToString();
        string staging = Path.Combine(models, ".relations.next-" + pid);
        Copy(Path.Combine(current, "versions", other["sha256:".Length..]), staging);
        Directory.Move(Path.Combine(current, "versions"), Path.Combine(staging, "versions"));

        var use = CliResult.Run("models", "use", "relations@" + other, "--models", models);
        Assert.True(use.ExitCode == 0, use.Error);
        Assert.Contains("undid a version switch", use.Error);
        Assert.Equal(other, ManifestFile.Read(current).Version);
        Assert.Equal([other, shipped], ModelVersions.List(current).Select(v => v.Version));
        Assert.DoesNotContain(Directory.EnumerateDirectories(models), d => Path.GetFileName(d).StartsWith('.'));
    }

    [Fact]
    public void The_folders_of_a_switch_still_running_are_left_alone()
    {
        var (models, _, other) = TwoVersions();
        string current = Path.Combine(models, "relations");
        string staging = Path.Combine(models, $".relations.next-{Environment.ProcessId}");
        Copy(Path.Combine(current, "versions", other["sha256:".Length..]), staging);
        Assert.Empty(InterruptedSwitch.Repair(models));
        Assert.True(Directory.Exists(staging));
    }
}
