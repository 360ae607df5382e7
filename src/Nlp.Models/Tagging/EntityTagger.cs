using System.Collections.Immutable;
using Newtonsoft.Json.Linq;
using Nlp.Core.Learning;
using Nlp.Core.Manifests;
using Nlp.Core.Model;
using Nlp.Core.Scoring;
using Nlp.Models.MaxEnt;
using Nlp.Models.Windows;
using static TorchSharp.torch;

namespace Nlp.Models.Tagging;

/// <summary>
/// A trained entity tagger (the predictor): immutable once built. <see cref="Predict(Document)"/> replaces a
/// document's entities with the tagger's, each with a calibrated confidence: the CRF's marginal probability of
/// exactly that span and label (see <see cref="CrfPosteriors.SpanMarginal"/>) passed through the
/// <see cref="PlattCalibrator"/>. Documents need tokens and sentences. Calls are serialized: one torch
/// module is not meant to run concurrent forwards, and torch parallelizes inside each call anyway.
/// </summary>
public sealed partial class EntityTagger : ILearnedModel<EntityTagger>
{
    /// <summary>Sentences per forward pass at prediction time; sorted by length so padding stays small.</summary>
    const int PredictBatchSize = 64;
    /// <summary>Token positions (sentences times the longest one) per forward pass: 64 sentences of up to 64 tokens, as
    /// prose has them, but only 16 full windows, whose character CNN would otherwise take hundreds of MB at once. A
    /// wider batch is faster (the LSTM steps through a batch's length whatever its width): 32 windows took a quarter
    /// less time on run-on text and 40% more memory (docs/RESULTS.md).</summary>
    const int PredictBatchPositions = 64 * 64;

    readonly BiLstmCrfTagger _module;
    readonly IReadOnlyList<BioTagSet> _heads;
    readonly Lock _gate = new();
    /// <summary>Guarded by <see cref="_gate"/>.</summary>
    readonly CharFeatureCache _charCache;

    internal EntityTagger(BiLstmCrfTagger module, TaggerVocabulary vocabulary, IReadOnlyList<BioTagSet> heads, IReadOnlyList<string> headNames,
        TaggerSettings settings, PlattCalibrator calibrator, ModelManifest? manifest = null, TaggerLexicons? lexicons = null)
    {
        lexicons ??= TaggerLexicons.None;
        lexicons.CheckAgainst(settings);
        _module = module;
        _module.eval();
        Vocabulary = vocabulary;
        _heads = heads;
        HeadNames = headNames;
        Settings = settings;
        Calibrator = calibrator;
        Manifest = manifest;
        Lexicons = lexicons;
        _charCache = new CharFeatureCache(module, vocabulary, settings.MaxCharsPerToken);
    }

    public TaggerSettings Settings { get; }
    public PlattCalibrator Calibrator { get; }
    /// <summary>Set on a loaded model; null on a freshly trained one.</summary>
    public ModelManifest? Manifest { get; }
    public IReadOnlyList<string> HeadNames { get; }
    /// <summary>The name lists the tagger reads as features, shipped with the model; null when it has none.</summary>
    public Gazetteer? Gazetteer => Lexicons.Gazetteer;
    /// <summary>The frozen word vectors the tagger reads as features, shipped with the model; null when it has none.</summary>
    public WordVectors? WordVectors => Lexicons.WordVectors;
    public TaggerLexicons Lexicons { get; }
    internal TaggerVocabulary Vocabulary { get; }
    internal BiLstmCrfTagger Module => _module;
    internal IReadOnlyList<BioTagSet> Heads => _heads;

    /// <summary>The entity labels predicted (those of the primary head).</summary>
    public IReadOnlyList<string> Labels => _heads[0].EntityTypes;

    internal EntityTagger With(PlattCalibrator calibrator, ModelManifest? manifest) =>
        new(_module, Vocabulary, _heads, HeadNames, Settings, calibrator, manifest, Lexicons);

    public Document Predict(Document document) => Predict([document])[0];

    /// <summary>Predicts several documents at once (faster: sentences of all of them share forward passes).</summary>
    public IReadOnlyList<Document> Predict(IReadOnlyList<Document> documents) => Predict(documents, confidences: true);

    IReadOnlyList<Document> Predict(IReadOnlyList<Document> documents, bool confidences)
    {
        var raw = PredictRaw(documents, head: 0, confidences);
        var result = new Document[documents.Count];
        for (int d = 0; d < documents.Count; d++)
        {
            var entities = raw[d].Select((p, k) => new Entity($"T{k + 1}", p.Span, p.Label,
                confidences ? Math.Round(Calibrator.Calibrate(p.Marginal), 4) : null));
            result[d] = documents[d] with { Entities = entities.ToImmutableArray() };
        }
        return result;
    }

    /// <summary>Scores the tagger on gold documents carrying the text stage's layers, exact spans and labels.</summary>
    public EvaluationReport Score(IEnumerable<Document> gold) => Score(gold, confidences: true);

    /// <summary>Without confidences the forward-backward pass is skipped (the trainer's per-epoch dev check).</summary>
    internal EvaluationReport Score(IEnumerable<Document> gold, bool confidences)
    {
        var docs = TextLayers.Require(gold, "the ner model");
        var predicted = new List<Document>();
        foreach (var chunk in docs.Chunk(256)) predicted.AddRange(Predict(chunk.Select(d => d.WithoutAnnotations()).ToList(), confidences));
        return Scorer.Score(docs, predicted);
    }

    internal readonly record struct RawEntity(Span Span, string Label, double Marginal);

