using System.CommandLine;
using Newtonsoft.Json.Linq;
using Nlp.Core.Manifests;
using Nlp.Core.Model;
using Nlp.Core.Schema;
using Nlp.Core.Scoring;
using Nlp.Models.MaxEnt;

namespace Nlp.Cli.Commands;

/// <summary>
/// What <c>nlp train events</c> and <c>nlp train relations</c> share: their options (the two maximum-entropy
/// trainers take the same settings, with different defaults), reading the corpora and the WordNet lexicon, the
/// manifest template naming the data, and the dev scores and report at the end.
/// </summary>
internal sealed class MaxEntTrainingOptions
{
    readonly Option<string> _train = new("--train") { Description = "gold JSONL training file(s), comma-separated", Required = true };
    readonly Option<string> _dev = new("--dev") { Description = "gold JSONL dev file (scores in the manifest)", Required = true };
    readonly Option<string> _output = new("--out") { Description = "model folder to write", Required = true };
    readonly Option<int> _seed = new("--seed") { Description = "random seed", DefaultValueFactory = _ => 13 };
    readonly Option<int> _epochs;
    readonly Option<int> _threads = new("--threads") { Description = "calibration folds trained at once (1-2)", DefaultValueFactory = _ => 1 };
    readonly Option<double> _l2;
    readonly Option<string> _optimizer;
    readonly Option<int> _minCount = new("--min-count") { Description = "drop features seen fewer times", DefaultValueFactory = _ => 1 };
    readonly Option<string?> _wordnet = new("--wordnet") { Description = $"WordNet database folder (default {WordNetLexiconBuilder.DefaultPath})" };
    readonly Option<string?> _encoder = new("--encoder")
    {
        Description = $"pretrained encoder whose token vectors, clustered, the classifiers read as features ({string.Join(", ", Nlp.Models.Encoders.ContextualEncoders.Known)}); " +
                      "the model then needs it to predict (the accurate profile)",
    };
    readonly Option<string> _contextClusters = new("--context-clusters")
    {
        Description = "with --encoder: the sizes of the k-means codebooks, comma-separated, coarse first", DefaultValueFactory = _ => "64,512",
    };

    public MaxEntTrainingOptions(int defaultEpochs, double defaultL2, string defaultOptimizer)
    {
        _epochs = new("--epochs") { Description = "passes over the training data (sgd)", DefaultValueFactory = _ => defaultEpochs };
        _optimizer = new("--optimizer")
        {
            Description = $"{MaxEntFitting.Lbfgs} (the regularized log loss to its optimum: no seed dependence) or {MaxEntFitting.Sgd} (AdaGrad epochs)",
            DefaultValueFactory = _ => defaultOptimizer,
        };
        _optimizer.AcceptOnlyFromAmong(MaxEntFitting.Lbfgs, MaxEntFitting.Sgd);
        _l2 = new("--l2") { Description = "L2 penalty", DefaultValueFactory = _ => defaultL2 };
    }

    // All of the original data: a max-ent finetune takes seconds to a minute, and fitted to convergence on a quarter of
    // it the models drifted toward that quarter (docs/TRAINING.md).
    readonly FinetuneOptions _finetune = new(defaultReplayFraction: 1.0);

    /// <summary>Finetune defaults (<c>--init-from</c>): a few SGD epochs at a quarter of the full run's step size, so the first
    /// steps (AdaGrad's are the largest) do not throw the start model's weights far.</summary>
    public const int FinetuneEpochs = 3;
    public const double FinetuneLearningRate = 0.05;

    /// <summary>In a finetune each corrected document counts twice: once, one of four false events a user deleted came back
    /// (its trigger's confidence 0.518 → 0.513); three times cost triggers on new sources beyond noise (docs/TRAINING.md).</summary>
    public const int FinetuneCorrectionRepeats = 2;

    public Command Command(string name, string description)
    {
        var command = new Command(name, description) { _train, _dev, _output, _seed, _optimizer, _epochs, _threads, _l2, _minCount, _wordnet, _encoder, _contextClusters };
        _finetune.AddTo(command);
        return command;
    }

