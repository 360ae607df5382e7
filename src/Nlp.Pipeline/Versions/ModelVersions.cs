using Nlp.Core.Manifests;

namespace Nlp.Pipeline.Versions;

/// <summary>One version of a model: the current one (the model folder itself) or a kept one (versions/ID/).</summary>
public sealed record ModelVersion(string Name, ModelManifest Manifest, string Directory, bool Current)
{
    public string Version => Manifest.Version;
}

/// <summary>A name or version the user asked for does not exist (a usage error: the message lists what does).</summary>
public sealed class UnknownModelVersionException(string message) : Exception(message);

/// <summary>
/// The versions of a model kept on disk. <c>models/NAME/</c> is the current version, so every path that reads a
/// model keeps working; earlier (and not promoted) versions are complete model folders under
/// <c>models/NAME/versions/ID/</c>, ID being the content-hash version without its "sha256:" prefix. Shipped models
/// have no versions folder (git ignores it): a retrain or <see cref="Use"/> creates it locally.
/// </summary>
public static class ModelVersions
{
    public const string VersionsFolder = "versions";
    const string HashPrefix = "sha256:";

    /// <summary>The folder name of a version: its hash without the prefix (a colon is not allowed in Windows paths).</summary>
    public static string FolderName(string version) =>
        version.StartsWith(HashPrefix, StringComparison.Ordinal) ? version[HashPrefix.Length..] : version;

    /// <summary>The model folders (those with a manifest) of a models folder, by name.</summary>
    public static IReadOnlyList<string> Models(string modelsDirectory)
    {
        if (!Directory.Exists(modelsDirectory)) throw new UnknownModelVersionException($"no models folder {modelsDirectory}");
        return Directory.EnumerateDirectories(modelsDirectory).Where(ManifestFile.Exists)
            .Select(d => Path.GetFileName(d)!).Order(StringComparer.Ordinal).ToList();
    }

    /// <summary>A model's folder; an unknown name is refused, naming the models there.</summary>
    public static string ModelDirectory(string modelsDirectory, string name)
    {
        string directory = Path.Combine(modelsDirectory, name);
        if (name.Length == 0 || name.IndexOfAny(['/', '\\']) >= 0 || !ManifestFile.Exists(directory))
            throw new UnknownModelVersionException(
                $"no model '{name}' in {modelsDirectory} (models there: {string.Join(", ", Models(modelsDirectory))})");
        return directory;
    }

    /// <summary>The current version first, then the kept ones, newest first.</summary>
    public static IReadOnlyList<ModelVersion> List(string modelDirectory)
    {
        string name = Path.GetFileName(Path.GetFullPath(modelDirectory).TrimEnd('/', '\\'));
        var current = new ModelVersion(name, ManifestFile.Read(modelDirectory), modelDirectory, true);
        string versions = Path.Combine(modelDirectory, VersionsFolder);
        var kept = (Directory.Exists(versions) ? Directory.EnumerateDirectories(versions) : []).Where(ManifestFile.Exists)
            .Select(d => new ModelVersion(name, ManifestFile.Read(d), d, false))
            .Where(v => v.Version != current.Version)
            .OrderByDescending(v => v.Manifest.Created).ThenBy(v => v.Version, StringComparer.Ordinal);
        return [current, .. kept];
    }

    /// <summary>The version an id names: the whole "sha256:…" id, or its hex digits, or a prefix of them that only one
    /// version has. An unknown or ambiguous id is refused, listing the versions.</summary>
    public static ModelVersion Find(string modelDirectory, string version)
    {
        var all = List(modelDirectory);
        string wanted = FolderName(version.Trim());
        var matches = wanted.Length == 0 ? [] : all.Where(v => FolderName(v.Version).StartsWith(wanted, StringComparison.OrdinalIgnoreCase)).ToList();
        string known = string.Join(", ", all.Select(v => v.Version + (v.Current ? " (current)" : "")));
        return matches.Count switch
        {
            1 => matches[0],
            0 => throw new UnknownModelVersionException($"model '{all[0].Name}' has no version '{version}' (versions: {known})"),
            _ => throw new UnknownModelVersionException($"model '{all[0].Name}': '{version}' names several versions ({known}); give more digits"),
        };
    }

