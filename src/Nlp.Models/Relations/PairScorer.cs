using System.Runtime.CompilerServices;
using Newtonsoft.Json.Linq;
using Nlp.Core.Manifests;
using Nlp.Core.Model;
using Nlp.Models.Encoders;
using Nlp.Models.MaxEnt;
using TorchSharp;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace Nlp.Models.Relations;

/// <summary>
/// A dense scorer of candidate entity pairs over a frozen encoder's token vectors (issue 18): the mean vector of each
/// mention, the max-pool of the tokens between them, the product of the two means, the two entity labels and the
/// signed distance, through a small TorchSharp network (<see cref="PairScorerNet"/>) to a probability per relation
/// type and none. <see cref="RelationModel"/> mixes its probabilities with the max-ent classifier's by
/// <see cref="PairScorerPayload.Weight"/> before masking, decoding, calibration and thresholds, which stay the
/// max-ent model's. Immutable once fitted; copies made by <see cref="WithWeight"/> share the network and encoder.
/// </summary>
public sealed class PairScorer : IDisposable
{
    public const string FileName = "pair-scorer.bin";
    /// <summary>The key of <see cref="PairScorerPayload"/> in the relation model's manifest payload.</summary>
    public const string PayloadKey = "pair_scorer";
    /// <summary>Signed distance buckets: the tokens between the mentions (0, 1, 2, 3, 4-5, 6-8, 9-12, 13-20, 21+), head first or not.</summary>
    const int DistanceBuckets = 18;

    readonly PairScorerNet _net;
    readonly PairScorerForward _forward;
    readonly IContextualEncoder _encoder;
    readonly Func<string, int> _labelIndex;

    PairScorer(PairScorerNet net, IContextualEncoder encoder, PairScorerPayload payload, ConditionalWeakTable<DocumentView, Answer>? answers = null,
        PairScorerForward? forward = null)
    {
        _answers = answers ?? [];
        _net = net;
        _forward = forward ?? new PairScorerForward(net);
        _encoder = encoder;
        Payload = payload;
        _labelIndex = LabelIndexOf(payload.EntityLabels);
    }

    public PairScorerPayload Payload { get; }
    public string EncoderName => Payload.Encoder;
    public double Weight => Payload.Weight;

    /// <summary>The same network mixed in with another weight.</summary>
    public PairScorer WithWeight(double weight) => new(_net, _encoder, Payload with { Weight = weight }, _answers, _forward);

    /// <summary>The document's token vectors, as the tagger of the same encoder asked for them (so usually from its cache).</summary>
    public float[] Vectors(Document document) => DocumentEncoding.TokenVectors(_encoder, document);

    /// <summary>One candidate pair's input: pooled vectors and [head label, tail label, distance bucket].</summary>
    public readonly record struct Example(float[] Vectors, long HeadLabel, long TailLabel, long Distance, long Class);

    /// <summary>The input of pair (head, tail) of a view that carries token vectors; <paramref name="cls"/> is its class (or 0).</summary>
    internal static Example Input(DocumentView view, int head, int tail, int dimension, Func<string, int> labelIndex, int cls = 0)
    {
        var vectors = view.TokenVectors ?? throw new InvalidOperationException("the pair scorer needs a view with token vectors");
        var p = EntityPair.Of(view, head, tail);
        var row = new float[4 * dimension];
        var h = row.AsSpan(0, dimension);
        var t = row.AsSpan(dimension, dimension);
        MeanOf(vectors, p.HeadFirst, p.HeadEnd, dimension, h);
        MeanOf(vectors, p.TailFirst, p.TailEnd, dimension, t);
        var between = row.AsSpan(2 * dimension, dimension);
        for (int u = p.GapFrom; u < p.GapTo; u++)
        {
            var v = vectors.AsSpan(u * dimension, dimension);
            if (u == p.GapFrom) v.CopyTo(between);
            else System.Numerics.Tensors.TensorPrimitives.Max(between, v, between);
        }
        System.Numerics.Tensors.TensorPrimitives.Multiply(h, t, row.AsSpan(3 * dimension, dimension));
        int bucket = p.Between switch { <= 3 and var b => b, <= 5 => 4, <= 8 => 5, <= 12 => 6, <= 20 => 7, _ => 8 };
        return new Example(row, labelIndex(p.Head.Label), labelIndex(p.Tail.Label), bucket + (p.HeadBeforeTail ? 0 : DistanceBuckets / 2), cls);
    }