    /// <summary>Reads the corpora and the lexicon, and reports what was read (<paramref name="items"/> names what is counted).</summary>
    /// <param name="layer">the layer the model learns: documents whose meta.reviewed leaves it out are left out (<see cref="ReviewedLayers"/>)</param>
    public MaxEntTrainingRun Read(ParseResult parse, CliConsole console, string items, Func<Document, int> count, Layer layer)
    {
        // Usage errors before the corpora and WordNet are read.
        var encoder = Encoder(parse);
        var clusterSizes = ClusterSizes(parse);
        var start = _finetune.StartFolder(parse, parse.GetValue(_output)!);
        if (start is not null && new Option[] { _encoder, _contextClusters, _wordnet }.FirstOrDefault(o => FinetuneOptions.Given(parse, o)) is { } refused)
            throw new UsageException($"{refused.Name}: a finetune reads the features as --init-from {start} does (its lexicon and context clusters)");
        var trainPaths = TrainingCorpus.SplitPaths(parse.GetValue(_train)!);
        var devPaths = TrainingCorpus.SplitPaths(parse.GetValue(_dev)!);
        var replayPaths = start is null ? [] : _finetune.ReplayFiles(parse);
        var trainDocs = DocumentFiles.Segmented(ReviewedDocuments.Keep(TrainingCorpus.Read(trainPaths), layer, "training", console));
        var devDocs = DocumentFiles.Segmented(ReviewedDocuments.Keep(TrainingCorpus.Read(devPaths), layer, "dev", console));
        int seed = parse.GetValue(_seed);
        var replay = replayPaths.Count == 0 ? [] : DocumentFiles.Segmented(
            _finetune.ReplaySample(parse, TrainingCorpus.Read(TrainingCorpus.SplitPaths(string.Join(',', replayPaths))), seed, console));
        // A finetune reads the start model's lexicon: WordNet is not needed.
        var (lexicon, lexiconSources) = start is null ? BuildLexicon(parse.GetValue(_wordnet), console) : (Lexicon.Empty, []);
        console.Out.WriteLine($"read {trainDocs.Count} training documents ({trainDocs.Sum(count)} {items}), " +
                              $"{devDocs.Count} dev documents" + (start is null ? $"; lexicon of {lexicon.Count} words" : $"; {replay.Count} replayed"));
        int epochs = start is not null && !FinetuneOptions.Given(parse, _epochs) ? FinetuneEpochs : parse.GetValue(_epochs);
        // The repeats weigh the corrections against the replay; with no replay there is nothing to weigh them against.
        var fitted = start is null || replay.Count == 0 ? trainDocs : ReplaySample.Repeated(trainDocs, FinetuneCorrectionRepeats);
        if (start is not null && replay.Count > 0)
            console.Out.WriteLine($"finetune: each of the {trainDocs.Count} training documents counts {FinetuneCorrectionRepeats} times beside the replay");
        return new MaxEntTrainingRun(trainPaths, devPaths, [.. fitted, .. replay], devDocs, TrainingCorpus.SchemaOf(trainDocs), lexicon,
            parse.GetValue(_output)!, seed, epochs, Math.Clamp(parse.GetValue(_threads), 1, 2),
            parse.GetValue(_l2), parse.GetValue(_minCount), parse.GetValue(_optimizer)!, encoder, clusterSizes, lexiconSources)
        {
            StartFolder = start, ReplayPaths = replayPaths, ReplayFraction = replayPaths.Count > 0 ? parse.GetValue(_finetune.ReplayFraction) : 0,
        };
    }

    string? Encoder(ParseResult parse)
    {
        var name = parse.GetValue(_encoder);
        try { return Nlp.Models.Encoders.ContextualEncoders.Variant(name) is null ? null : name; }
        catch (InvalidDataException e) { throw new UsageException("--encoder: " + e.Message); }
    }

    int[] ClusterSizes(ParseResult parse)
    {
        var text = parse.GetValue(_contextClusters)!;
        var sizes = text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
            .Select(p => int.TryParse(p, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out int k) && k >= 2 ? k : -1)
            .ToArray();
        if (sizes.Length == 0 || sizes.Contains(-1))
            throw new UsageException($"--context-clusters: expected sizes of at least 2, comma-separated (like 64,512), got '{text}'");
        return sizes;
    }

