using Newtonsoft.Json.Linq;

namespace Nlp.Core.Manifests;

/// <summary>
/// <c>manifest.json</c> of every model folder (entity tagger, events, relations, rules, calibration): what the model
/// is (kind, name, content-hash version), how it was trained (<see cref="Recipe"/>), what it predicts and with which
/// calibration and thresholds, and how well it scored. One type and one naming style (snake_case, like the document
/// format) for all of them; what only one kind needs (the tagger's heads, the event decoder's constraints) is its
/// <see cref="Payload"/>. Read and written by <see cref="ManifestFile"/>, which sets <see cref="Version"/>.
/// </summary>
public sealed record ModelManifest
{
    public const string FileName = "manifest.json";

    /// <summary>The format this build writes. Format 1 names the per-kind manifests written before this type existed
    /// (PascalCase tagger, camelCase events/relations and rules, the calibration's own); they are upgraded on load.</summary>
    public const int CurrentFormatVersion = 2;

    /// <summary>Format 3 is format 2 plus an entity tagger that fine-tuned its encoder's top layers
    /// (<c>recipe.settings.tuned_encoder_layers</c>, the layers' weights in its weights file): a format-2 reader would
    /// rebuild that tagger without them, so such a manifest is written as format 3, readable by format 3 only, and
    /// every other manifest stays format 2. This build reads both.</summary>
    public const int TunedEncoderFormatVersion = 3;

    /// <summary>The formats this build reads (besides upgrading format 1).</summary>
    public static readonly IReadOnlyList<int> ReadableFormats = [CurrentFormatVersion, TunedEncoderFormatVersion];

    /// <summary>The format the manifest was written with.</summary>
    public int FormatVersion { get; init; } = CurrentFormatVersion;

    /// <summary>The reader formats that can read it: a later writer that only adds fields lists the older readers
    /// here, so that they go on reading its manifests; a reader refuses a later format not listing its own.</summary>
    public IReadOnlyList<int> ReadableBy { get; init; } = [CurrentFormatVersion];

    /// <summary>"entity-tagger", "events", "relations", "rules", "source-shift-calibration".</summary>
    public required string Kind { get; init; }

    /// <summary>The model's name (default: its folder's name).</summary>
    public string Name { get; init; } = "";

    /// <summary>"sha256:" and 12 hex digits of the files the model loads and of everything in the manifest that
    /// changes its output (<see cref="ManifestFile.ContentVersion"/>): retraining with the same seed and data gives the
    /// same version, so stored results are redone only when the model really changed.</summary>
    public string Version { get; init; } = "";

    /// <summary>When the model was written; kept for the reader, outside the version.</summary>
    public DateTimeOffset? Created { get; init; }

    public TrainingRecipe Recipe { get; init; } = new();

    /// <summary>The labels the model predicts.</summary>
    public IReadOnlyList<string> Labels { get; init; } = [];

    /// <summary>Platt calibrators by name (e.g. "entity", "trigger", "relation", a type, "arguments/DEPORT.Deportee").</summary>
    public IReadOnlyDictionary<string, PlattParameters> Calibration { get; init; } = new Dictionary<string, PlattParameters>();

    /// <summary>Minimum calibrated confidence to output a prediction, per label or group ("*" is the default).</summary>
    public IReadOnlyDictionary<string, double> Thresholds { get; init; } = new Dictionary<string, double>();

    /// <summary>The files of the folder the model loads, with what each holds; their bytes are part of the version
    /// (a file kept for training only, like the tagger's last.bin, is not listed).</summary>
    public IReadOnlyDictionary<string, string> Files { get; init; } = new Dictionary<string, string>();

    /// <summary>What only this kind needs to be rebuilt (tagger heads, decoding constraints, the schema); part of the
    /// version. Read it typed with <see cref="ManifestFile.PayloadAs{T}"/>.</summary>
    public JObject Payload { get; init; } = new();

    /// <summary>Measurements (dev scores, ECE, training time and history, cross-source figures): not part of the version.</summary>
    public JObject Scores { get; init; } = new();
}

/// <summary>How a model was trained, so that it can be rebuilt exactly: the command, its settings and seed, and every
/// input file with its SHA-256 and size.</summary>
public sealed record TrainingRecipe
{
    /// <summary>The command or stage that trained it, e.g. "nlp train ner".</summary>
    public string Command { get; init; } = "";
    /// <summary>The trainer's settings (snake_case keys); part of the version.</summary>
    public JObject Settings { get; init; } = new();
    public int? Seed { get; init; }
    public IReadOnlyList<DataFile> TrainingData { get; init; } = [];
    public IReadOnlyList<DataFile> DevData { get; init; } = [];
    /// <summary>Auxiliary corpora (e.g. a second tagger head's CoNLL data).</summary>
    public IReadOnlyList<DataFile> AuxData { get; init; } = [];
    /// <summary>Lexicons read as features (gazetteer, WordNet classes).</summary>
    public IReadOnlyList<DataFile> Lexicons { get; init; } = [];
    public DataFile? WordVectors { get; init; }
    /// <summary>The pretrained contextual encoder the model reads, or null; part of the version.</summary>
    public string? Encoder { get; init; }
}

/// <summary>Platt scaling parameters: calibrated = σ(A·logit(p) + B).</summary>
public sealed record PlattParameters(double A, double B);