    static void MeanOf(float[] vectors, int first, int end, int dimension, Span<float> into)
    {
        for (int u = first; u < end; u++) System.Numerics.Tensors.TensorPrimitives.Add(into, vectors.AsSpan(u * dimension, dimension), into);
        if (end > first) System.Numerics.Tensors.TensorPrimitives.Divide(into, end - first, into);
    }

    /// <summary>Per pair, the probability of each of <see cref="PairScorerPayload.Classes"/> (<see cref="PairScorerForward"/>).</summary>
    public float[][] Probabilities(DocumentView view, IReadOnlyList<(int Head, int Tail)> pairs)
    {
        if (pairs.Count == 0) return [];
        // The trainer asks again for each mixing weight it tries: the answer for a view is kept while the view lives.
        if (_answers.TryGetValue(view, out var known) && known.Pairs.SequenceEqual(pairs)) return known.Probabilities;
        var answer = Compute(view, pairs);
        _answers.AddOrUpdate(view, new Answer(pairs.ToArray(), answer));
        return answer;
    }

    readonly ConditionalWeakTable<DocumentView, Answer> _answers;

    sealed record Answer((int Head, int Tail)[] Pairs, float[][] Probabilities);

    float[][] Compute(DocumentView view, IReadOnlyList<(int Head, int Tail)> pairs) =>
        pairs.Select(p => _forward.Probabilities(Input(view, p.Head, p.Tail, _encoder.Dimension, _labelIndex))).ToArray();

    /// <summary>A minibatch's tensors; <paramref name="flat"/> is the reused buffer of its vectors (a new 400 KB array
    /// per batch kept the garbage collector busy, and a libtorch scalar check failed in AdamW's step in 2 of 5 runs
    /// while it was; see the report of issue 18).</summary>
    static (Tensor Vectors, Tensor Ids, Tensor Classes) Batch(IReadOnlyList<Example> examples, ArraySegment<int> rows, float[] flat)
    {
        int width = examples[rows[0]].Vectors.Length;
        // A tensor made from an array reads the array itself, which must have its exact size: the last, smaller batch
        // gets its own.
        if (flat.Length != rows.Count * width) flat = new float[rows.Count * width];
        var ids = new long[rows.Count * 3];
        var classes = new long[rows.Count];
        for (int r = 0; r < rows.Count; r++)
        {
            var e = examples[rows[r]];
            e.Vectors.CopyTo(flat, r * width);
            (ids[3 * r], ids[3 * r + 1], ids[3 * r + 2], classes[r]) = (e.HeadLabel, e.TailLabel, e.Distance, e.Class);
        }
        return (tensor(flat, [rows.Count, width]), tensor(ids, [rows.Count, 3]), tensor(classes));
    }

