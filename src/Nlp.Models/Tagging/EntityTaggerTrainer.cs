using System.Diagnostics;
using Nlp.Core.Model;
using Nlp.Core.Scoring;
using Nlp.Models.MaxEnt;
using TorchSharp;
using static TorchSharp.torch;

namespace Nlp.Models.Tagging;

/// <summary>What one training run produced: the predictor of the best dev epoch (the one to ship), the one of
/// the last epoch, and the per-epoch history.</summary>
public sealed partial class TaggerTrainingResult(EntityTagger best, EntityTagger last, IReadOnlyList<EpochReport> history,
    int bestEpoch, TimeSpan trainingTime, int unalignedEntities, EvaluationReport bestDev, EvaluationReport lastDev,
    TaggerCalibrationInfo calibration)
{
    public EntityTagger Best { get; } = best;
    public EntityTagger Last { get; } = last;
    public IReadOnlyList<EpochReport> History { get; } = history;
    public int BestEpoch { get; } = bestEpoch;
    public TimeSpan TrainingTime { get; } = trainingTime;
    /// <summary>Training entities that could not be expressed in token tags (edges inside a token) and were left out.</summary>
    public int UnalignedEntities { get; } = unalignedEntities;
    public EvaluationReport BestDev { get; } = bestDev;
    public EvaluationReport LastDev { get; } = lastDev;
    public TaggerCalibrationInfo Calibration { get; } = calibration;
}

/// <summary>
/// Trains a <see cref="BiLstmCrfTagger"/> (the estimator): <see cref="Fit"/> returns immutable predictors.
/// Adam with per-epoch learning-rate decay, gradient-norm clipping, dropout and word dropout; batches are built
/// from length-sorted pools so little time goes into padding. With auxiliary data (a corpus with another label
/// set, e.g. CoNLL-2003 for the domain model) a second head is trained on the shared encoder: each epoch
/// alternates primary and auxiliary batches (by default one auxiliary batch after each primary one), so the small
/// primary corpus is not drowned. The dev set (primary labels) picks the best epoch and fits the calibration.
/// With <see cref="TaggerLexicons"/> (name lists, word vectors), their features join every token's input and they
/// travel with the predictors.
/// </summary>
public static class EntityTaggerTrainer
{
    /// <summary>The documents the tagger learns from: corrections count where their entities were reviewed
    /// (<see cref="ReviewedLayers"/>; gold files without the key count whole), segmented by the text stage.</summary>
    private static (List<Document> Train, List<Document> Dev) ReviewedForEntities(IReadOnlyList<Document> train, IReadOnlyList<Document> dev)
    {
        var keptTrain = TextLayers.Require(ReviewedLayers.For(train, Layer.Entities).ToList(), "the ner trainer");
        var keptDev = TextLayers.Require(ReviewedLayers.For(dev, Layer.Entities).ToList(), "the ner trainer");
        if (keptTrain.Count == 0) throw new ArgumentException("No training document has its entities reviewed (meta.reviewed).");
        return (keptTrain, keptDev);
    }

    public static TaggerTrainingResult Fit(IReadOnlyList<Document> train, IReadOnlyList<Document> dev, TaggerSettings settings,
        IProgress<EpochReport>? progress = null, IReadOnlyList<Document>? auxiliaryTrain = null, int threads = 2,
        CancellationToken cancellation = default, Gazetteer? gazetteer = null, WordVectors? wordVectors = null,
        Encoders.IContextualEncoder? encoder = null, Encoders.TunableEncoder? tunable = null)
    {
        if (encoder is not null && tunable is not null) throw new ArgumentException("A tagger reads one encoder: frozen or with its top layers fine-tuned, not both.");
        var lexicons = new TaggerLexicons(gazetteer, wordVectors, encoder, tunable);
        settings = settings with
        {
            GazetteerFeatures = lexicons.GazetteerWidth, WordVectorFeatures = lexicons.WordVectorWidth,
            ContextualFeatures = lexicons.EncoderWidth, Encoder = lexicons.EncoderName, TunedEncoderLayers = tunable?.TunedLayers ?? 0,
        };
        settings.Validate();
        TorchSetup.Seed(settings.Seed, threads);
        var clock = Stopwatch.StartNew();
        var random = new Random(settings.Seed);

        (train, dev) = ReviewedForEntities(train, dev);
        var heads = new List<BioTagSet> { BioTagSet.FromEntityTypes(train.SelectMany(d => d.Entities).Select(e => e.Label)) };
        var headNames = new List<string> { "primary" };
        if (heads[0].EntityTypes.Count == 0) throw new ArgumentException("The training documents have no entities.");
        int unaligned = 0;
        var primary = train.SelectMany(d => TaggedSentence.Tagged(d, heads[0], ref unaligned, lexicons)).ToList();
        List<TaggedSentence>? auxiliary = null;
        if (auxiliaryTrain is { Count: > 0 })
        {
            auxiliaryTrain = TextLayers.Require(auxiliaryTrain, "the ner trainer");
            heads.Add(BioTagSet.FromEntityTypes(auxiliaryTrain.SelectMany(d => d.Entities).Select(e => e.Label)));
            headNames.Add("auxiliary");
            auxiliary = auxiliaryTrain.SelectMany(d => TaggedSentence.Tagged(d, heads[1], ref unaligned, lexicons)).ToList();
        }

        var vocabulary = TaggerVocabulary.Build(primary.Concat(auxiliary ?? []).SelectMany(s => s.Surfaces), settings.MinWordCount, settings.MaxWords);
        var module = new BiLstmCrfTagger(vocabulary.WordIdCount, vocabulary.CharIdCount, heads, settings);
        if (tunable is not null) module.LoadEncoderLayers(tunable.TunedWeights());
        return Train(module, vocabulary, heads, headNames, settings, lexicons, primary, auxiliary, dev, random, clock, unaligned, progress, cancellation);
    }