    /// <summary>Viterbi entities of each document with their uncalibrated span marginals.</summary>
    /// <remarks>
    /// A sentence longer than <see cref="TokenWindows.MaxTokens"/> tokens (a text without sentence ends is one
    /// "sentence") is read in overlapping windows whose spans <see cref="WindowedSpans"/> merges back, so one call's
    /// memory and time stay bounded whatever the document's shape and one long sentence does not pad a whole batch;
    /// shorter sentences are read whole, as before. Windows are cut from the sentence's features, so document- and
    /// sentence-level features (sentence start, the encoder's context) stay those of the whole sentence.
    /// </remarks>
    internal List<RawEntity>[] PredictRaw(IReadOnlyList<Document> documents, int head, bool marginals = true)
    {
        var tagSet = _heads[head];
        foreach (var d in documents) TextLayers.Require(d, "the ner model");
        var sentences = new List<(int Doc, TaggedSentence Sentence, IReadOnlyList<TokenWindow> Windows)>();
        for (int d = 0; d < documents.Count; d++)
            foreach (var s in TaggedSentence.Untagged(documents[d], Lexicons)) sentences.Add((d, s, TokenWindows.Split(s.Length)));
        var found = new List<WindowSpan<(string Type, double Marginal)>>[sentences.Count][];
        for (int i = 0; i < sentences.Count; i++)
        {
            found[i] = new List<WindowSpan<(string, double)>>[sentences[i].Windows.Count];
            for (int w = 0; w < found[i].Length; w++) found[i][w] = [];
        }

        lock (_gate)
        {
            using var noGrad = no_grad();
            foreach (var chunk in Batches(sentences.Select(s => s.Windows).ToList()))
            {
                using var scope = NewDisposeScope();
                var batchSentences = chunk.Select(j => sentences[j.Sentence].Sentence.Slice(sentences[j.Sentence].Windows[j.Window])).ToList();
                var batch = TaggerBatch.Create(batchSentences, Vocabulary, Settings.MaxCharsPerToken, head: head, charCache: _charCache);
                var emissions = _module.forward(batch);
                var crf = _module.Crf(head);
                var scores = crf.ToCpu(emissions, batch.Mask);
                var paths = crf.Decode(scores);
                var posteriors = marginals ? crf.Posteriors(scores) : null;
                for (int b = 0; b < chunk.Length; b++)
                {
                    var (sentence, window) = chunk[b];
                    int offset = sentences[sentence].Windows[window].Start;
                    foreach (var (first, last, type) in Spans(paths[b], tagSet))
                    {
                        double p = posteriors?.SpanMarginal(b, first, last, tagSet.Begin(type), tagSet.Inside(type)) ?? double.NaN;
                        found[sentence][window].Add(new(offset + first, offset + last, (type, p)));
                    }
                }
            }
        }
        var result = new List<RawEntity>[documents.Count];
        for (int d = 0; d < documents.Count; d++) result[d] = [];
        for (int i = 0; i < sentences.Count; i++)
        {
            var (doc, sentence, windows) = sentences[i];
            foreach (var span in WindowedSpans.Merge(windows, found[i], sentence.Length))
                result[doc].Add(new RawEntity(new Span(sentence.TokenSpans[span.First].Start, sentence.TokenSpans[span.Last].End),
                    span.Value.Type, span.Value.Marginal));
        }
        foreach (var list in result) list.Sort((a, b) => a.Span.CompareTo(b.Span));
        return result;
    }

    /// <summary>
    /// The forward passes of a prediction: every window of every sentence, shortest first, at most
    /// <see cref="PredictBatchSize"/> and <see cref="PredictBatchPositions"/> at a time, so a batch pads to a length
    /// close to its own windows' and never beyond <see cref="TokenWindows.MaxTokens"/>, and its tensors stay small.
    /// </summary>
    internal static IEnumerable<(int Sentence, int Window)[]> Batches(IReadOnlyList<IReadOnlyList<TokenWindow>> windowsOfSentences)
    {
        var batch = new List<(int Sentence, int Window)>();
        foreach (var job in windowsOfSentences.SelectMany((windows, s) => windows.Select((_, w) => (Sentence: s, Window: w)))
                     .OrderBy(j => windowsOfSentences[j.Sentence][j.Window].Length))
        {
            // Sorted by length, so the job's window is the longest of the batch it joins.
            int length = windowsOfSentences[job.Sentence][job.Window].Length;
            if (batch.Count == PredictBatchSize || (batch.Count > 0 && (batch.Count + 1) * length > PredictBatchPositions))
            {
                yield return batch.ToArray();
                batch.Clear();
            }
            batch.Add(job);
        }
        if (batch.Count > 0) yield return batch.ToArray();
    }

    /// <summary>Entity token ranges of a decoded IOB2 path (constrained decoding makes every I-X follow B-X or I-X).</summary>
    internal static IEnumerable<(int First, int Last, string Type)> Spans(int[] path, BioTagSet tagSet)
    {
        for (int t = 0; t < path.Length; t++)
        {
            if (path[t] == 0) continue;
            int begin = tagSet.IsInside(path[t]) ? path[t] - 1 : path[t];
            int last = t;
            while (last + 1 < path.Length && path[last + 1] == begin + 1) last++;
            yield return (t, last, tagSet.EntityTypes[(begin - 1) / 2]);
            t = last;
        }
    }

    /// <summary>Frees the torch module and the encoder's ONNX session (native memory both).</summary>
    public void Dispose()
    {
        _module.Dispose();
        Lexicons.Encoder?.Dispose();
        Lexicons.Tunable?.Dispose();
    }
}
