using static TorchSharp.torch;

namespace Nlp.Models.Tagging;

/// <summary>
/// The character CNN's output per distinct word, kept across the batches and documents a tagger reads. The CNN
/// sees one word at a time (its features do not depend on the sentence or the batch), and prose repeats its words:
/// on the benchmark corpus it ran on every token and took as much time as the BiLSTM; now it runs once per new
/// word. Holds at most <see cref="Capacity"/> words (about 30 MB per tagger), then starts afresh. Not thread-safe:
/// the tagger calls it under its lock.
/// </summary>
internal sealed class CharFeatureCache(BiLstmCrfTagger module, TaggerVocabulary vocabulary, int maxChars, int capacity = CharFeatureCache.Capacity)
{
    public const int Capacity = 100_000;
    /// <summary>Words per CNN call, so that its [words, filters, chars] intermediates stay small.</summary>
    const int WordsPerCall = 4096;

    readonly Dictionary<string, float[]> _features = new(StringComparer.Ordinal);

    public int Count => _features.Count;

    /// <summary>Char features of the sentences' tokens as a [batch, length, filters] tensor, zeros at padding
    /// positions (the LSTM never reads them: sequences are packed).</summary>
    public Tensor Gather(IReadOnlyList<TaggedSentence> sentences, int length)
    {
        var words = sentences.SelectMany(s => s.Surfaces).Distinct(StringComparer.Ordinal).ToList();
        var missing = words.Where(w => !_features.ContainsKey(w)).ToList();
        if (_features.Count + missing.Count > capacity)
        {
            // Full: start afresh with this batch's words (all of them, so that the batch finds every one).
            _features.Clear();
            missing = words;
        }
        Compute(missing);
        int filters = _features.Count > 0 ? _features.First().Value.Length : 0;
        var values = new float[sentences.Count * length * filters];
        for (int b = 0; b < sentences.Count; b++)
        {
            var surfaces = sentences[b].Surfaces;
            for (int t = 0; t < surfaces.Length; t++)
                _features[surfaces[t]].CopyTo(values, (b * length + t) * filters);
        }
        return tensor(values, [sentences.Count, length, filters]);
    }

    void Compute(List<string> words)
    {
        if (words.Count == 0) return;
        using var noGrad = no_grad();
        foreach (var chunk in words.Chunk(WordsPerCall))
        {
            using var scope = NewDisposeScope();
            int charLength = Math.Max(1, Math.Min(maxChars, chunk.Max(w => w.Length)));
            var ids = new long[chunk.Length * charLength];
            for (int i = 0; i < chunk.Length; i++)
                for (int k = 0; k < Math.Min(charLength, chunk[i].Length); k++)
                    ids[i * charLength + k] = vocabulary.CharId(chunk[i][k]);
            var features = module.CharFeatures(tensor(ids, [chunk.Length, charLength])).contiguous().data<float>().ToArray();
            int filters = features.Length / chunk.Length;
            for (int i = 0; i < chunk.Length; i++) _features[chunk[i]] = features.AsSpan(i * filters, filters).ToArray();
        }
    }
}
