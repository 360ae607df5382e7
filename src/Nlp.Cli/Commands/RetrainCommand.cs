using System.CommandLine;
using System.Diagnostics;
using System.Security.Cryptography;
using Newtonsoft.Json.Linq;
using Nlp.Core.Formats;
using Nlp.Core.Manifests;
using Nlp.Core.Model;
using Nlp.Pipeline.Building;
using Nlp.Pipeline.Versions;

namespace Nlp.Cli.Commands;

/// <summary>
/// <c>nlp retrain --corrections C.jsonl [C2…] [--stages ner,events,relations] [--mode finetune|full] [--models DIR] [--force]</c>:
/// for each stage, the current model's recipe is run again with the corrected documents added (those that mark the
/// stage's layer reviewed in <c>meta.reviewed</c>, or mark nothing), the new version is scored beside the current one
/// on the recipe's dev files and training-data/dev-other.jsonl (<see cref="VersionComparison"/>), and it becomes
/// current only if it is not worse beyond noise on dev nor on the cross-source set (or with --force); else it is kept under versions/.
/// </summary>
internal static class RetrainCommand
{
    static readonly string[] AllStages = ["ner", "events", "relations"];
    static readonly IReadOnlyDictionary<string, string> LayerOf = new Dictionary<string, string>
    {
        ["ner"] = "entities", ["events"] = "events", ["relations"] = "relations",
    };

    public static Command Create(CliConsole console)
    {
        var corrections = new Option<string[]>("--corrections")
        {
            Description = "corrected documents (gold JSONL; meta.reviewed names the layers a document's corrections cover)",
            Required = true, AllowMultipleArgumentsPerToken = true,
        };
        var stages = new Option<string>("--stages") { Description = "stages to retrain, comma-separated", DefaultValueFactory = _ => string.Join(",", AllStages) };
        var mode = new Option<string>("--mode")
        {
            Description = "finetune: a warm start from the current weights on the corrections and a replay sample of the recipe's " +
                          "training data (minutes); full: the recipe from scratch with the corrections added",
            DefaultValueFactory = _ => "finetune",
        };
        mode.AcceptOnlyFromAmong("full", "finetune");
        var models = ModelsCommand.ModelsOption();
        var profile = new Option<string>("--profile") { Description = "whose ner and events models to retrain", DefaultValueFactory = _ => StageCatalog.DefaultProfile };
        profile.AcceptOnlyFromAmong([.. StageCatalog.Profiles]);
        var force = new Option<bool>("--force") { Description = "make the new version current even if it scores worse on dev or the cross-source set" };
        var other = new Option<string?>("--dev-other") { Description = "another gold set scored beside dev (default: training-data/dev-other.jsonl where it exists)" };
        var folds = new Option<int?>("--folds")
        {
            Description = "score the new version on the corrections themselves, each fold by a model trained without it " +
                          $"(default: {DefaultFolds} for the event and relation finetunes, which take seconds; 0 for the tagger's and for full, " +
                          "where K more trainings take long; 0 skips)",
        };
        var command = new Command("retrain", "retrain models with corrected documents; compare with the current version; promote if not worse")
        {
            corrections, stages, mode, models, profile, force, other, folds,
        };
        command.SetAction(parse => console.Run(() => ModelsCommand.Usage(() =>
        {
            var names = DocumentFiles.SplitList(parse.GetValue(stages));
            foreach (var name in names)
                if (!AllStages.Contains(name)) throw new UsageException($"--stages: '{name}' cannot be retrained (stages: {string.Join(", ", AllStages)})");
            var files = parse.GetValue(corrections)!;
            foreach (var file in files)
                if (!File.Exists(file)) throw new UsageException($"--corrections: no such file: {file}");
            bool full = parse.GetValue(mode) == "full";
            int? foldCount = parse.GetValue(folds);
            if (foldCount is < 0 or 1) throw new UsageException($"--folds: expected 0 (none) or at least 2, got {foldCount}");
            string dir = ModelsCommand.RepairedModelsDirectory(parse.GetValue(models), console);
            var documents = files.SelectMany(f => JsonlReader.ReadAll(f, new ReaderOptions { OnBadLine = BadLinePolicy.Fail })).ToList();
            // Every stage's model is found before any is trained: a wrong name costs no training time.
            var folders = names.Select(stage => (stage, ModelVersions.ModelDirectory(dir, StageCatalog.ModelFolder(parse.GetValue(profile)!, stage, stage)))).ToList();
            int failed = 0;
            foreach (var (stage, modelDir) in folders)
                if (!Retrain(console, stage, modelDir, dir, documents, full, parse.GetValue(force), parse.GetValue(other),
                        foldCount ?? (full || stage == "ner" ? 0 : DefaultFolds))) failed++;
            return failed > 0 ? 1 : 0;
        })));
        return command;
    }

