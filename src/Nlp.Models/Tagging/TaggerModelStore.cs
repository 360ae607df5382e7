using System.Security.Cryptography;
using Newtonsoft.Json;
using Nlp.Core.Scoring;
using Nlp.Models.Extraction;

namespace Nlp.Models.Tagging;

/// <summary>
/// A model folder: manifest.json, vocabulary.json (words and characters), best.bin (weights of the best dev
/// epoch: what <see cref="Load"/> returns), last.bin (weights after the last epoch) and, for a model that reads
/// them, the <see cref="Gazetteer.FileName"/> and <see cref="WordVectors.FileName"/> it was trained with. The weights are
/// TorchSharp state dicts; the architecture is rebuilt from the manifest's settings and heads.
/// </summary>
public static class TaggerModelStore
{
    public const string ManifestFile = "manifest.json";
    public const string VocabularyFile = "vocabulary.json";
    public const string BestWeights = "best.bin";
    public const string LastWeights = "last.bin";

    sealed record VocabularyJson(string[] Words, int[] Chars);

    /// <summary>Writes a training result. Data files are listed with their SHA-256, so a model says exactly what it learned from.</summary>
    public static TaggerManifest Save(string folder, string name, TaggerTrainingResult result,
        IEnumerable<string> trainingFiles, IEnumerable<string> devFiles, Func<string, int>? documentCount = null)
    {
        Directory.CreateDirectory(folder);
        var best = result.Best;
        var created = DateTimeOffset.UtcNow;
        var manifest = new TaggerManifest
        {
            Name = name,
            Version = $"{name}@{created:yyyyMMdd'T'HHmmss'Z'}",
            Created = created,
            Labels = best.Labels.ToArray(),
            Heads = best.HeadNames.Select((n, i) => new TaggerManifest.HeadInfo(n, best.Heads[i].Tags.ToArray())).ToArray(),
            Settings = best.Settings,
            Seed = best.Settings.Seed,
            TrainingData = trainingFiles.Select(f => Describe(f, documentCount)).ToArray(),
            DevData = devFiles.Select(f => Describe(f, documentCount)).ToArray(),
            EpochsRun = result.History.Count,
            BestEpoch = result.BestEpoch,
            TrainingSeconds = Math.Round(result.TrainingTime.TotalSeconds, 1),
            BestDevScores = Scores(result.BestDev),
            LastDevScores = Scores(result.LastDev),
            Calibration = result.Calibration,
            History = result.History.ToArray(),
            Files = new()
            {
                [BestWeights] = $"weights of epoch {result.BestEpoch}, the best dev F1 (loaded by default)",
                [LastWeights] = $"weights after the last epoch ({result.History.Count})",
                [VocabularyFile] = "word and character vocabularies",
            },
        };
        if (best.Gazetteer is { } gazetteer)
        {
            manifest.Files[Gazetteer.FileName] = $"name lists read as features ({gazetteer.PhraseCount} phrases; classes {string.Join(", ", gazetteer.Classes)})";
            gazetteer.Save(Path.Combine(folder, Gazetteer.FileName));
        }
        if (best.WordVectors is { } vectors)
        {
            manifest.Files[WordVectors.FileName] = $"frozen word vectors read as features ({vectors.Count} words x {vectors.Dimension})";
            vectors.Save(Path.Combine(folder, WordVectors.FileName));
        }
        var vocabulary = new VocabularyJson(best.Vocabulary.Words.ToArray(), best.Vocabulary.Chars.Select(c => (int)c).ToArray());
        File.WriteAllText(Path.Combine(folder, VocabularyFile), JsonConvert.SerializeObject(vocabulary));
        best.Module.save(Path.Combine(folder, BestWeights));
        result.Last.Module.save(Path.Combine(folder, LastWeights));
        // The manifest goes last: a folder with a manifest is a complete model.
        File.WriteAllText(Path.Combine(folder, ManifestFile), manifest.ToJson());
        return manifest;
    }

