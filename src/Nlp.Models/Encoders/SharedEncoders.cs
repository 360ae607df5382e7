namespace Nlp.Models.Encoders;

/// <summary>
/// One encoder per name and thread count for the whole process, handed out as leases: the workers of an extraction
/// each load their own tagger, and without this each would hold its own ONNX Runtime session (weights and buffers,
/// a few hundred MB). A session runs calls from several threads at once, each on its calling thread; the last
/// lease disposed disposes the encoder. The leases of a name share one <see cref="EncodingCache"/>, so that the models of a
/// worker that read the same encoder encode each document once.
/// </summary>
internal static class SharedEncoders
{
    static readonly Dictionary<(string Name, int Threads), Entry> Entries = [];

    public static IContextualEncoder Acquire(string name, int threads, Func<IContextualEncoder> create)
    {
        lock (Entries)
        {
            if (!Entries.TryGetValue((name, threads), out var entry))
                Entries[(name, threads)] = entry = new Entry(create());
            entry.Leases++;
            return new Lease(entry, () => Release(name, threads));
        }
    }

    static void Release(string name, int threads)
    {
        lock (Entries)
        {
            var entry = Entries[(name, threads)];
            if (--entry.Leases > 0) return;
            Entries.Remove((name, threads));
            entry.Encoder.Dispose();
        }
    }

    /// <summary>Floats the cache of an encoder holds at most: 64 MB, the vectors of some forty 8 KB documents.</summary>
    internal const long CachedFloats = 16L << 20;

    sealed class Entry(IContextualEncoder encoder)
    {
        public IContextualEncoder Encoder { get; } = encoder;
        public EncodingCache Cache { get; } = new(CachedFloats);
        public int Leases { get; set; }
    }

    sealed class Lease(Entry entry, Action release) : IContextualEncoder
    {
        int _disposed;

        public string Name => entry.Encoder.Name;
        public int Dimension => entry.Encoder.Dimension;

        public IReadOnlyList<float[]> Encode(IReadOnlyList<IReadOnlyList<string>> sentences)
        {
            ObjectDisposedException.ThrowIf(_disposed != 0, this);
            return entry.Cache.GetOrAdd(sentences, entry.Encoder.Encode);
        }

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0) release();
        }
    }
}