    /// <summary>
    /// A warm start (finetune) from <paramref name="start"/>: its weights, vocabulary, heads, name lists, word vectors
    /// and encoder, trained for <paramref name="settings"/>' epochs (with its learning rate, decay, batch size, seed and
    /// time budget; the architecture is the start model's) on <paramref name="train"/>, usually corrections mixed with a
    /// replay sample of the original training data. Words the start model does not know map to its unknown word, as at
    /// prediction time; an entity label it does not predict is refused, naming the labels that differ. The best epoch
    /// is the one best on dev together with <paramref name="corrections"/> (the corrected documents within
    /// <paramref name="train"/>): dev alone does not hold the corrections, so it would pick the epoch that learned them
    /// least, often the first; the retrain's comparison afterwards guards dev and the cross-source set. Dev alone fits
    /// the calibration, as in <see cref="Fit"/>. The auxiliary head is kept as it was (not trained).
    /// </summary>
    public static TaggerTrainingResult Finetune(EntityTagger start, IReadOnlyList<Document> train, IReadOnlyList<Document> dev, TaggerSettings settings,
        IProgress<EpochReport>? progress = null, int threads = 2, CancellationToken cancellation = default, IReadOnlyList<Document>? corrections = null)
    {
        var merged = start.Settings with
        {
            Epochs = settings.Epochs, LearningRate = settings.LearningRate, LearningRateDecay = settings.LearningRateDecay,
            BatchSize = settings.BatchSize, Seed = settings.Seed, MaxMinutes = settings.MaxMinutes, WordDropout = settings.WordDropout,
            InitFrom = settings.InitFrom, ReplayFraction = settings.ReplayFraction,
        };
        merged.Validate();
        TorchSetup.Seed(merged.Seed, threads);
        var clock = Stopwatch.StartNew();
        var random = new Random(merged.Seed);
        (train, dev) = ReviewedForEntities(train, dev);
        var selection = corrections is { Count: > 0 } ? SelectionSet(dev, corrections) : dev;
        var unknown = train.Concat(dev).SelectMany(d => d.Entities).Select(e => e.Label).Distinct().Except(start.Labels).Order(StringComparer.Ordinal).ToList();
        if (unknown.Count > 0)
            throw new ArgumentException($"the model to start from predicts {string.Join(", ", start.Labels)}; the documents also have {string.Join(", ", unknown)} " +
                                        "(a new label needs a full retrain)");
        var heads = start.Heads.ToList();
        int unaligned = 0;
        var primary = train.SelectMany(d => TaggedSentence.Tagged(d, heads[0], ref unaligned, start.Lexicons)).ToList();
        var module = new BiLstmCrfTagger(start.Vocabulary.WordIdCount, start.Vocabulary.CharIdCount, heads, merged);
        using (no_grad())
            module.load_state_dict(start.Module.state_dict().ToDictionary(p => p.Key, p => p.Value.detach().clone()));
        return Train(module, start.Vocabulary, heads, start.HeadNames.ToList(), merged, start.Lexicons, primary, null, dev, random, clock, unaligned,
            progress, cancellation, selection);
    }

