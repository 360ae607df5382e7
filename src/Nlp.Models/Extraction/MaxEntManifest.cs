using Newtonsoft.Json.Linq;
using Nlp.Core.Manifests;
using Nlp.Models.Contextual;

namespace Nlp.Models.Extraction;

/// <summary>
/// The parts of a <see cref="ModelManifest"/> only the event and relation models have: their payload's annotation
/// schema and decoding constraints (learned from the training data, e.g. roles that take one filler per event), and
/// their calibrators as <see cref="PlattCalibrator"/>s.
/// </summary>
public static class MaxEntManifest
{
    public static string Schema(this ModelManifest manifest) =>
        manifest.Payload.Value<string>("schema") is { Length: > 0 } schema ? schema
            : throw new InvalidDataException($"the {manifest.Kind} model '{manifest.Name}' names no annotation schema");

    public static JObject Decoding(this ModelManifest manifest) => manifest.Payload["decoding"] as JObject ?? [];

    /// <summary>The template's payload with this schema and these decoding constraints.</summary>
    public static ModelManifest WithDecoding(this ModelManifest manifest, string schema, JObject decoding) =>
        manifest with { Payload = new JObject { ["schema"] = schema, ["decoding"] = decoding } };

    public static PlattCalibrator? Calibrator(this ModelManifest manifest, string name) =>
        manifest.Calibration.TryGetValue(name, out var p) ? new PlattCalibrator(p.A, p.B) : null;

    /// <summary>The files a model of the folder loads (their bytes are part of its version): its maximum-entropy
    /// classifiers, the lexicon and, for a model that reads context, the cluster codebooks.</summary>
    public static Dictionary<string, string> ModelFiles(ContextReader? context, params (string File, string Holds)[] classifiers)
    {
        var files = classifiers.ToDictionary(c => c.File, c => c.Holds + " (maximum entropy)");
        files[Lexicon.FileName] = "lexical classes the features read (WordNet)";
        if (context is not null) files[ContextClusters.FileName] = $"context-cluster codebooks of encoder {context.EncoderName}";
        return files;
    }

    public static IReadOnlyDictionary<string, PlattParameters> Parameters(this IReadOnlyDictionary<string, PlattCalibrator> calibrators) =>
        calibrators.ToDictionary(kv => kv.Key, kv => new PlattParameters(kv.Value.A, kv.Value.B));
}
