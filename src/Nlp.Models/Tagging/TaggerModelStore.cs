using Newtonsoft.Json;
using Newtonsoft.Json.Linq;
using Nlp.Core.Manifests;
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
    public const string Kind = "entity-tagger";
    /// <summary>The name of the tagger's calibrator in the manifest.</summary>
    public const string CalibratorKey = "entity";
    public const string VocabularyFile = "vocabulary.json";
    public const string BestWeights = "best.bin";
    public const string LastWeights = "last.bin";

    sealed record VocabularyJson(string[] Words, int[] Chars);

    /// <summary>Writes a training result with its recipe (the command and data files; the settings, seed and encoder
    /// are the model's own).</summary>
    public static ModelManifest Save(string folder, string name, TaggerTrainingResult result, TrainingRecipe? recipe = null)
    {
        Directory.CreateDirectory(folder);
        var best = result.Best;
        var files = new Dictionary<string, string>
        {
            [BestWeights] = $"weights of epoch {result.BestEpoch}, the best dev F1 (loaded)",
            [VocabularyFile] = "word and character vocabularies",
        };
        if (best.Gazetteer is { } gazetteer)
        {
            files[Gazetteer.FileName] = $"name lists read as features ({gazetteer.PhraseCount} phrases; classes {string.Join(", ", gazetteer.Classes)})";
            gazetteer.Save(Path.Combine(folder, Gazetteer.FileName));
        }
        if (best.WordVectors is { } vectors)
        {
            files[WordVectors.FileName] = $"frozen word vectors read as features ({vectors.Count} words x {vectors.Dimension})";
            vectors.Save(Path.Combine(folder, WordVectors.FileName));
        }
        var vocabulary = new VocabularyJson(best.Vocabulary.Words.ToArray(), best.Vocabulary.Chars.Select(c => (int)c).ToArray());
        File.WriteAllText(Path.Combine(folder, VocabularyFile), JsonConvert.SerializeObject(vocabulary));
        best.Module.save(Path.Combine(folder, BestWeights));
        result.Last.Module.save(Path.Combine(folder, LastWeights));
        var c = result.Calibration;
        return ManifestFile.Write(folder, new ModelManifest
        {
            Kind = Kind,
            Name = name,
            Recipe = (recipe ?? new TrainingRecipe { Command = "nlp train ner" }) with
            {
                Settings = ManifestFile.ToJson(best.Settings), Seed = best.Settings.Seed, Encoder = best.Settings.Encoder,
            },
            Labels = best.Labels.ToArray(),
            Calibration = new Dictionary<string, PlattParameters> { [CalibratorKey] = new(c.A, c.B) },
            Files = files,
            Payload = ManifestFile.ToJson(new TaggerPayload(best.HeadNames.Select((n, i) => new TaggerPayload.Head(n, best.Heads[i].Tags.ToArray())).ToArray())),
            Scores = new JObject
            {
                ["dev"] = Scores(result.BestDev),
                ["dev_last"] = Scores(result.LastDev),
                ["calibration"] = new JObject
                {
                    ["ece_raw"] = c.EceRaw, ["ece_calibrated_cross_fit"] = c.EceCalibratedCrossFit, ["entities"] = c.Entities,
                },
                ["training"] = new JObject
                {
                    ["epochs_run"] = result.History.Count, ["best_epoch"] = result.BestEpoch,
                    ["seconds"] = Math.Round(result.TrainingTime.TotalSeconds, 1),
                    ["last_weights"] = $"{LastWeights}: weights after the last epoch, kept for training (not loaded, not shipped)",
                    ["history"] = JArray.FromObject(result.History, ManifestFile.Serializer),
                },
            },
        });
    }

    /// <summary>Loads a model folder's best weights (or <see cref="LastWeights"/>), refusing unreadable format versions.</summary>
    public static EntityTagger Load(string folder, string weights = BestWeights)
    {
        var manifest = ManifestFile.Read(folder, Kind);
        var settings = ManifestFile.As<TaggerSettings>(manifest.Recipe.Settings);
        var payload = manifest.PayloadAs<TaggerPayload>();
        TorchNative();
        string vocabularyPath = Path.Combine(folder, VocabularyFile);
        if (!File.Exists(vocabularyPath)) throw new FileNotFoundException($"{folder}: {VocabularyFile} is missing", vocabularyPath);
        var json = JsonConvert.DeserializeObject<VocabularyJson>(File.ReadAllText(vocabularyPath))
            ?? throw new InvalidDataException($"{vocabularyPath}: empty vocabulary");
        var vocabulary = new TaggerVocabulary(json.Words, json.Chars.Select(c => (char)c).ToArray());
        var heads = payload.Heads.Select(h => BioTagSet.FromTags(h.Tags)).ToList();
        string weightsPath = Path.Combine(folder, weights);
        if (!File.Exists(weightsPath)) throw new FileNotFoundException($"{folder}: {weights} is missing", weightsPath);
        var module = new BiLstmCrfTagger(vocabulary.WordIdCount, vocabulary.CharIdCount, heads, settings);
        module.load(weightsPath);
        var platt = manifest.Calibration.GetValueOrDefault(CalibratorKey) ?? new PlattParameters(1, 0);
        var calibrator = new PlattCalibrator(platt.A, platt.B) { ProbabilityFloor = PlattCalibrator.TaggerFloor };
        var gazetteer = LoadLexicon(folder, Gazetteer.FileName, "gazetteer", settings.GazetteerFeatures, Gazetteer.Load, g => g.FeatureCount);
        var vectors = LoadLexicon(folder, WordVectors.FileName, "word vector", settings.WordVectorFeatures, WordVectors.Load, v => v.FeatureCount);
        return new EntityTagger(module, vocabulary, heads, payload.Heads.Select(h => h.Name).ToList(), settings, calibrator, manifest,
            new TaggerLexicons(gazetteer, vectors, Encoders.ContextualEncoders.Create(settings.Encoder)));
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

    /// <summary>Entity precision, recall and F1 (percent, two decimals), overall and per label.</summary>
    public static JObject Scores(EvaluationReport report)
    {
        var micro = report.Entities.Micro;
        JObject Prf(double p, double r, double f) => new() { ["precision"] = Math.Round(p, 2), ["recall"] = Math.Round(r, 2), ["f1"] = Math.Round(f, 2) };
        var scores = Prf(micro.Precision, micro.Recall, micro.F1);
        scores["per_label"] = new JObject(report.Entities.PerLabel.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p =>
        {
            var label = Prf(p.Value.Precision, p.Value.Recall, p.Value.F1);
            label["gold"] = p.Value.Gold;
            label["predicted"] = p.Value.Predicted;
            return new JProperty(p.Key, label);
        }));
        return scores;
    }
}
