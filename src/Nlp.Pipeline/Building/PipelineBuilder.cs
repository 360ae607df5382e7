using Nlp.Core.Manifests;
using Nlp.Core.Model;
using Nlp.Core.Pipeline;
using Nlp.Sinks;

namespace Nlp.Pipeline.Building;

/// <summary>What a command asks of the catalog.</summary>
public sealed record PipelineRequest
{
    /// <summary>The folder of model folders.</summary>
    public required string ModelsDirectory { get; init; }

    /// <summary>The stages to run, by name (null: all of them); they run in the catalog's order whatever this order.</summary>
    public IReadOnlyCollection<string>? Stages { get; init; }

    /// <summary>Model folders given directly for some stages (predict's --ner-model), instead of their folder under
    /// <see cref="ModelsDirectory"/>.</summary>
    public IReadOnlyDictionary<string, string> ModelFolders { get; init; } = new Dictionary<string, string>();

    /// <summary>Threshold overrides (--thresholds) for the stages that use thresholds; empty: the models' own.</summary>
    public IReadOnlyDictionary<string, double> Thresholds { get; init; } = new Dictionary<string, double>();

    /// <summary>The layers the input documents bring (predict --keep-entities: their entities).</summary>
    public Layer InputLayers { get; init; } = Layer.Text;
}

/// <summary>
/// What the catalog gives for one request: the stage kinds that can run (with their model stamps), the notices about
/// those that cannot, and a factory for pipelines — one per worker, since a model stage need not be safe to share
/// between threads. Building loads no model: the order is checked from the stages' declarations, and each
/// <see cref="Create"/> loads every model of its pipeline once (<see cref="Loads"/> counts them).
/// </summary>
public sealed class BuiltPipeline
{
    private readonly IReadOnlyList<(StageKind Kind, StageSettings Settings)> _active;
    private readonly Layer _inputLayers;
    private int _loads;

    internal BuiltPipeline(IReadOnlyList<(StageKind, StageSettings)> active, Layer inputLayers, IReadOnlyList<ModelStamp> models, IReadOnlyList<string> notices)
    {
        _active = active;
        _inputLayers = inputLayers;
        Models = models;
        Notices = notices;
        Fingerprint = string.Join(" > ", models.Select(m => m.ToString()));
        // Checked here, from declarations, so that a wrong order fails before any model or document is read.
        DocumentPipeline.CheckOrder(_active.Select(a => (a.Kind.Name, a.Kind.Reads, a.Kind.Writes)).ToList(), inputLayers);
    }

    public IReadOnlyList<ModelStamp> Models { get; }
    public IReadOnlyList<string> Notices { get; }

    /// <summary>The stages and their versions as one string: part of every document's result key.</summary>
    public string Fingerprint { get; }

    public IReadOnlyList<string> StageNames => _active.Select(a => a.Kind.Name).ToList();

    /// <summary>Pipelines created so far: each loaded every model once. The caller disposes each pipeline.</summary>
    public int Loads => Volatile.Read(ref _loads);

    public DocumentPipeline Create()
    {
        var stages = new List<IDocumentStage>();
        try
        {
            foreach (var (kind, settings) in _active) stages.Add(kind.Create(settings));
        }
        catch
        {
            foreach (var stage in stages) (stage as IDisposable)?.Dispose();
            throw;
        }
        Interlocked.Increment(ref _loads);
        return new DocumentPipeline(stages, _inputLayers);
    }
}

public static class PipelineBuilder
{
    public static BuiltPipeline Build(StageCatalog catalog, string modelsDirectory, IReadOnlyCollection<string>? stages = null) =>
        Build(catalog, new PipelineRequest { ModelsDirectory = modelsDirectory, Stages = stages });

    /// <summary>
    /// The pipeline of the catalog's stages, or of those the request names, in the catalog's order. A stage that runs
    /// needs its model: a missing one is a <see cref="MissingModelException"/> naming the stage and the folder searched
    /// — never a silent skip that writes documents without entities. The stages left out are named in a notice.
    /// </summary>
    public static BuiltPipeline Build(StageCatalog catalog, PipelineRequest request)
    {
        var stages = request.Stages;
        if (stages is not null) CheckNames(catalog, stages);
        var active = new List<(StageKind, StageSettings)>();
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
            var thresholds = kind.UsesThresholds ? request.Thresholds : new Dictionary<string, double>();
            if (kind.ModelDirectory is null)
            {
                active.Add((kind, new StageSettings(null, thresholds)));
                models.Add(new ModelStamp(kind.Name, kind.Name, kind.CodeVersion ?? "1"));
                continue;
            }
            string dir = request.ModelFolders.TryGetValue(kind.Name, out var given) ? given : Path.Combine(request.ModelsDirectory, kind.ModelDirectory);
            if (!ManifestFile.Exists(dir))
            {
                missing.Add((kind.Name, dir));
                continue;
            }
            var manifest = ManifestFile.Read(dir);
            active.Add((kind, new StageSettings(dir, thresholds)));
            models.Add(new ModelStamp(kind.Name, manifest.Name, manifest.Version + ThresholdsSuffix(thresholds)));
        }
        if (missing.Count > 0) throw new MissingModelException(request.ModelsDirectory, missing, RunnableStages(catalog, request));
        List<string> notices = leftOut.Count > 0 ? [$"stages not run (--stages): {string.Join(", ", leftOut)}"] : [];
        try
        {
            return new BuiltPipeline(active, request.InputLayers, models, notices);
        }
        catch (InvalidOperationException e) when (stages is not null)
        {
            // The user's selection lacks a stage another needs: a usage error, said in terms of the option.
            throw new ArgumentException($"--stages {string.Join(",", stages)}: {e.Message}", e);
        }
    }

    /// <summary>Overridden thresholds change a stage's output, so they are part of its version (and of the result key).</summary>
    private static string ThresholdsSuffix(IReadOnlyDictionary<string, double> thresholds) =>
        thresholds.Count == 0 ? "" : "+thresholds:" + string.Join(",", thresholds.OrderBy(t => t.Key, StringComparer.Ordinal)
            .Select(t => $"{t.Key}={t.Value.ToString(System.Globalization.CultureInfo.InvariantCulture)}"));

    private static void CheckNames(StageCatalog catalog, IReadOnlyCollection<string> stages)
    {
        string known = string.Join(", ", catalog.Kinds.Select(k => k.Name));
        if (stages.Count == 0) throw new ArgumentException($"--stages: no stage named (known: {known})");
        foreach (var name in stages)
            if (catalog.Kinds.All(k => k.Name != name)) throw new ArgumentException($"--stages: unknown stage '{name}' (known: {known})");
    }

    /// <summary>The stages that can run with the models present, for the hint of the missing-model error.</summary>
    private static IReadOnlyList<string> RunnableStages(StageCatalog catalog, PipelineRequest request) =>
        catalog.Kinds.Where(k => k.ModelDirectory is null || ManifestFile.Exists(
                request.ModelFolders.TryGetValue(k.Name, out var given) ? given : Path.Combine(request.ModelsDirectory, k.ModelDirectory)))
            .Select(k => k.Name).ToList();
}
