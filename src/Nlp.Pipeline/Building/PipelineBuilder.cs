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
    public static BuiltPipeline Build(StageCatalog catalog, string modelsDirectory)
    {
        var active = new List<(StageKind, string?)>();
        var models = new List<ModelStamp>();
        var notices = new List<string>();
        foreach (var kind in catalog.Kinds)
        {
            if (kind.ModelDirectory is null)
            {
                active.Add((kind, null));
                models.Add(new ModelStamp(kind.Name, kind.Name, kind.CodeVersion ?? "1"));
                continue;
            }
            string dir = Path.Combine(modelsDirectory, kind.ModelDirectory);
            if (!ModelManifest.Exists(dir))
            {
                notices.Add($"stage '{kind.Name}' skipped: no model at {dir} ({ModelManifest.FileName} not found)");
                continue;
            }
            var manifest = ModelManifest.Read(dir);
            active.Add((kind, dir));
            models.Add(new ModelStamp(kind.Name, manifest.Name, manifest.Version));
        }
        return new BuiltPipeline(active, models, notices);
    }
}
