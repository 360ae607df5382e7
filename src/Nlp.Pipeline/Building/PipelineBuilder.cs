using Nlp.Core.Model;
using Nlp.Core.Pipeline;
using Nlp.Sinks;

namespace Nlp.Pipeline.Building;

/// <summary>
/// What the catalog gives for one models directory: the stage kinds that can run (with their model stamps), the
/// notices about those that cannot, and a factory for pipelines — one per worker, since a model stage need not be
/// safe to share between threads.
/// </summary>
public sealed class BuiltPipeline
{
    private readonly IReadOnlyList<(StageKind Kind, string? Directory)> _active;

    internal BuiltPipeline(IReadOnlyList<(StageKind, string?)> active, IReadOnlyList<ModelStamp> models, IReadOnlyList<string> notices)
    {
        _active = active;
        Models = models;
        Notices = notices;
        Fingerprint = string.Join(" > ", models.Select(m => m.ToString()));
        // Built once here so that a wrong order fails before any document is read.
        _ = Create();
    }

    public IReadOnlyList<ModelStamp> Models { get; }
    public IReadOnlyList<string> Notices { get; }

    /// <summary>The stages and their versions as one string: part of every document's result key.</summary>
    public string Fingerprint { get; }

    public IReadOnlyList<string> StageNames => _active.Select(a => a.Kind.Name).ToList();

    public DocumentPipeline Create() => new(_active.Select(a => a.Kind.Load(a.Directory)), Layer.Text);
}

public static class PipelineBuilder
{
    /// <summary>
    /// The pipeline of the catalog's stages, or of those named in <paramref name="stages"/> (null: all of them), in
    /// the catalog's order. A stage that runs needs its model: a missing one is a <see cref="MissingModelException"/>
    /// naming the stage and the folder searched — never a silent skip that writes documents without entities.
    /// The stages left out are named in a notice.
    /// </summary>
    public static BuiltPipeline Build(StageCatalog catalog, string modelsDirectory, IReadOnlyCollection<string>? stages = null)
    {
        if (stages is not null) CheckNames(catalog, stages);
        var active = new List<(StageKind, string?)>();
        var models = new List<ModelStamp>();
        var missing = new List<(string Stage, string Directory)>();
        var leftOut = new List<string>();
        foreach (var kind in catalog.Kinds)
        {
            if (stages is not null && !stages.Contains(kind.Name))
            {
                leftOut.Add(kind.Name);
                continue;
            }
            if (kind.ModelDirectory is null)
            {
                active.Add((kind, null));
                models.Add(new ModelStamp(kind.Name, kind.Name, kind.CodeVersion ?? "1"));
                continue;
            }
            string dir = Path.Combine(modelsDirectory, kind.ModelDirectory);
            if (!ModelManifest.Exists(dir))
            {
                missing.Add((kind.Name, kind.ModelDirectory));
                continue;
            }
            var manifest = ModelManifest.Read(dir);
            active.Add((kind, dir));
            models.Add(new ModelStamp(kind.Name, manifest.Name, manifest.Version));
        }
        if (missing.Count > 0) throw new MissingModelException(modelsDirectory, missing, RunnableStages(catalog, modelsDirectory));
        List<string> notices = leftOut.Count > 0 ? [$"stages not run (--stages): {string.Join(", ", leftOut)}"] : [];
        try
        {
            return new BuiltPipeline(active, models, notices);
        }
        catch (InvalidOperationException e) when (stages is not null)
        {
            // The user's selection lacks a stage another needs: a usage error, said in terms of the option.
            throw new ArgumentException($"--stages {string.Join(",", stages)}: {e.Message}", e);
        }
    }

    private static void CheckNames(StageCatalog catalog, IReadOnlyCollection<string> stages)
    {
        string known = string.Join(", ", catalog.Kinds.Select(k => k.Name));
        if (stages.Count == 0) throw new ArgumentException($"--stages: no stage named (known: {known})");
        foreach (var name in stages)
            if (catalog.Kinds.All(k => k.Name != name)) throw new ArgumentException($"--stages: unknown stage '{name}' (known: {known})");
    }

    /// <summary>The stages that can run with the models present, for the hint of the missing-model error.</summary>
    private static IReadOnlyList<string> RunnableStages(StageCatalog catalog, string modelsDirectory) =>
        catalog.Kinds.Where(k => k.ModelDirectory is null || ModelManifest.Exists(Path.Combine(modelsDirectory, k.ModelDirectory)))
            .Select(k => k.Name).ToList();
}