    /// <summary>
    /// Fits the network on candidate pairs (their classes index <paramref name="classes"/>, none first): AdamW, shuffled
    /// minibatches, a fixed number of epochs (dev is not consulted). Deterministic for a seed: the torch RNG
    /// (initialisation, dropout) is seeded here and the order comes from a seeded <see cref="Random"/>; call it from one
    /// thread at a time.
    /// </summary>
    public static PairScorer Fit(IContextualEncoder encoder, IReadOnlyList<Example> examples, IReadOnlyList<string> entityLabels,
        IReadOnlyList<string> classes, RelationTrainerSettings settings, Action<string>? progress = null, string name = "pair scorer")
    {
        if (examples.Count == 0) throw new ArgumentException("the pair scorer has no candidate pairs to train on");
        // The trainer's thread count: libtorch's default (one per core) oversubscribes a busy machine, and these
        // matrices are small enough for one thread.
        TorchSetup.Seed(settings.Seed, Math.Max(1, settings.Threads));
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var payload = new PairScorerPayload(encoder.Name, entityLabels.ToArray(), classes.ToArray(), 4 * encoder.Dimension,
            settings.PairScorerHidden, settings.PairScorerDropout, 0);
        var net = payload.Network();
        using var optimizer = optim.AdamW(net.parameters(), lr: settings.PairScorerLearningRate, weight_decay: 0.01);
        var rng = new Random(settings.Seed);
        var order = Enumerable.Range(0, examples.Count).ToArray();
        // Refilled for each batch: its tensors are disposed with the batch's scope before the next one is made.
        var buffer = new float[BatchSize * examples[0].Vectors.Length];
        net.train();
        for (int epoch = 0; epoch < settings.PairScorerEpochs; epoch++)
        {
            rng.Shuffle(order);
            double total = 0;
            for (int from = 0; from < order.Length; from += BatchSize)
            {
                optimizer.zero_grad();
                using (var scope = NewDisposeScope())
                {
                    var (x, ids, y) = Batch(examples, new ArraySegment<int>(order, from, Math.Min(order.Length, from + BatchSize) - from), buffer);
                    var loss = functional.cross_entropy(net.forward(x, ids), y);
                    loss.backward();
                    total += loss.item<float>() * (Math.Min(order.Length, from + BatchSize) - from);
                }
                // Outside the batch's scope: the optimizer's state and scalars live across batches (inside it, AdamW's
                // step failed once with a corrupted scalar after some 15,000 steps).
                optimizer.step();
            }
            progress?.Invoke($"{name}: epoch {epoch + 1}/{settings.PairScorerEpochs}, loss {total / order.Length:F4}, {clock.Elapsed.TotalSeconds:F0} s");
        }
        net.eval();
        return new PairScorer(net, encoder, payload);
    }

    const int BatchSize = 64;

    /// <summary>The index of an entity label in the label embedding (0: a label it was not trained with).</summary>
    public static Func<string, int> LabelIndexOf(IReadOnlyList<string> entityLabels)
    {
        var index = entityLabels.Select((l, i) => (l, i)).ToDictionary(x => x.l, x => x.i + 1, StringComparer.Ordinal);
        return label => index.GetValueOrDefault(label);
    }

    public void Save(string directory) => _net.save(Path.Combine(directory, FileName));

    /// <summary>The scorer of a model folder whose manifest payload has one (<see cref="PayloadKey"/>), else null.</summary>
    public static PairScorer? Load(string directory, ModelManifest manifest)
    {
        if (manifest.Payload[PayloadKey] is not JObject json) return null;
        var payload = ManifestFile.As<PairScorerPayload>(json);
        var path = Path.Combine(directory, FileName);
        if (!File.Exists(path)) throw new InvalidDataException($"{directory}: the manifest has a pair scorer but its {FileName} is missing");
        Native.TorchNative.EnsureLoaded();
        var net = payload.Network();
        net.load(path);
        net.eval();
        var encoder = ContextualEncoders.Create(payload.Encoder)
                      ?? throw new InvalidDataException($"{directory}: the pair scorer names no encoder");
        if (4 * encoder.Dimension != payload.VectorWidth)
        {
            encoder.Dispose();
            throw new InvalidDataException($"{directory}: the pair scorer reads vectors of width {payload.VectorWidth / 4}, encoder {payload.Encoder} gives {encoder.Dimension}");
        }
        return new PairScorer(net, encoder, payload);
    }

    /// <summary>Releases the encoder lease (shared by copies from <see cref="WithWeight"/>: dispose only the one in use).</summary>
    public void Dispose() => _encoder.Dispose();

    /// <summary>The network's shape for rebuilding it before loading its weights.</summary>
    internal const int Buckets = DistanceBuckets;
}

/// <summary>What the manifest records of a <see cref="PairScorer"/>: its encoder, the entity labels of its label
/// embedding (index 0 is any other label), its classes (none first), its shape and the weight of its probabilities in
/// the mix with the max-ent classifier's.</summary>
public sealed record PairScorerPayload(string Encoder, string[] EntityLabels, string[] Classes, int VectorWidth, int Hidden,
    double Dropout, double Weight)
{
    internal PairScorerNet Network() =>
        new(VectorWidth, EntityLabels.Length + 1, PairScorer.Buckets, Hidden, Classes.Length, Dropout);
}
