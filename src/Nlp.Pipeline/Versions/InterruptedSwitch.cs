using System.Diagnostics;
using Nlp.Core.Manifests;

namespace Nlp.Pipeline.Versions;

/// <summary>
/// Finishes or undoes a version switch (<see cref="ModelVersions.Use"/>) that a killed process left half done. The
/// switch assembles <c>.NAME.next-PID</c> beside the model (the chosen version's files, then the model's versions/
/// moved in), renames the model to <c>.NAME.old-PID</c>, renames the staging folder to the model and deletes the old
/// one; a crash between two of these steps leaves the model without its versions/, or without its folder at all.
/// </summary>
public static class InterruptedSwitch
{
    /// <summary>Repairs every model of <paramref name="modelsDirectory"/> that a switch of a process no longer running
    /// left behind; returns one line per repair (for the user).</summary>
    public static IReadOnlyList<string> Repair(string modelsDirectory)
    {
        var repairs = new List<string>();
        if (!Directory.Exists(modelsDirectory)) return repairs;
        foreach (var staging in Leftovers(modelsDirectory, ModelVersions.StagingKind))
        {
            string model = Path.Combine(modelsDirectory, staging.Name), versions = Path.Combine(model, ModelVersions.VersionsFolder);
            string stagedVersions = Path.Combine(staging.Path, ModelVersions.VersionsFolder);
            if (!Directory.Exists(model) && ManifestFile.Exists(staging.Path) && Directory.Exists(stagedVersions))
            {
                // The old model was moved aside and the new one complete: finish the switch.
                Directory.Move(staging.Path, model);
                repairs.Add($"{staging.Name}: finished a version switch that was interrupted (now {ManifestFile.Read(model).Version})");
                continue;
            }
            if (Directory.Exists(model) && !Directory.Exists(versions) && Directory.Exists(stagedVersions))
            {
                // Interrupted before the model was moved aside: give its versions back and drop the staging folder.
                Directory.Move(stagedVersions, versions);
                repairs.Add($"{staging.Name}: undid a version switch that was interrupted (still {ManifestFile.Read(model).Version})");
            }
            Directory.Delete(staging.Path, true);
        }
        foreach (var old in Leftovers(modelsDirectory, ModelVersions.AsideKind))
        {
            string model = Path.Combine(modelsDirectory, old.Name);
            if (Directory.Exists(model)) Directory.Delete(old.Path, true);
            else if (ManifestFile.Exists(old.Path))
            {
                Directory.Move(old.Path, model);
                repairs.Add($"{old.Name}: put back the model a version switch had moved aside");
            }
        }
        return repairs;
    }

    /// <summary>The <c>.NAME.KIND-PID</c> folders (<see cref="ModelVersions.SwitchFolder"/>) of processes that are gone (a
    /// running switch is left alone).</summary>
    static IEnumerable<(string Name, string Path)> Leftovers(string modelsDirectory, string kind)
    {
        foreach (var path in Directory.GetDirectories(modelsDirectory, $".*.{kind}-*"))
        {
            string folder = System.IO.Path.GetFileName(path);
            int dash = folder.LastIndexOf($".{kind}-", StringComparison.Ordinal);
            if (dash <= 1 || !int.TryParse(folder[(dash + kind.Length + 2)..], out int pid) || Running(pid)) continue;
            yield return (folder[1..dash], path);
        }
    }

    static bool Running(int pid)
    {
        if (pid == Environment.ProcessId) return true;
        try
        {
            using var process = Process.GetProcessById(pid);
            return !process.HasExited;
        }
        catch (ArgumentException) { return false; }
        catch (InvalidOperationException) { return false; }
    }
}
