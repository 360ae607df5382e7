using Nlp.Core.Model;
using Nlp.Core.Pipeline;

namespace Nlp.Pipeline.Building;

/// <summary>What a stage's loader is given: its model folder (null for a stage without a model) and the threshold
/// overrides of <c>--thresholds</c> (empty: the model's own), which only stages that <see cref="StageKind.UsesThresholds"/> read.</summary>
public sealed record StageSettings(string? ModelDirectory, IReadOnlyDictionary<string, double> Thresholds);

/// <summary>
/// A kind of stage the extraction can run: its name, the model folder it needs under the models directory (null for
/// a stage that needs none), the layers it reads and writes (so that an order is checked before any model is
/// loaded), a loader that builds the stage, and — for stages without a model — the version recorded in provenance.
/// Model-backed stages take theirs from the folder's manifest.json.
/// </summary>
public sealed record StageKind(string Name, string? ModelDirectory, Layer Reads, Layer Writes, Func<StageSettings, IDocumentStage> Load,
    string? CodeVersion = null, bool UsesThresholds = false)
{
    /// <summary>Loads the stage and checks that it reads and writes what the catalog declares for it.</summary>
    public IDocumentStage Create(StageSettings settings)
    {
        var stage = Load(settings);
        if (stage.Requires != Reads || stage.Assigns != Writes)
        {
            (stage as IDisposable)?.Dispose();
            throw new InvalidOperationException($"stage '{Name}' is registered as reading {Reads} and writing {Writes}, " +
                                                $"but its loaded stage reads {stage.Requires} and writes {stage.Assigns}");
        }
        return stage;
    }
}
