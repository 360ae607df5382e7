using System.IO.Compression;
using System.Text;

namespace Nlp.Models.Tagging;

/// <summary>
/// Frozen word vectors learned from unlabeled prose (<see cref="WordVectorTrainer"/>), read by the tagger as
/// per-token features. The tagger's own embeddings only know the few thousand words of its labelled training
/// data; these know tens of thousands more, so a word the tagger never saw labelled ("composer", "brigade",
/// "fleet"; not one as rare as "Bezirksparkasse") still arrives with what it resembles, and with how often it is
/// capitalized mid-sentence in that prose. Keys are <see cref="TaggerVocabulary.WordKey"/>s. Stored as 8-bit
/// values with one scale per word, which keeps the file small enough to ship inside a model folder.
/// </summary>
public sealed class WordVectors
{
    public const string FileName = "word-vectors.bin.gz";
    const string Magic = "nlp-word-vectors 1";

    readonly Dictionary<string, int> _index;
    readonly float[] _values; // [words * Dimension], already scaled as features
    readonly float[] _capitalizedShare;

    /// <param name="capitalizedShare">Per word, the share of its mid-sentence occurrences that are capitalized
    /// (0 to 1; null: 0.5 for all, no evidence either way).</param>
    public WordVectors(IReadOnlyList<string> words, float[] values, int dimension, float[]? capitalizedShare = null)
    {
        if (dimension < 1) throw new ArgumentException($"The dimension must be at least 1, got {dimension}.", nameof(dimension));
        if (values.Length != words.Count * dimension)
            throw new ArgumentException($"Expected {words.Count} x {dimension} values, got {values.Length}.", nameof(values));
        if (capitalizedShare is not null && capitalizedShare.Length != words.Count)
            throw new ArgumentException($"Expected {words.Count} capitalized shares, got {capitalizedShare.Length}.", nameof(capitalizedShare));
        Dimension = dimension;
        Words = words;
        // Held exactly as the file stores them, so a tagger trained on these vectors and the same tagger loaded
        // from disk see the same inputs.
        _values = new float[values.Length];
        var bytes = new sbyte[dimension];
        for (int w = 0; w < words.Count; w++)
        {
            var vector = values.AsSpan(w * dimension, dimension);
            float scale = Quantize(vector, bytes);
            for (int k = 0; k < dimension; k++) _values[w * dimension + k] = bytes[k] * scale;
        }
        _capitalizedShare = (capitalizedShare ?? Enumerable.Repeat(0.5f, words.Count).ToArray())
            .Select(s => MathF.Round(Math.Clamp(s, 0f, 1f) * 255) / 255f).ToArray();
        _index = new Dictionary<string, int>(words.Count, StringComparer.Ordinal);
        for (int i = 0; i < words.Count; i++)
            if (!_index.TryAdd(words[i], i)) throw new ArgumentException($"The word \"{words[i]}\" is listed twice.", nameof(words));
    }

    public int Dimension { get; }
    public IReadOnlyList<string> Words { get; }
    public int Count => Words.Count;

    /// <summary>The vector's values, a column that says whether the word has a vector at all, and its capitalized share.</summary>
    public int FeatureCount => Dimension + 2;

    public ReadOnlySpan<float> Vector(string surface) =>
        _index.TryGetValue(TaggerVocabulary.WordKey(surface), out int i) ? _values.AsSpan(i * Dimension, Dimension) : default;

    /// <summary>How often the word is capitalized mid-sentence in the prose it was learned from; null when it has no vector.</summary>
    public float? CapitalizedShare(string surface) =>
        _index.TryGetValue(TaggerVocabulary.WordKey(surface), out int i) ? _capitalizedShare[i] : null;

    /// <summary>Writes token t's features at <c>offset + t * stride</c>; a word without a vector leaves zeros.</summary>
    public void Features(IReadOnlyList<string> surfaces, float[] into, int offset, int stride)
    {
        for (int t = 0; t < surfaces.Count; t++)
        {
            if (!_index.TryGetValue(TaggerVocabulary.WordKey(surfaces[t]), out int i)) continue;
            int at = offset + t * stride;
            _values.AsSpan(i * Dimension, Dimension).CopyTo(into.AsSpan(at, Dimension));
            into[at + Dimension] = 1;
            into[at + Dimension + 1] = _capitalizedShare[i];
        }
    }

    /// <summary>
    /// Gzipped: a header, then per word its key, a scale, <see cref="Dimension"/> signed bytes (value = byte x
    /// scale) and its capitalized share in 1/255ths. Written in the given word order, so the same vectors give the
    /// same bytes.
    /// </summary>
    public void Save(string path)
    {
        using var file = File.Create(path);
        using var gzip = new GZipStream(file, CompressionLevel.SmallestSize);
        using var writer = new BinaryWriter(gzip, new UTF8Encoding(false));
        writer.Write(Magic);
        writer.Write(Dimension);
        writer.Write(Count);
        var bytes = new sbyte[Dimension];
        for (int w = 0; w < Count; w++)
        {
            float scale = Quantize(_values.AsSpan(w * Dimension, Dimension), bytes);
            writer.Write(Words[w]);
            writer.Write(scale);
            foreach (sbyte b in bytes) writer.Write(b);
            writer.Write((byte)MathF.Round(_capitalizedShare[w] * 255));
        }
    }

    /// <summary>One word's vector as signed bytes and the scale that multiplies them back.</summary>
    static float Quantize(ReadOnlySpan<float> vector, sbyte[] bytes)
    {
        float max = 0;
        foreach (float v in vector) max = Math.Max(max, Math.Abs(v));
        float scale = max > 0 ? max / 127f : 1f;
        for (int k = 0; k < vector.Length; k++) bytes[k] = (sbyte)Math.Clamp(MathF.Round(vector[k] / scale), -127, 127);
        return scale;
    }

    public static WordVectors Load(string path)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"{path}: word vector file not found", path);
        try
        {
            using var gzip = new GZipStream(File.OpenRead(path), CompressionMode.Decompress);
            using var reader = new BinaryReader(gzip, Encoding.UTF8);
            if (reader.ReadString() != Magic) throw new InvalidDataException($"{path}: not a word vector file (no \"{Magic}\" header)");
            int dimension = reader.ReadInt32(), count = reader.ReadInt32();
            if (dimension is < 1 or > 4096 || count is < 0 or > 10_000_000)
                throw new InvalidDataException($"{path}: implausible header ({count} words of dimension {dimension})");
            var words = new string[count];
            var values = new float[count * dimension];
            var capitalizedShare = new float[count];
            for (int w = 0; w < count; w++)
            {
                words[w] = reader.ReadString();
                float scale = reader.ReadSingle();
                var bytes = reader.ReadBytes(dimension);
                if (bytes.Length != dimension) throw new EndOfStreamException();
                for (int k = 0; k < dimension; k++) values[w * dimension + k] = (sbyte)bytes[k] * scale;
                capitalizedShare[w] = reader.ReadByte() / 255f;
            }
            return new WordVectors(words, values, dimension, capitalizedShare);
        }
        catch (Exception e) when (e is EndOfStreamException || (e is InvalidDataException && !e.Message.StartsWith(path, StringComparison.Ordinal)))
        {
            throw new InvalidDataException($"{path}: the word vector file is cut short or damaged ({e.Message})", e);
        }
    }
}
