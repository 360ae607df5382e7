using Nlp.Core.Manifests;

namespace Nlp.Pipeline.Building;

/// <summary>
/// Stages asked to run whose model folder has no manifest.json. An I/O error (exit 1 in the command line): the
/// installation or the --models folder is incomplete, and running without those stages would quietly write
/// documents without their entities, relations or events. Each missing stage is named with the manifest looked for.
/// </summary>
public sealed class MissingModelException(string modelsDirectory, IReadOnlyList<(string Stage, string Directory)> missing, IReadOnlyList<string> runnable)
    : IOException(Describe(modelsDirectory, missing, runnable))
{
    public string ModelsDirectory { get; } = Path.GetFullPath(modelsDirectory);
    public IReadOnlyList<string> Stages { get; } = missing.Select(m => m.Stage).ToList();

    private static string Describe(string modelsDirectory, IReadOnlyList<(string Stage, string Directory)> missing, IReadOnlyList<string> runnable)
    {
        string folder = Path.GetFullPath(modelsDirectory);
        string which = string.Join(", ", missing.Select(m => $"stage '{m.Stage}' ({Path.Combine(Path.GetFullPath(m.Directory), ModelManifest.FileName)})"));
        return $"no model for {which} (models folder {folder}); give the folder of models with --models DIR or " +
               $"{ModelsFolder.EnvironmentVariable}=DIR, or run only the stages that have one: --stages {string.Join(",", runnable)}";
    }
}
