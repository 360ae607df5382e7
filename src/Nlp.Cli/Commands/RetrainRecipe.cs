using System.Globalization;
using System.Security.Cryptography;
using Newtonsoft.Json.Linq;
using Nlp.Core.Manifests;

namespace Nlp.Cli.Commands;

/// <summary>
/// Turns a model's recorded recipe into the <c>nlp train …</c> command line that rebuilds it with more training data:
/// one small function per stage, so that a mode (full or finetune) changes only the arguments. The data paths the recipe names are found as recorded (relative to the working
/// directory), else relative to the repository above the models folder; a file whose bytes changed is used with a warning.
/// </summary>
internal sealed class RetrainRecipe(ModelManifest manifest, string modelDirectory, string modelsDirectory, TextWriter log)
{
    /// <summary>The command line of a retrain in either mode.</summary>
    public string[] Arguments(bool full, string stage, string corrections, string output) =>
        full ? FullArguments(stage, corrections, output) : FinetuneArguments(stage, corrections, output);

    public string[] FullArguments(string stage, string corrections, string output) => stage switch
    {
        "ner" => Ner(corrections, output),
        "events" => MaxEnt("events", corrections, output, Flag("argument_path_features", "--path-features")),
        "relations" => MaxEnt("relations", corrections, output, []),
        _ => throw new ArgumentException($"stage '{stage}' has no trainer"),
    };

    /// <summary>
    /// A warm start from the current model (<c>--init-from</c>): the corrections plus a seeded replay sample of the
    /// recipe's training data (<c>--replay</c>), dev from the recipe; the trainer's finetune defaults (a few epochs, a
    /// lower learning rate) and the start model's vocabulary, lexicons and encoder.
    /// </summary>
    public string[] FinetuneArguments(string stage, string corrections, string output)
    {
        if (stage is not ("ner" or "events" or "relations")) throw new ArgumentException($"stage '{stage}' has no trainer");
        var r = manifest.Recipe;
        List<string> args = ["train", stage, "--train", corrections, "--dev", Files(r.DevData), "--out", output, "--init-from", modelDirectory];
        var replay = Replay(r.TrainingData);
        if (replay.Count > 0) args.AddRange(["--replay", string.Join(",", replay)]);
        if (stage == "ner") args.AddRange(["--name", manifest.Name]);
        args.AddRange(Setting("seed", "--seed"));
        return [.. args];
    }

    string[] Ner(string corrections, string output)
    {
        var r = manifest.Recipe;
        List<string> args = ["train", "ner", "--train", Files(r.TrainingData, corrections), "--dev", Files(r.DevData), "--out", output,
            "--name", manifest.Name];
        foreach (var (key, option) in new[]
                 {
                     ("seed", "--seed"), ("epochs", "--epochs"), ("batch_size", "--batch-size"), ("learning_rate", "--lr"),
                     ("learning_rate_decay", "--lr-decay"), ("hidden_size", "--hidden"), ("word_dim", "--word-dim"),
                     ("max_words", "--max-words"), ("min_word_count", "--min-count"), ("dropout", "--dropout"),
                     ("max_minutes", "--max-minutes"), ("auxiliary_batches_per_batch", "--aux-batches"),
                     ("tuned_encoder_layers", "--tune-encoder-layers"), ("encoder_learning_rate", "--encoder-lr"),
                 })
            args.AddRange(Setting(key, option));
        if (r.AuxData.Count > 0) args.AddRange(["--aux", Files(r.AuxData)]);
        // The gazetteer and word vectors are copied into the model folder: that copy is the one the model read. Manifests
        // upgraded from the older formats do not list them in the recipe, so the folder's copy counts on its own.
        if (Lexicon(r.Lexicons.FirstOrDefault(), "gazetteer.tsv.gz") is { } gazetteer) args.AddRange(["--gazetteer", gazetteer]);
        if (Lexicon(r.WordVectors, "word-vectors.bin.gz") is { } vectors) args.AddRange(["--word-vectors", vectors]);
        if (r.Encoder is { } encoder) args.AddRange(["--encoder", encoder]);
        return [.. args];
    }

    string[] MaxEnt(string kind, string corrections, string output, IEnumerable<string> extra)
    {
        var r = manifest.Recipe;
        List<string> args = ["train", kind, "--train", Files(r.TrainingData, corrections), "--dev", Files(r.DevData), "--out", output];
        foreach (var (key, option) in new[] { ("seed", "--seed"), ("optimizer", "--optimizer"), ("epochs", "--epochs"), ("l2", "--l2"),
                     ("min_feature_count", "--min-count"), ("threads", "--threads"), ("context_encoder", "--encoder") })
            args.AddRange(Setting(key, option));
        if (r.Settings["context_cluster_sizes"] is JArray sizes && r.Settings["context_encoder"]?.Type == JTokenType.String)
            args.AddRange(["--context-clusters", string.Join(",", sizes.Select(s => (int)s))]);
        args.AddRange(extra);
        return [.. args];
    }

    IEnumerable<string> Setting(string key, string option) => manifest.Recipe.Settings[key] is JValue { Value: { } value }
        ? [option, Convert.ToString(value, CultureInfo.InvariantCulture)!]
        : [];

    IEnumerable<string> Flag(string key, string option) => manifest.Recipe.Settings[key] is JValue { Type: JTokenType.Boolean } v && (bool)v ? [option] : [];

    /// <summary>The recipe's training files a finetune replays from. A replay is a sample, so a file that is not on this
    /// machine (e.g. a converted corpus in another user's cache) is left out with a warning rather than stopping the
    /// retrain; a full retrain needs every file and stops (<see cref="Locate"/>).</summary>
    List<string> Replay(IEnumerable<DataFile> files)
    {
        var found = new List<string>();
        foreach (var file in files)
        {
            try { found.Add(Locate(file)); }
            catch (InvalidDataException e) { log.WriteLine($"warning: {e.Message}; the finetune replays the other training files"); }
        }
        return found;
    }

    string Files(IEnumerable<DataFile> files, params string[] more) => string.Join(",", files.Select(Locate).Concat(more));

    /// <summary>A recipe's file where it is now; a missing one is an error naming the manifest.</summary>
    public string Locate(DataFile file)
    {
        string repository = Path.GetDirectoryName(Path.GetFullPath(modelsDirectory).TrimEnd('/', '\\'))!;
        string? found = new[] { file.Path, Path.Combine(repository, file.Path) }.FirstOrDefault(File.Exists);
        if (found is null)
            throw new InvalidDataException($"{ManifestFile.PathIn(modelDirectory)}: the recipe's file {file.Path} is not there " +
                                           $"(looked in {Directory.GetCurrentDirectory()} and {repository})");
        if (file.Sha256.Length > 0)
        {
            using var stream = File.OpenRead(found);
            if (Convert.ToHexStringLower(SHA256.HashData(stream)) != file.Sha256)
                log.WriteLine($"warning: {found} has changed since {manifest.Name} was trained on it (the recipe's sha256 differs)");
        }
        return found;
    }

    /// <summary>The model folder's copy of a lexicon, else the recipe's file, else none.</summary>
    string? Lexicon(DataFile? file, string copy) =>
        File.Exists(Path.Combine(modelDirectory, copy)) ? Path.Combine(modelDirectory, copy) : file is null ? null : Locate(file);
}