    /// <summary>One stage: train, compare, keep, promote. False when its training failed (the other stages go on).</summary>
    static bool Retrain(CliConsole console, string stage, string modelDir, string modelsDir, IReadOnlyList<Document> documents, bool full, bool force, string? devOther,
        int folds)
    {
        var current = ManifestFile.Read(modelDir);
        var reviewed = documents.Where(d => Reviews(d, LayerOf[stage])).ToList();
        console.Out.WriteLine($"{stage}: {Path.GetFileName(modelDir)} {current.Version}; {reviewed.Count} of {documents.Count} corrected documents review {LayerOf[stage]}");
        if (reviewed.Count == 0)
        {
            console.Out.WriteLine($"{stage}: nothing to learn, not retrained");
            return true;
        }
        string correctionsFile = KeepCorrections(modelDir, stage, reviewed);
        // Trained beside the models (same file system) in a folder of the model's name, which the manifest takes.
        string name = Path.GetFileName(Path.GetFullPath(modelDir).TrimEnd('/', '\\'));
        string work = Path.Combine(Path.GetDirectoryName(Path.GetFullPath(modelDir).TrimEnd('/', '\\'))!, $".retrain-{Environment.ProcessId}");
        string output = Path.Combine(work, name);
        if (Directory.Exists(work)) Directory.Delete(work, true);
        var recipe = new RetrainRecipe(current, modelDir, modelsDir, console.Error);
        var args = recipe.Arguments(full, stage, correctionsFile, output);
        console.Error.WriteLine($"{stage}: nlp {string.Join(' ', args)}");
        var clock = Stopwatch.StartNew();
        try
        {
            int code = Program.Run(args, console.Error, console.Error);
            if (code != 0)
            {
                console.Error.WriteLine($"error: {stage}: training failed (exit {code}); {current.Version} stays current");
                return false;
            }
            console.Out.WriteLine($"{stage}: trained in {clock.Elapsed.TotalMinutes:F1} min");
            // Kept first, so that a failure while comparing does not lose the training.
            var kept = ModelVersions.Add(modelDir, output);
            var gold = current.Recipe.DevData.Select(recipe.Locate).ToList();
            string? otherSet = devOther ?? DefaultDevOther(modelsDir);
            var results = gold.Select(f => VersionComparison.Compare(modelDir, kept.Directory, JsonlReader.ReadAll(f), f)).ToList();
            var others = otherSet is null ? [] : new[] { VersionComparison.Compare(modelDir, kept.Directory, JsonlReader.ReadAll(otherSet), otherSet) };
            var crossFitted = CrossFitted(console, stage, modelDir, reviewed, folds, full, recipe, work, name);
            console.Out.Write(ModelsCompareCommand.Table(current.Version, kept.Version, [.. results, .. others, .. crossFitted]));
            // New sources are what users run on: a version worse beyond noise on the cross-source set is held back too.
            var worseOn = results.Concat(others).Where(r => r.Worse).Select(r => Path.GetFileName(r.Set)).ToList();
            bool worse = worseOn.Count > 0;
            if (worse && !force)
            {
                console.Out.WriteLine($"{stage}: {kept.Version} is worse beyond noise on {string.Join(", ", worseOn)}: kept under {kept.Directory}, " +
                                      $"{current.Version} stays current (nlp models use {name}@{kept.Version} or --force to take it)");
                return true;
            }
            ModelVersions.Use(modelDir, kept.Version);
            console.Out.WriteLine($"{stage}: {kept.Version} is now current{(worse ? " (--force)" : "")}; " +
                                  $"{current.Version} is kept (nlp models use {name}@{current.Version} rolls back)");
            return true;
        }
        finally
        {
            if (Directory.Exists(work)) Directory.Delete(work, true);
        }
    }

