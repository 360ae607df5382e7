using Nlp.Core.Pipeline;

namespace Nlp.Pipeline.Building;

/// <summary>
/// A kind of stage the extraction can run: its name, the model folder it needs under the models directory (null for
/// a stage that needs none), a loader that builds the stage from that folder, and — for stages without a model —
/// the version recorded in provenance. Model-backed stages take theirs from the folder's manifest.json.
/// </summary>
public sealed record StageKind(string Name, string? ModelDirectory, Func<string?, IDocumentStage> Load, string? CodeVersion = null);
