using Nlp.Core.Manifests;

namespace Nlp.Pipeline.Building;

/// <summary>
/// Where the shipped models are when the user names no folder: the <c>NLP_MODELS</c> environment variable, else the
/// first <c>models</c> folder holding a model (a subfolder with a manifest.json) found walking up from the
/// installation — the executable's folder (a published copy with models beside it) or, for a build inside the
/// repository, the repository root above bin/. Never the working directory: <c>/repo/nlp extract ~/docs</c> run
/// from anywhere must find the same models.
/// </summary>
public static class ModelsFolder
{
    public const string EnvironmentVariable = "NLP_MODELS";

    public static string Default() =>
        Resolve(Environment.GetEnvironmentVariable(EnvironmentVariable), AppContext.BaseDirectory);

    /// <summary>The rule of <see cref="Default"/>, with its inputs given. When no models folder is found above the
    /// installation, the one beside the executable is returned, so that the missing-model error names it.</summary>
    public static string Resolve(string? environmentValue, string installation)
    {
        if (!string.IsNullOrWhiteSpace(environmentValue)) return Path.GetFullPath(environmentValue);
        return FindAbove(installation) ?? Path.Combine(Path.GetFullPath(installation), "models");
    }

    public static string? FindAbove(string start)
    {
        for (var dir = new DirectoryInfo(Path.GetFullPath(start)); dir is not null; dir = dir.Parent)
        {
            string candidate = Path.Combine(dir.FullName, "models");
            if (HoldsAModel(candidate)) return candidate;
        }
        return null;
    }

    private static bool HoldsAModel(string folder)
    {
        try
        {
            return Directory.Exists(folder) && Directory.EnumerateDirectories(folder).Any(ManifestFile.Exists);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false; // an unreadable folder on the way up is not the models folder
        }
    }
}