    public const int DefaultFolds = 3;

    /// <summary>
    /// The corrections scored out of fold: for each of <paramref name="folds"/> folds (document i in fold i mod k), the
    /// same training run without that fold's documents, which it then predicts; pooled, beside the current model's
    /// predictions of the same documents. Shown, not decisive: a few corrected documents are a small sample, and dev and
    /// the cross-source set already decide. Nothing when there are fewer corrected documents than folds.
    /// </summary>
    static IReadOnlyList<VersionComparisonResult> CrossFitted(CliConsole console, string stage, string modelDir, IReadOnlyList<Document> reviewed,
        int folds, bool full, RetrainRecipe recipe, string work, string name)
    {
        if (folds == 0) return [];
        if (reviewed.Count < folds)
        {
            console.Out.WriteLine($"{stage}: {reviewed.Count} corrected documents, fewer than {folds} folds: not scored on the corrections");
            return [];
        }
        Directory.CreateDirectory(work);
        var outOfFold = new List<Document>();
        for (int fold = 0; fold < folds; fold++)
        {
            var heldOut = reviewed.Where((_, i) => i % folds == fold).ToList();
            string file = Path.Combine(work, $"fold-{fold + 1}.jsonl");
            JsonlWriter.WriteFile(file, reviewed.Where((_, i) => i % folds != fold).ToList());
            string output = Path.Combine(work, $"fold-{fold + 1}", name);
            var args = recipe.Arguments(full, stage, file, output);
            console.Error.WriteLine($"{stage}: corrections fold {fold + 1}/{folds}: training without its {heldOut.Count} documents");
            int code = Program.Run(args, TextWriter.Null, console.Error);
            if (code != 0)
            {
                console.Error.WriteLine($"error: {stage}: training without corrections fold {fold + 1} failed (exit {code}); not scored on the corrections");
                return [];
            }
            outOfFold.AddRange(VersionComparison.Predict(stage, output, heldOut));
        }
        var (_, layers) = VersionComparison.StageOf(ManifestFile.Read(modelDir));
        var currentPredictions = VersionComparison.Predict(stage, modelDir, reviewed);
        return [VersionComparison.Compare(stage, layers, currentPredictions, outOfFold, reviewed, $"corrections ({folds}-fold)")];
    }

    /// <summary>A document teaches a layer it marks reviewed; one that marks nothing is gold for every layer.</summary>
    public static bool Reviews(Document document, string layer) =>
        document.Meta?["reviewed"] is not JArray reviewed || reviewed.Any(t => t.Type == JTokenType.String && (string)t! == layer);

    /// <summary>The documents a stage trains on, written where the new version's recipe can name them for good:
    /// models/NAME/versions/corrections/STAGE-HASH.jsonl (by content, so the same corrections are one file).</summary>
    static string KeepCorrections(string modelDir, string stage, IReadOnlyList<Document> documents)
    {
        string folder = Path.Combine(modelDir, ModelVersions.VersionsFolder, "corrections");
        Directory.CreateDirectory(folder);
        string temporary = Path.Combine(folder, $".{stage}-{Environment.ProcessId}.jsonl");
        JsonlWriter.WriteFile(temporary, documents);
        string hash;
        using (var stream = File.OpenRead(temporary)) hash = Convert.ToHexStringLower(SHA256.HashData(stream))[..12];
        string path = Path.Combine(folder, $"{stage}-{hash}.jsonl");
        File.Move(temporary, path, overwrite: true);
        return path;
    }

    static string? DefaultDevOther(string modelsDir)
    {
        string candidate = Path.Combine(Path.GetDirectoryName(Path.GetFullPath(modelsDir).TrimEnd('/', '\\'))!, "training-data", "dev-other.jsonl");
        return File.Exists(candidate) ? candidate : null;
    }
}
