using Newtonsoft.Json;
using Newtonsoft.Json.Linq;
using Nlp.Core.Learning;
using Nlp.Core.Manifests;
using Nlp.Core.Model;
using Nlp.Core.Scoring;
using Nlp.Models.MaxEnt;

namespace Nlp.Models.Tagging;

/// <summary>
/// The tagger's model folder: manifest.json, vocabulary.json (words and characters), best.bin (the weights: of the best
/// dev epoch when training saved it), last.bin (training keeps the weights after the last epoch beside them; not
/// loaded) and, for a model that reads them, the <see cref="Gazetteer.FileName"/> and <see cref="WordVectors.FileName"/>
/// it was trained with. The weights are TorchSharp state dicts; the architecture is rebuilt from the manifest's
/// settings and heads.
/// </summary>
public sealed partial class EntityTagger
{
    public static string Kind => "entity-tagger";
    public static Layer Reads => Layer.Tokens | Layer.Sentences;
    public static Layer Writes => Layer.Entities;
    /// <summary>The name of the tagger's calibrator in the manifest.</summary>
    public const string CalibratorKey = "entity";
    public const string VocabularyFile = "vocabulary.json";
    public const string BestWeights = "best.bin";
    public const string LastWeights = "last.bin";

    sealed record VocabularyJson(string[] Words, int[] Chars);

    /// <summary>Writes this tagger (as <see cref="BestWeights"/>) and its manifest: the one it was loaded with, or a
    /// new one for a freshly trained tagger.</summary>
    public ModelManifest Save(string folder) => Save(folder, Manifest ?? new ModelManifest { Kind = Kind, Recipe = new TrainingRecipe { Command = "nlp train ner" } },
        $"weights ({BestWeights})");

    /// <summary>Writes the files and then the manifest, whose model-made fields (settings, seed, encoder, labels,
    /// calibration, heads, files) come from this tagger; the rest (name, recipe's data, scores) from <paramref name="manifest"/>.</summary>
    internal ModelManifest Save(string folder, ModelManifest manifest, string weightsDescription)
    {
        Directory.CreateDirectory(folder);
        var files = new Dictionary<string, string>
        {
            [BestWeights] = weightsDescription,
            [VocabularyFile] = "word and character vocabularies",
        };
        if (Gazetteer is { } gazetteer)
        {
            files[Gazetteer.FileName] = $"name lists read as features ({gazetteer.PhraseCount} phrases; classes {string.Join(", ", gazetteer.Classes)})";
            gazetteer.Save(Path.Combine(folder, Gazetteer.FileName));
        }
        if (WordVectors is { } vectors)
        {
            files[WordVectors.FileName] = $"frozen word vectors read as features ({vectors.Count} words x {vectors.Dimension})";
            vectors.Save(Path.Combine(folder, WordVectors.FileName));
        }
        var vocabulary = new VocabularyJson(Vocabulary.Words.ToArray(), Vocabulary.Chars.Select(c => (int)c).ToArray());
        File.WriteAllText(Path.Combine(folder, VocabularyFile), JsonConvert.SerializeObject(vocabulary));
        Module.save(Path.Combine(folder, BestWeights));
        return ManifestFile.Write(folder, manifest with
        {
            // Readers before format 3 would build the tagger without its fine-tuned layers: they must refuse it.
            FormatVersion = Settings.TunedEncoderLayers > 0 ? ModelManifest.TunedEncoderFormatVersion : ModelManifest.CurrentFormatVersion,
            Kind = Kind,
            Recipe = manifest.Recipe with { Settings = ManifestFile.ToJson(Settings), Seed = Settings.Seed, Encoder = Settings.Encoder },
            Labels = Labels.ToArray(),
            Calibration = new Dictionary<string, PlattParameters> { [CalibratorKey] = new(Calibrator.A, Calibrator.B) },
            Files = files,
            Payload = ManifestFile.ToJson(new TaggerPayload(HeadNames.Select((n, i) => new TaggerPayload.Head(n, Heads[i].Tags.ToArray())).ToArray())),
        });
    }

    /// <summary>Loads a model folder's best weights (or <see cref="LastWeights"/>), refusing unreadable format versions.</summary>
    public static EntityTagger Load(string folder) => Load(folder, BestWeights);

    public static EntityTagger Load(string folder, string weights)
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
        // A tagger that fine-tuned the encoder's top layers has them in its weights; the frozen ones come from the package.
        var lexicons = settings.TunedEncoderLayers > 0
            ? new TaggerLexicons(gazetteer, vectors, Tunable: Encoders.TunableEncoder.Create(settings.Encoder, settings.TunedEncoderLayers))
            : new TaggerLexicons(gazetteer, vectors, Encoders.ContextualEncoders.Create(settings.Encoder));
        return new EntityTagger(module, vocabulary, heads, payload.Heads.Select(h => h.Name).ToList(), settings, calibrator, manifest, lexicons);
    }

    /// <summary>A lexicon file of the folder when the model reads <paramref name="features"/> columns of it (null when 0),
    /// refusing a missing file or one of another width.</summary>
    static T? LoadLexicon<T>(string folder, string fileName, string kind, int features, Func<string, T> load, Func<T, int> featureCount)
        where T : class
    {
        if (features == 0) return null;
        string path = Path.Combine(folder, fileName);
        if (!File.Exists(path)) throw new FileNotFoundException($"{folder}: {fileName} is missing (the model reads {kind} features)", path);
        var lexicon = MaxEnt.SharedModelFile.Load(path, load); // read-only: one copy for the taggers of all workers
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

/// <summary>Saving what a training run kept.</summary>
public sealed partial class TaggerTrainingResult
{
    /// <summary>Writes the best tagger as the model and the last one's weights beside it (<see cref="EntityTagger.LastWeights"/>),
    /// with the recipe (the command and data files; the settings, seed and encoder are the model's own), the dev scores
    /// of both and the epoch history.</summary>
    public ModelManifest Save(string folder, string name, TrainingRecipe? recipe = null)
    {
        Directory.CreateDirectory(folder);
        Last.Module.save(Path.Combine(folder, EntityTagger.LastWeights));
        var c = Calibration;
        var manifest = new ModelManifest
        {
            Kind = EntityTagger.Kind,
            Name = name,
            Recipe = recipe ?? new TrainingRecipe { Command = "nlp train ner" },
            Scores = new JObject
            {
                ["dev"] = EntityTagger.Scores(BestDev),
                ["dev_last"] = EntityTagger.Scores(LastDev),
                ["calibration"] = new JObject { ["ece_raw"] = c.EceRaw, ["ece_calibrated_cross_fit"] = c.EceCalibratedCrossFit, ["entities"] = c.Entities },
                ["training"] = new JObject
                {
                    ["epochs_run"] = History.Count, ["best_epoch"] = BestEpoch, ["seconds"] = Math.Round(TrainingTime.TotalSeconds, 1),
                    ["last_weights"] = $"{EntityTagger.LastWeights}: weights after the last epoch, kept for training (not loaded, not shipped)",
                    ["history"] = JArray.FromObject(History, ManifestFile.Serializer),
                },
            },
        };
        return Best.Save(folder, manifest, $"weights of epoch {BestEpoch}, the best dev F1 (loaded)");
    }
}
