using System.CommandLine;
using System.Globalization;
using Nlp.Core.Manifests;
using Nlp.Models.MaxEnt;
using Nlp.Models.Tagging;

namespace Nlp.Cli.Commands;

/// <summary>
/// <c>nlp train ner --train T.jsonl[,T2] --dev D.jsonl --out models/NAME [--aux A.conll] [--seed N] [--epochs N]
/// [--threads N] [--gazetteer FILE] [--word-vectors FILE] ...</c>: trains the BiLSTM-CNN-CRF entity tagger, prints one line per epoch (loss, dev F1,
/// tokens/s, ETA) and saves best and last weights with a manifest.
/// </summary>
internal static class TrainNerCommand
{
    public static Command Create(CliConsole console)
    {
        var defaults = new TaggerSettings();
        var train = new Option<string>("--train") { Description = "training files, comma-separated (.jsonl, .conll, CoNLL04 .json)", Required = true };
        var dev = new Option<string>("--dev") { Description = "dev files (pick the best epoch, fit calibration)", Required = true };
        var output = new Option<string>("--out") { Description = "model folder to write", Required = true };
        var aux = new Option<string?>("--aux") { Description = "auxiliary training files with their own label set (a second CRF head on the shared encoder)" };
        var seed = new Option<int>("--seed") { DefaultValueFactory = _ => defaults.Seed };
        var epochs = new Option<int>("--epochs") { DefaultValueFactory = _ => defaults.Epochs };
        var threads = new Option<int>("--threads") { Description = "torch threads (at most 2 on this machine)", DefaultValueFactory = _ => 2 };
        var batch = new Option<int>("--batch-size") { DefaultValueFactory = _ => defaults.BatchSize };
        var lr = new Option<double>("--lr") { Description = "Adam learning rate", DefaultValueFactory = _ => defaults.LearningRate };
        var decay = new Option<double>("--lr-decay") { Description = "learning-rate factor per epoch", DefaultValueFactory = _ => defaults.LearningRateDecay };
        var hidden = new Option<int>("--hidden") { Description = "LSTM size per direction", DefaultValueFactory = _ => defaults.HiddenSize };
        var wordDim = new Option<int>("--word-dim") { DefaultValueFactory = _ => defaults.WordDim };
        var maxWords = new Option<int>("--max-words") { Description = "word vocabulary size cap (bounds model size)", DefaultValueFactory = _ => defaults.MaxWords };
        var minCount = new Option<int>("--min-count") { Description = "words seen fewer times are unknown", DefaultValueFactory = _ => defaults.MinWordCount };
        var dropout = new Option<double>("--dropout") { DefaultValueFactory = _ => defaults.Dropout };
        var maxMinutes = new Option<double>("--max-minutes") { Description = "time budget: stop before an epoch that would end after it (0: none)" };
        var auxRatio = new Option<int>("--aux-batches") { Description = "auxiliary batches after each primary batch", DefaultValueFactory = _ => defaults.AuxiliaryBatchesPerBatch };
        var name = new Option<string?>("--name") { Description = "model name in the manifest (default: the folder name)" };
        var gazetteer = new Option<string?>("--gazetteer") { Description = "name lists to read as features (built by `nlp gazetteer`); copied into the model" };
        var wordVectors = new Option<string?>("--word-vectors") { Description = "frozen word vectors to read as features (built by `nlp word-vectors`); copied into the model" };
        var encoder = new Option<string?>("--encoder")
        {
            Description = $"pretrained contextual encoder whose frozen vectors the tagger reads ({string.Join(", ", Nlp.Models.Encoders.ContextualEncoders.Known)}); " +
                          "it comes from its package, the manifest names it",
        };

        var tuneLayers = new Option<int>("--tune-encoder-layers")
        {
            Description = "with --encoder: fine-tune its top N layers (the rest stay frozen); their weights are saved with the tagger, " +
                          "which then needs a build that reads manifest format 3",
        };
        var encoderLr = new Option<double>("--encoder-lr")
        {
            Description = "Adam learning rate of the fine-tuned encoder layers", DefaultValueFactory = _ => defaults.EncoderLearningRate,
        };

        var command = new Command("ner", "train the entity tagger")
            { train, dev, output, aux, seed, epochs, threads, batch, lr, decay, hidden, wordDim, maxWords, minCount, dropout, maxMinutes, auxRatio, name, gazetteer, wordVectors, encoder,
              tuneLayers, encoderLr };
        var finetune = new FinetuneOptions();
        finetune.AddTo(command);
        command.SetAction(parse => console.Run(() =>
        {
            var trainFiles = DocumentFiles.SplitList(parse.GetValue(train));
            var devFiles = DocumentFiles.SplitList(parse.GetValue(dev));
            var auxFiles = DocumentFiles.SplitList(parse.GetValue(aux));
            if (trainFiles.Count == 0 || devFiles.Count == 0) throw new UsageException("--train and --dev need at least one file each");
            int threadCount = parse.GetValue(threads);
            if (threadCount < 1) throw new UsageException("--threads must be at least 1");
            var settings = defaults with
            {
                Seed = parse.GetValue(seed), Epochs = parse.GetValue(epochs), BatchSize = parse.GetValue(batch),
                LearningRate = parse.GetValue(lr), LearningRateDecay = parse.GetValue(decay), HiddenSize = parse.GetValue(hidden),
                WordDim = parse.GetValue(wordDim), MaxWords = parse.GetValue(maxWords), MinWordCount = parse.GetValue(minCount),
                Dropout = parse.GetValue(dropout), MaxMinutes = parse.GetValue(maxMinutes),
                AuxiliaryBatchesPerBatch = parse.GetValue(auxRatio), EncoderLearningRate = parse.GetValue(encoderLr),
            };
            int tunedLayers = parse.GetValue(tuneLayers);
            if (tunedLayers < 0) throw new UsageException("--tune-encoder-layers must not be negative");
            if (tunedLayers > 0 && parse.GetValue(encoder) is null) throw new UsageException("--tune-encoder-layers needs --encoder");
            try { settings.Validate(); }
            catch (ArgumentException e) { throw new UsageException(e.Message); }
            string outDir = parse.GetValue(output)!;
            if (finetune.StartFolder(parse, outDir) is { } startFolder)
                return Finetune(parse, console, finetune, startFolder, settings, trainFiles, devFiles, outDir, threadCount,
                    parse.GetValue(name), FinetuneOptions.Given(parse, epochs), FinetuneOptions.Given(parse, lr),
                    new Option[] { aux, gazetteer, wordVectors, encoder, tuneLayers, hidden, wordDim, maxWords, minCount, dropout }.Where(o => FinetuneOptions.Given(parse, o)).Select(o => o.Name).ToList());

            var counts = new Dictionary<string, int>();
            var trainDocs = ReviewedDocuments.Keep(Load(trainFiles, counts), Nlp.Core.Model.Layer.Entities, "training", console);
            var devDocs = ReviewedDocuments.Keep(Load(devFiles, counts), Nlp.Core.Model.Layer.Entities, "dev", console);
            var auxDocs = auxFiles.Count > 0 ? Load(auxFiles, counts) : null;
            console.Error.WriteLine($"train: {trainDocs.Count} documents; dev: {devDocs.Count}" + (auxDocs is null ? "" : $"; auxiliary: {auxDocs.Count}"));
            var progress = new SyncProgress<EpochReport>(r => console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"epoch {r.Epoch,3}/{r.Epochs}  loss {r.Loss,8:F3}  dev F1 {r.DevF1,6:F2}{(r.IsBest ? " *" : "  ")}  {r.TokensPerSecond,7:F0} tokens/s  elapsed {Minutes(r.ElapsedSeconds)}  ETA {Minutes(r.EtaSeconds)}")));
            var gazetteerFile = parse.GetValue(gazetteer) is { } g ? Gazetteer.Load(g) : null;
            if (gazetteerFile is not null) console.Error.WriteLine($"gazetteer: {gazetteerFile.PhraseCount:N0} phrases in {gazetteerFile.Classes.Count} classes");
            var vectorsFile = parse.GetValue(wordVectors) is { } v ? WordVectors.Load(v) : null;
            if (vectorsFile is not null) console.Error.WriteLine($"word vectors: {vectorsFile.Count:N0} words x {vectorsFile.Dimension}");
            Nlp.Models.Encoders.ContextualEncoders.Threads = threadCount;
            Nlp.Models.Encoders.IContextualEncoder? contextual = null;
            Nlp.Models.Encoders.TunableEncoder? tunable = null;
            try
            {
                if (tunedLayers > 0) tunable = Nlp.Models.Encoders.TunableEncoder.Create(parse.GetValue(encoder), tunedLayers);
                else contextual = Nlp.Models.Encoders.ContextualEncoders.Create(parse.GetValue(encoder));
            }
            catch (Exception e) when (e is InvalidDataException or ArgumentException) { throw new UsageException("--encoder: " + e.Message); }
            if (contextual is not null) console.Error.WriteLine($"encoder: {contextual.Name} ({contextual.Dimension} features per token, frozen)");
            if (tunable is not null)
                console.Error.WriteLine($"encoder: {tunable.Name} ({tunable.Dimension} features per token; top {tunable.TunedLayers} layer(s) fine-tuned at lr {settings.EncoderLearningRate})");
            var result = EntityTaggerTrainer.Fit(trainDocs, devDocs, settings, progress, auxDocs, threadCount, gazetteer: gazetteerFile, wordVectors: vectorsFile,
                encoder: contextual, tunable: tunable);
            var recipe = new TrainingRecipe
            {
                Command = "nlp train ner",
                TrainingData = trainFiles.Select(f => DataFile.Of(f, counts[f])).ToList(),
                DevData = devFiles.Select(f => DataFile.Of(f, counts[f])).ToList(),
                AuxData = auxFiles.Select(f => DataFile.Of(f, counts[f])).ToList(),
                Lexicons = parse.GetValue(gazetteer) is { } gazetteerPath ? [DataFile.Of(gazetteerPath)] : [],
                WordVectors = parse.GetValue(wordVectors) is { } vectorsPath ? DataFile.Of(vectorsPath) : null,
            };
            var saved = result.Save(outDir, parse.GetValue(name) ?? "", recipe);

            var c = result.Calibration;
            console.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"saved {outDir} (version {saved.Version}): best epoch {result.BestEpoch} of {result.History.Count}, dev F1 {result.BestDev.Entities.Micro.F1:F2} (last {result.LastDev.Entities.Micro.F1:F2}), {result.TrainingTime.TotalMinutes:F1} min"));
            foreach (var (label, s) in result.BestDev.Entities.PerLabel.OrderBy(p => p.Key, StringComparer.Ordinal))
                console.Out.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {label,-12} P {s.Precision,6:F2}  R {s.Recall,6:F2}  F1 {s.F1,6:F2}  gold {s.Gold}"));
            console.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"calibration: Platt A={c.A:F3} B={c.B:F3}; dev ECE raw {c.EceRaw:F4}, calibrated (cross-fit halves) {c.EceCalibratedCrossFit:F4} over {c.Entities} entities"));
            if (result.UnalignedEntities > 0)
                console.Out.WriteLine($"note: {result.UnalignedEntities} training entities do not start and end on token boundaries and were left out");
            return 0;
        }));
        return command;
    }

    /// <summary>Finetune defaults: a few epochs at about the learning rate a full run ends with (2e-3 × 0.93^25 ≈ 3e-4).</summary>
    public const int FinetuneEpochs = 5;
    public const double FinetuneLearningRate = 5e-4;

    /// <summary><c>--init-from</c>: the start model's architecture, vocabulary and lexicons, trained a few epochs on --train plus the replay sample.</summary>
    static int Finetune(ParseResult parse, CliConsole console, FinetuneOptions finetune, string startFolder, TaggerSettings settings,
        IReadOnlyList<string> trainFiles, IReadOnlyList<string> devFiles, string outDir, int threads, string? name, bool epochsGiven, bool lrGiven,
        IReadOnlyList<string> architectureOptions)
    {
        if (architectureOptions.Count > 0)
            throw new UsageException($"{string.Join(", ", architectureOptions)}: a finetune keeps the architecture and lexicons of --init-from {startFolder}");
        var replayFiles = finetune.ReplayFiles(parse);
        settings = settings with
        {
            Epochs = epochsGiven ? settings.Epochs : FinetuneEpochs, LearningRate = lrGiven ? settings.LearningRate : FinetuneLearningRate,
            InitFrom = Path.GetRelativePath(Directory.GetCurrentDirectory(), Path.GetFullPath(startFolder)),
            ReplayFraction = replayFiles.Count > 0 ? parse.GetValue(finetune.ReplayFraction) : 0,
        };
        var counts = new Dictionary<string, int>();
        var trainDocs = ReviewedDocuments.Keep(Load(trainFiles, counts), Nlp.Core.Model.Layer.Entities, "training", console);
        var devDocs = ReviewedDocuments.Keep(Load(devFiles, counts), Nlp.Core.Model.Layer.Entities, "dev", console);
        var replay = finetune.ReplaySample(parse, replayFiles.Count > 0 ? Load(replayFiles, counts) : [], settings.Seed, console);
        Nlp.Models.Encoders.ContextualEncoders.Threads = threads;
        using var start = EntityTagger.Load(startFolder);
        console.Error.WriteLine($"finetune from {startFolder} ({start.Manifest?.Version}): {trainDocs.Count} corrected + {replay.Count} replayed documents; dev: {devDocs.Count}" +
                                (replay.Count > 0 ? $"; each corrected document counts {ReplaySample.Repeats(trainDocs.Count, replay.Count)} times; the best epoch is chosen on dev and the corrected documents" : ""));
        var before = start.Score(devDocs).Entities.Micro.F1;
        var progress = new SyncProgress<EpochReport>(r => console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"epoch {r.Epoch,3}/{r.Epochs}  loss {r.Loss,8:F3}  dev+corrections F1 {r.DevF1,6:F2}{(r.IsBest ? " *" : "  ")}  {r.TokensPerSecond,7:F0} tokens/s  elapsed {Minutes(r.ElapsedSeconds)}")));
        TaggerTrainingResult result;
        try { result = EntityTaggerTrainer.Finetune(start, ReplaySample.Mix(trainDocs, replay), devDocs, settings, progress, threads, corrections: trainDocs); }
        catch (ArgumentException e) { throw new UsageException($"--init-from {startFolder}: {e.Message}"); }
        // The start model's recipe (lexicons, word vectors, encoder) with what this run trained on; no auxiliary data was read.
        var recipe = (start.Manifest?.Recipe ?? new TrainingRecipe()) with
        {
            Command = "nlp train ner --init-from",
            TrainingData = trainFiles.Concat(replayFiles).Select(f => DataFile.Of(f, counts[f])).ToList(),
            DevData = devFiles.Select(f => DataFile.Of(f, counts[f])).ToList(),
            AuxData = [],
        };
        var saved = result.Save(outDir, name ?? "", recipe);
        console.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"saved {outDir} (version {saved.Version}): finetuned {result.History.Count} epochs (best {result.BestEpoch}), dev F1 {before:F2} -> {result.BestDev.Entities.Micro.F1:F2}, {result.TrainingTime.TotalMinutes:F1} min"));
        return 0;
    }

    static List<Nlp.Core.Model.Document> Load(IReadOnlyList<string> files, Dictionary<string, int> counts)
    {
        var all = new List<Nlp.Core.Model.Document>();
        foreach (var f in files)
        {
            var docs = DocumentFiles.Segmented(DocumentFiles.Read(f));
            counts[f] = docs.Count;
            all.AddRange(docs);
        }
        return all;
    }

    static string Minutes(double seconds) => TimeSpan.FromSeconds(seconds).ToString(@"h\:mm\:ss", CultureInfo.InvariantCulture);
}