    /// <summary>The lexicon, and the WordNet files it was built from (for the recipe).</summary>
    static (Lexicon, IReadOnlyList<DataFile>) BuildLexicon(string? wordnetPath, CliConsole console)
    {
        var dir = WordNetLexiconBuilder.Locate(wordnetPath);
        if (dir is null)
        {
            if (wordnetPath is not null) throw new UsageException($"--wordnet {wordnetPath}: no WordNet database (index.verb) there");
            console.Error.WriteLine("warning: WordNet not found (apt-get install wordnet-base); training without lexical classes");
            return (Lexicon.Empty, []);
        }
        var sources = WordNetLexiconBuilder.SourceFiles.Select(f => Path.Combine(dir, f)).Where(File.Exists).Select(f => DataFile.Of(f)).ToList();
        return (WordNetLexiconBuilder.Build(dir), sources);
    }
}

/// <summary>The corpora, lexicon and settings of one training run.</summary>
internal sealed record MaxEntTrainingRun(
    IReadOnlyList<string> TrainPaths, IReadOnlyList<string> DevPaths, List<Document> TrainDocs, List<Document> DevDocs,
    AnnotationSchema Schema, Lexicon Lexicon, string OutputDirectory, int Seed, int Epochs, int Threads, double L2, int MinCount,
    string Optimizer, string? ContextEncoder, int[] ContextClusterSizes, IReadOnlyList<DataFile> LexiconSources)
{
    /// <summary>The model folder a finetune starts from (<c>--init-from</c>), or null for a full run.</summary>
    public string? StartFolder { get; init; }
    public IReadOnlyList<string> ReplayPaths { get; init; } = [];
    public double ReplayFraction { get; init; }

    /// <summary>The start folder as the manifest records it (relative to the working directory, as data files are).</summary>
    public string? InitFrom => StartFolder is null ? null : Path.GetRelativePath(Directory.GetCurrentDirectory(), Path.GetFullPath(StartFolder));

    /// <summary>The SGD step size: the settings' default for a full run, <see cref="MaxEntTrainingOptions.FinetuneLearningRate"/> for a finetune.</summary>
    public double LearningRate(double fullRunDefault) => StartFolder is null ? fullRunDefault : MaxEntTrainingOptions.FinetuneLearningRate;

    /// <summary>The recipe the trainer records: the command and data files (its settings are the trainer's); a finetune's replay files count as training data.</summary>
    public TrainingRecipe Recipe(string kind, IEnumerable<string>? moreTrainingData = null) => new()
    {
        Command = "nlp train " + kind,
        TrainingData = TrainPaths.Concat(ReplayPaths).Concat(moreTrainingData ?? []).Select(p => DataFile.Of(p)).ToList(),
        DevData = DevPaths.Select(p => DataFile.Of(p)).ToList(),
        Lexicons = LexiconSources,
    };

    public static long FolderSize(string dir) => new DirectoryInfo(dir).EnumerateFiles().Sum(f => f.Length);

    /// <summary>The manifest's dev scores: the scorer's report, the trainer's calibration summary and the training time.</summary>
    public static JObject DevScores(EvaluationReport report, ModelManifest trained, double trainSeconds)
    {
        var scores = ReportFormatter.Json(report);
        scores["calibration"] = trained.Scores["calibration"];
        scores["train_seconds"] = Math.Round(trainSeconds, 1);
        return scores;
    }

    /// <summary>The trained model's manifest with its dev scores.</summary>
    public static ModelManifest WithDevScores(ModelManifest trained, JObject scores) => trained with { Scores = new JObject { ["dev"] = scores } };

    /// <summary>Prints the dev table and where the model was written.</summary>
    public void PrintSaved(CliConsole console, EvaluationReport report, double trainSeconds, ModelManifest saved)
    {
        console.Out.Write(ReportFormatter.Table(report));
        console.Out.WriteLine($"trained in {trainSeconds:F1}s; wrote {OutputDirectory} ({FolderSize(OutputDirectory) / 1024} KB), version {saved.Version}");
    }
}