    /// <summary>Loads a model folder's best weights (or <see cref="LastWeights"/>), refusing unreadable format versions.</summary>
    public static EntityTagger Load(string folder, string weights = BestWeights)
    {
        var manifest = TaggerManifest.Read(Path.Combine(folder, ManifestFile));
        TorchNative();
        string vocabularyPath = Path.Combine(folder, VocabularyFile);
        if (!File.Exists(vocabularyPath)) throw new FileNotFoundException($"{folder}: {VocabularyFile} is missing", vocabularyPath);
        var json = JsonConvert.DeserializeObject<VocabularyJson>(File.ReadAllText(vocabularyPath))
            ?? throw new InvalidDataException($"{vocabularyPath}: empty vocabulary");
        var vocabulary = new TaggerVocabulary(json.Words, json.Chars.Select(c => (char)c).ToArray());
        var heads = manifest.Heads.Select(h => BioTagSet.FromTags(h.Tags)).ToList();
        string weightsPath = Path.Combine(folder, weights);
        if (!File.Exists(weightsPath)) throw new FileNotFoundException($"{folder}: {weights} is missing", weightsPath);
        var module = new BiLstmCrfTagger(vocabulary.WordIdCount, vocabulary.CharIdCount, heads, manifest.Settings);
        module.load(weightsPath);
        var calibrator = new PlattCalibrator(manifest.Calibration?.A ?? 1, manifest.Calibration?.B ?? 0) { ProbabilityFloor = PlattCalibrator.TaggerFloor };
        var gazetteer = LoadLexicon(folder, Gazetteer.FileName, "gazetteer", manifest.Settings.GazetteerFeatures, Gazetteer.Load, g => g.FeatureCount);
        var vectors = LoadLexicon(folder, WordVectors.FileName, "word vector", manifest.Settings.WordVectorFeatures, WordVectors.Load, v => v.FeatureCount);
        return new EntityTagger(module, vocabulary, heads, manifest.Heads.Select(h => h.Name).ToList(), manifest.Settings, calibrator, manifest,
            new TaggerLexicons(gazetteer, vectors, Encoders.ContextualEncoders.Create(manifest.Settings.Encoder)));
    }

    /// <summary>A lexicon file of the folder when the model reads <paramref name="features"/> columns of it (null when 0),
    /// refusing a missing file or one of another width.</summary>
    static T? LoadLexicon<T>(string folder, string fileName, string kind, int features, Func<string, T> load, Func<T, int> featureCount)
        where T : class
    {
        if (features == 0) return null;
        string path = Path.Combine(folder, fileName);
        if (!File.Exists(path)) throw new FileNotFoundException($"{folder}: {fileName} is missing (the model reads {kind} features)", path);
        var lexicon = Extraction.SharedModelFile.Load(path, load); // read-only: one copy for the taggers of all workers
        if (featureCount(lexicon) != features)
            throw new InvalidDataException($"{path}: {featureCount(lexicon)} features, but the model was trained with {features}.");
        return lexicon;
    }

    static void TorchNative() => Native.TorchNative.EnsureLoaded();

    static TaggerManifest.DataFile Describe(string path, Func<string, int>? documentCount)
    {
        using var stream = File.OpenRead(path);
        string hash = Convert.ToHexStringLower(SHA256.HashData(stream));
        // Relative to the working directory (the repo root when trained as docs/TRAINING.md says): "../shared/corpora/…",
        // "training-data/train.jsonl", not one machine's absolute folders.
        string recorded = Path.GetRelativePath(Directory.GetCurrentDirectory(), Path.GetFullPath(path));
        return new TaggerManifest.DataFile(recorded, hash, documentCount?.Invoke(path) ?? -1);
    }

    public static TaggerManifest.DevScores Scores(EvaluationReport report)
    {
        var micro = report.Entities.Micro;
        return new TaggerManifest.DevScores(Math.Round(micro.Precision, 2), Math.Round(micro.Recall, 2), Math.Round(micro.F1, 2),
            report.Entities.PerLabel.OrderBy(p => p.Key, StringComparer.Ordinal).ToDictionary(p => p.Key,
                p => new TaggerManifest.LabelScore(Math.Round(p.Value.Precision, 2), Math.Round(p.Value.Recall, 2), Math.Round(p.Value.F1, 2), p.Value.Gold, p.Value.Predicted)));
    }
}