    /// <summary>Dev and the corrected documents, once each: a corrected document that is also in dev (same id) counts
    /// in its corrected form, the user's latest word.</summary>
    static List<Document> SelectionSet(IReadOnlyList<Document> dev, IReadOnlyList<Document> corrections)
    {
        var corrected = TextLayers.Require(ReviewedLayers.For(corrections, Layer.Entities).ToList(), "the ner trainer")
            .DistinctBy(d => d.Id, StringComparer.Ordinal).ToList();
        var ids = corrected.Select(d => d.Id).ToHashSet(StringComparer.Ordinal);
        return [.. dev.Where(d => !ids.Contains(d.Id)), .. corrected];
    }

    /// <summary>The epochs: Adam from the module's current weights, the epoch best on <paramref name="selection"/> (default: dev)
    /// kept, both calibrated on dev.</summary>
    static TaggerTrainingResult Train(BiLstmCrfTagger module, TaggerVocabulary vocabulary, List<BioTagSet> heads, List<string> headNames,
        TaggerSettings settings, TaggerLexicons lexicons, List<TaggedSentence> primary, List<TaggedSentence>? auxiliary, IReadOnlyList<Document> dev,
        Random random, Stopwatch clock, int unaligned, IProgress<EpochReport>? progress, CancellationToken cancellation,
        IReadOnlyList<Document>? selection = null)
    {
        selection ??= dev;
        // Fine-tuned encoder layers learn at their own, smaller rate; the decay applies to both.
        var tuned = module.EncoderParameters().ToHashSet();
        var optimizer = optim.Adam(new TorchSharp.Modules.Adam.ParamGroup[]
        {
            new(module.parameters().Where(p => !tuned.Contains(p)), lr: settings.LearningRate),
            new(tuned, lr: settings.EncoderLearningRate),
        }.Where(g => g.Parameters.Any()), lr: settings.LearningRate);
        var scheduler = optim.lr_scheduler.ExponentialLR(optimizer, settings.LearningRateDecay);

        var history = new List<EpochReport>();
        double bestF1 = double.NegativeInfinity;
        int bestEpoch = 0;
        Dictionary<string, Tensor>? bestState = null;
        var auxiliaryStream = auxiliary is null ? null : new BatchStream(auxiliary, settings.BatchSize, random);

        for (int epoch = 1; epoch <= settings.Epochs; epoch++)
        {
            cancellation.ThrowIfCancellationRequested();
            if (settings.MaxMinutes > 0 && epoch > 1 && clock.Elapsed.TotalMinutes / (epoch - 1) * epoch > settings.MaxMinutes) break;
            var epochClock = Stopwatch.StartNew();
            module.train();
            var primaryBatches = Batches(primary, settings.BatchSize, random);
            double lossSum = 0;
            long tokens = 0;
            int steps = 0;
            foreach (var batchSentences in primaryBatches)
            {
                Step(batchSentences, 0);
                if (auxiliaryStream is not null)
                    for (int k = 0; k < settings.AuxiliaryBatchesPerBatch; k++) Step(auxiliaryStream.Next(), 1);
            }
            scheduler.step();
            double seconds = epochClock.Elapsed.TotalSeconds;

            var devReport = Predictor(module, vocabulary, heads, headNames, settings, lexicons).Score(selection, confidences: false);
            double f1 = devReport.Entities.Micro.F1;
            bool isBest = f1 > bestF1;
            if (isBest)
            {
                bestF1 = f1;
                bestEpoch = epoch;
                bestState?.Values.ToList().ForEach(t => t.Dispose());
                bestState = module.state_dict().ToDictionary(p => p.Key, p => p.Value.detach().clone());
            }
            double elapsed = clock.Elapsed.TotalSeconds;
            var report = new EpochReport(epoch, settings.Epochs, lossSum / Math.Max(1, steps), f1, tokens / Math.Max(seconds, 1e-9),
                elapsed, Eta(elapsed, epoch, settings), isBest);
            history.Add(report);
            progress?.Report(report);

            void Step(IReadOnlyList<TaggedSentence> sentences, int head)
            {
                using var scope = NewDisposeScope();
                optimizer.zero_grad();
                var batch = TaggerBatch.Create(sentences, vocabulary, settings.MaxCharsPerToken, random, settings.WordDropout, head);
                var loss = module.Loss(batch);
                loss.backward();
                nn.utils.clip_grad_norm_(module.parameters(), settings.GradientClip);
                optimizer.step();
                lossSum += loss.item<float>();
                steps++;
                tokens += sentences.Sum(s => s.Length);
            }
        }

        var last = Predictor(module, vocabulary, heads, headNames, settings, lexicons);
        var bestModule = new BiLstmCrfTagger(vocabulary.WordIdCount, vocabulary.CharIdCount, heads, settings);
        using (no_grad())
            bestModule.load_state_dict(bestState!);
        var best = Predictor(bestModule, vocabulary, heads, headNames, settings, lexicons);

        var (bestCalibrated, calibration) = Calibrate(best, dev);
        var (lastCalibrated, _) = Calibrate(last, dev);
        var bestDev = bestCalibrated.Score(dev);
        var lastDev = lastCalibrated.Score(dev);
        clock.Stop();
        return new TaggerTrainingResult(bestCalibrated, lastCalibrated, history, bestEpoch, clock.Elapsed, unaligned, bestDev, lastDev, calibration);
    }

