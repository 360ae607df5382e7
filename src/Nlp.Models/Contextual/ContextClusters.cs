using System.IO.Compression;
using System.Numerics.Tensors;

namespace Nlp.Models.Contextual;

/// <summary>
/// K-means codebooks over an encoder's token vectors, at a few sizes (coarse to fine): each token in context gets
/// the number of its nearest centroid at each size. The max-ent event and relation models read these numbers as
/// sparse features ("a word used like these"), the way they read WordNet classes: the encoder's knowledge of English
/// reaches them without dense weights, and "deported" and "banished" in like contexts share a cluster even when only
/// one was in the training data.
/// </summary>
public sealed class ContextClusters
{
    public const string FileName = "context-clusters.bin.gz";
    const int Magic = 0x43_43_4C_31; // "CCL1"

    readonly float[][] _centroids; // per size: [k * Dimension]
    readonly float[][] _halfNorms; // per size: |c|² / 2, for the nearest centroid by dot product

    ContextClusters(int dimension, float[][] centroids)
    {
        Dimension = dimension;
        _centroids = centroids;
        Sizes = centroids.Select(c => c.Length / dimension).ToArray();
        _halfNorms = centroids.Select((c, i) => Enumerable.Range(0, Sizes[i])
            .Select(k => TensorPrimitives.Dot<float>(c.AsSpan(k * dimension, dimension), c.AsSpan(k * dimension, dimension)) / 2).ToArray()).ToArray();
    }

    public int Dimension { get; }

    /// <summary>The number of clusters of each codebook, coarse first.</summary>
    public IReadOnlyList<int> Sizes { get; }

    /// <summary>The nearest centroid of <paramref name="vector"/> in codebook <paramref name="level"/>.</summary>
    public int Nearest(int level, ReadOnlySpan<float> vector)
    {
        var centroids = _centroids[level];
        var halfNorms = _halfNorms[level];
        int best = 0;
        float bestScore = float.NegativeInfinity;
        // argmin |v - c|² = argmax (v·c - |c|²/2)
        for (int k = 0; k < halfNorms.Length; k++)
        {
            float score = TensorPrimitives.Dot(vector, centroids.AsSpan(k * Dimension, Dimension)) - halfNorms[k];
            if (score > bestScore) { bestScore = score; best = k; }
        }
        return best;
    }

    /// <summary>
    /// Fits one codebook per size by k-means (k-means++ seeding, Lloyd iterations) on at most
    /// <paramref name="maxVectors"/> of the given vectors, sampled with the seed: deterministic for a seed.
    /// </summary>
    public static ContextClusters Fit(IReadOnlyList<float[]> vectors, int dimension, IReadOnlyList<int> sizes, int seed,
        int maxVectors = 30_000, int iterations = 12, Action<string>? progress = null)
    {
        if (vectors.Count == 0) throw new ArgumentException("no vectors to cluster");
        var rng = new Random(seed);
        var sample = vectors.Count <= maxVectors ? vectors.ToList()
            : vectors.Select((v, i) => (v, key: rng.NextDouble())).OrderBy(p => p.key).Take(maxVectors).Select(p => p.v).ToList();
        var books = new float[sizes.Count][];
        for (int level = 0; level < sizes.Count; level++)
        {
            int k = Math.Min(sizes[level], sample.Count);
            books[level] = KMeans(sample, dimension, k, new Random(seed + level), iterations);
            progress?.Invoke($"context clusters: {k} centroids fitted on {sample.Count} token vectors");
        }
        return new ContextClusters(dimension, books);
    }

    static float[] KMeans(List<float[]> points, int dim, int k, Random rng, int iterations)
    {
        var centroids = new float[k * dim];
        // k-means++: each next centroid drawn with probability proportional to its squared distance to the nearest.
        var nearest = new float[points.Count];
        Array.Fill(nearest, float.PositiveInfinity);
        int first = rng.Next(points.Count);
        points[first].CopyTo(centroids, 0);
        for (int c = 1; c < k; c++)
        {
            var last = centroids.AsSpan((c - 1) * dim, dim);
            double total = 0;
            for (int p = 0; p < points.Count; p++)
            {
                float d = TensorPrimitives.Distance<float>(points[p], last);
                nearest[p] = Math.Min(nearest[p], d * d);
                total += nearest[p];
            }
            double r = rng.NextDouble() * total;
            int pick = points.Count - 1;
            for (int p = 0; p < points.Count; p++) { r -= nearest[p]; if (r <= 0) { pick = p; break; } }
            points[pick].CopyTo(centroids, c * dim);
        }
        var assignment = new int[points.Count];
        var sums = new double[k * dim];
        var counts = new int[k];
        for (int it = 0; it < iterations; it++)
        {
            var book = new ContextClusters(dim, [centroids]);
            int moved = 0;
            for (int p = 0; p < points.Count; p++)
            {
                int a = book.Nearest(0, points[p]);
                if (a != assignment[p] || it == 0) moved++;
                assignment[p] = a;
            }
            Array.Clear(sums);
            Array.Clear(counts);
            for (int p = 0; p < points.Count; p++)
            {
                int a = assignment[p];
                counts[a]++;
                for (int d = 0; d < dim; d++) sums[a * dim + d] += points[p][d];
            }
            for (int c = 0; c < k; c++)
                if (counts[c] > 0) // an emptied cluster keeps its centroid
                    for (int d = 0; d < dim; d++) centroids[c * dim + d] = (float)(sums[c * dim + d] / counts[c]);
            if (it > 0 && moved == 0) break;
        }
        return centroids;
    }

    public void Save(string path)
    {
        using var file = File.Create(path);
        using var gz = new GZipStream(file, CompressionLevel.SmallestSize);
        using var w = new BinaryWriter(gz);
        w.Write(Magic);
        w.Write(Dimension);
        w.Write(_centroids.Length);
        foreach (var book in _centroids)
        {
            w.Write(book.Length / Dimension);
            // Half precision: the nearest centroid barely changes, and the file is half the size.
            foreach (var v in book) w.Write((Half)v);
        }
    }

    public static ContextClusters Load(string path)
    {
        try { return Read(path); }
        catch (Exception e) when (e is EndOfStreamException or InvalidDataException && !e.Message.StartsWith(path, StringComparison.Ordinal))
        {
            throw new InvalidDataException($"{path}: not a readable context-cluster file ({e.Message})", e);
        }
    }

    static ContextClusters Read(string path)
    {
        using var file = File.OpenRead(path);
        using var gz = new GZipStream(file, CompressionMode.Decompress);
        using var r = new BinaryReader(gz);
        if (r.ReadInt32() != Magic) throw new InvalidDataException($"{path}: not a context-cluster file");
        int dim = r.ReadInt32(), levels = r.ReadInt32();
        var books = new float[levels][];
        for (int l = 0; l < levels; l++)
        {
            int k = r.ReadInt32();
            books[l] = new float[k * dim];
            for (int i = 0; i < books[l].Length; i++) books[l][i] = (float)r.ReadHalf();
        }
        return new ContextClusters(dim, books);
    }

    /// <summary>The codebooks as saved (half precision), so that a fitted model predicts what the loaded one will.</summary>
    public ContextClusters RoundTripped() =>
        new(Dimension, _centroids.Select(b => b.Select(v => (float)(Half)v).ToArray()).ToArray());
}