    /// <summary>Keeps a copy of the current version under versions/ID/ (if not kept already); returns its folder.</summary>
    public static string KeepCurrent(string modelDirectory)
    {
        var manifest = ManifestFile.Read(modelDirectory);
        string target = Path.Combine(modelDirectory, VersionsFolder, FolderName(manifest.Version));
        if (!ManifestFile.Exists(target)) CopyModel(modelDirectory, target);
        return target;
    }

    /// <summary>Keeps a newly trained model folder as a version of the model, not current; returns the kept version.
    /// The trained folder is left as it is.</summary>
    public static ModelVersion Add(string modelDirectory, string trainedDirectory)
    {
        var manifest = ManifestFile.Read(trainedDirectory);
        string target = Path.Combine(modelDirectory, VersionsFolder, FolderName(manifest.Version));
        if (!ManifestFile.Exists(target)) CopyModel(trainedDirectory, target);
        return new ModelVersion(Path.GetFileName(Path.GetFullPath(modelDirectory).TrimEnd('/', '\\')), ManifestFile.Read(target), target, false);
    }

    /// <summary>
    /// Makes a version current (rolls back or forward); the version that was current is kept under versions/. The
    /// switch is one directory rename: the new current folder is assembled beside the model (same file system) and
    /// swapped in, so a reader sees the old model or the new one, never a mix of their files.
    /// </summary>
    public static ModelVersion Use(string modelDirectory, string version)
    {
        var chosen = Find(modelDirectory, version);
        if (chosen.Current) return chosen;
        KeepCurrent(modelDirectory);
        string full = Path.GetFullPath(modelDirectory).TrimEnd('/', '\\');
        string parent = Path.GetDirectoryName(full)!, name = Path.GetFileName(full);
        string staging = SwitchFolder(parent, name, StagingKind, Environment.ProcessId);
        string old = SwitchFolder(parent, name, AsideKind, Environment.ProcessId);
        if (Directory.Exists(staging)) Directory.Delete(staging, true);
        CopyModel(chosen.Directory, staging);
        Directory.Move(Path.Combine(full, VersionsFolder), Path.Combine(staging, VersionsFolder));
        try
        {
            Directory.Move(full, old);
        }
        catch
        {
            Directory.Move(Path.Combine(staging, VersionsFolder), Path.Combine(full, VersionsFolder));
            Directory.Delete(staging, true);
            throw;
        }
        Directory.Move(staging, full);
        Directory.Delete(old, true);
        return List(full)[0];
    }

    /// <summary>The kinds of folder a switch works in beside the model: the new current folder being assembled and the
    /// replaced one moved aside (<see cref="InterruptedSwitch"/> repairs those a killed process left).</summary>
    internal const string StagingKind = "next", AsideKind = "old";

    /// <summary>A switch's working folder beside the model: <c>.NAME.KIND-PID</c>.</summary>
    internal static string SwitchFolder(string parent, string name, string kind, int pid) => Path.Combine(parent, $".{name}.{kind}-{pid}");

    /// <summary>Copies a model folder's files (not its versions/), the manifest last: a folder with a manifest is complete.</summary>
    static void CopyModel(string source, string target)
    {
        string partial = target + ".partial";
        if (Directory.Exists(partial)) Directory.Delete(partial, true);
        Directory.CreateDirectory(partial);
        foreach (var file in Directory.EnumerateFiles(source).Where(f => Path.GetFileName(f) != ModelManifest.FileName))
            File.Copy(file, Path.Combine(partial, Path.GetFileName(file)));
        File.Copy(ManifestFile.PathIn(source), ManifestFile.PathIn(partial));
        if (Directory.Exists(target)) Directory.Delete(target, true);
        Directory.Move(partial, target);
    }
}