    /// <summary>Time left at the pace so far, up to the last epoch or the time budget, whichever comes first.</summary>
    static double Eta(double elapsedSeconds, int epoch, TaggerSettings settings)
    {
        double perEpoch = elapsedSeconds / epoch;
        double remaining = perEpoch * (settings.Epochs - epoch);
        if (settings.MaxMinutes > 0)
        {
            // Epochs that still fit the budget (the same rule as the loop's check).
            int fit = Math.Max(0, Math.Min(settings.Epochs, (int)(settings.MaxMinutes * 60 / perEpoch)) - epoch);
            remaining = Math.Min(remaining, perEpoch * fit);
        }
        return remaining;
    }

    static EntityTagger Predictor(BiLstmCrfTagger module, TaggerVocabulary vocabulary, IReadOnlyList<BioTagSet> heads,
        IReadOnlyList<string> headNames, TaggerSettings settings, TaggerLexicons lexicons) =>
        new(module, vocabulary, heads, headNames, settings, PlattCalibrator.Identity with { ProbabilityFloor = PlattCalibrator.TaggerFloor }, lexicons: lexicons);

    /// <summary>Fits Platt scaling on all of dev (what ships), and reports ECE raw and cross-fitted on dev halves.</summary>
    internal static (EntityTagger Tagger, TaggerCalibrationInfo Info) Calibrate(EntityTagger tagger, IReadOnlyList<Document> dev)
    {
        var samples = new List<CalibrationFit.Point>();
        var raw = tagger.PredictRaw(dev.Select(d => d.WithoutAnnotations()).ToList(), head: 0);
        for (int d = 0; d < dev.Count; d++)
        {
            var gold = dev[d].Entities.Select(e => (e.Span, e.Label)).ToHashSet();
            foreach (var e in raw[d]) samples.Add(new CalibrationFit.Point(d, e.Marginal, gold.Contains((e.Span, e.Label))));
        }
        var (calibrator, eceRaw, eceCross, _) = CalibrationFit.Fit(samples, 0.0, PlattCalibrator.TaggerFloor);
        return (tagger.With(calibrator, null), new TaggerCalibrationInfo(calibrator.A, calibrator.B, eceRaw, eceCross, samples.Count));
    }

    /// <summary>Shuffled batches from length-sorted pools of 20 batches: similar lengths per batch, random order overall.</summary>
    internal static List<IReadOnlyList<TaggedSentence>> Batches(IReadOnlyList<TaggedSentence> sentences, int batchSize, Random random)
    {
        var shuffled = sentences.ToArray();
        random.Shuffle(shuffled);
        var batches = new List<IReadOnlyList<TaggedSentence>>();
        foreach (var pool in shuffled.Chunk(batchSize * 20))
            foreach (var batch in pool.OrderBy(s => s.Length).Chunk(batchSize))
                batches.Add(batch);
        var order = batches.ToArray();
        random.Shuffle(order);
        return order.ToList();
    }

    /// <summary>An endless supply of batches from a corpus, reshuffled each time it runs out.</summary>
    sealed class BatchStream(IReadOnlyList<TaggedSentence> sentences, int batchSize, Random random)
    {
        Queue<IReadOnlyList<TaggedSentence>> _queue = new();

        public IReadOnlyList<TaggedSentence> Next()
        {
            if (_queue.Count == 0) _queue = new Queue<IReadOnlyList<TaggedSentence>>(Batches(sentences, batchSize, random));
            return _queue.Dequeue();
        }
    }
}
