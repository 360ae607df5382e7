using System.Numerics;

namespace Nlp.Models.Tagging;

/// <summary>Settings of <see cref="WordVectorTrainer"/>; the defaults suit a few million words of prose.</summary>
public sealed record WordVectorSettings
{
    public int Dimension { get; init; } = 50;
    /// <summary>Context words on each side (the window actually used is drawn from 1 to this, as in word2vec).</summary>
    public int Window { get; init; } = 5;
    public int Negatives { get; init; } = 5;
    /// <summary>Words seen fewer times get no vector: a handful of contexts gives noise, not meaning.</summary>
    public int MinCount { get; init; } = 5;
    /// <summary>At most this many words (the most frequent) get a vector, which bounds the shipped file.</summary>
    public int MaxWords { get; init; } = 30_000;
    public int Epochs { get; init; } = 5;
    public double LearningRate { get; init; } = 0.025;
    /// <summary>Frequent words are dropped from training contexts with a probability growing with their frequency
    /// (Mikolov et al., 2013): "the" and "," say little about their neighbours.</summary>
    public double Subsample { get; init; } = 1e-4;
    public int Seed { get; init; } = 1;

    public void Validate()
    {
        if (Dimension < 1 || Window < 1 || Negatives < 1 || MinCount < 1 || MaxWords < 1 || Epochs < 1)
            throw new ArgumentException("Dimension, window, negatives, min count, max words and epochs must all be at least 1.");
        if (!(LearningRate > 0)) throw new ArgumentException($"The learning rate must be positive, got {LearningRate}.");
        if (Subsample < 0) throw new ArgumentException($"The subsampling threshold must not be negative, got {Subsample}.");
    }
}

/// <summary>
/// Skip-gram with negative sampling (word2vec; Mikolov et al., 2013) over the <see cref="TaggerVocabulary.WordKey"/>s
/// of sentences of token surfaces. Single-threaded with one seeded random source, so the same corpus and settings
/// give the same vectors on a given machine. The output vectors are L2-normalized and scaled to unit variance per
/// component, the range the tagger's other inputs have. Each word also gets how often it is capitalized where
/// casing means something (not first in its sentence): "And" and "Composer" open sentences, but are lowercase
/// words, which a tagger reading one sentence at a time cannot otherwise know.
/// </summary>
public static class WordVectorTrainer
{
    public static WordVectors Fit(IReadOnlyList<string[]> sentences, WordVectorSettings settings, IProgress<string>? progress = null)
    {
        settings.Validate();
        var keyed = sentences.Select(s => s.Select(TaggerVocabulary.WordKey).ToArray()).ToList();
        var counts = new Dictionary<string, long>(StringComparer.Ordinal);
        var casing = new Dictionary<string, (int Capitalized, int Lower)>(StringComparer.Ordinal);
        for (int s = 0; s < keyed.Count; s++)
            for (int i = 0; i < keyed[s].Length; i++)
            {
                string word = keyed[s][i];
                counts[word] = counts.GetValueOrDefault(word) + 1;
                if (i == 0 || sentences[s][i].Length == 0 || !char.IsLetter(sentences[s][i][0])) continue;
                char first = sentences[s][i][0];
                var (capitalized, lower) = casing.GetValueOrDefault(word);
                casing[word] = char.IsUpper(first) ? (capitalized + 1, lower) : (capitalized, lower + 1);
            }
        var words = counts.Where(c => c.Value >= settings.MinCount)
            .OrderByDescending(c => c.Value).ThenBy(c => c.Key, StringComparer.Ordinal)
            .Take(settings.MaxWords).Select(c => c.Key).ToArray();
        if (words.Length < 2) throw new ArgumentException($"The corpus has {words.Length} word(s) seen at least {settings.MinCount} times; word vectors need more text.");
        var ids = new Dictionary<string, int>(words.Length, StringComparer.Ordinal);
        for (int i = 0; i < words.Length; i++) ids[words[i]] = i;
        var frequency = words.Select(w => counts[w]).ToArray();

        var corpus = keyed.Select(s => s.Select(w => ids.GetValueOrDefault(w, -1)).Where(i => i >= 0).ToArray())
            .Where(s => s.Length > 1).ToArray();
        long total = corpus.Sum(s => (long)s.Length);
        progress?.Report($"{words.Length:N0} words with vectors, {total:N0} tokens of them in {corpus.Length:N0} sentences");

        var model = new SkipGram(words.Length, settings, frequency, total);
        long done = 0, all = total * settings.Epochs;
        for (int epoch = 1; epoch <= settings.Epochs; epoch++)
        {
            foreach (var sentence in corpus)
            {
                double rate = Math.Max(settings.LearningRate * 1e-4, settings.LearningRate * (1 - (double)done / all));
                model.Train(sentence, (float)rate);
                done += sentence.Length;
            }
            progress?.Report($"epoch {epoch}/{settings.Epochs}");
        }
        // Smoothed toward one half, which is also what a word only ever seen first in its sentence gets.
        var capitalizedShare = words.Select(w => casing.GetValueOrDefault(w) is var (c, l) ? (float)((c + 0.5) / (c + l + 1.0)) : 0.5f).ToArray();
        return new WordVectors(words, model.NormalizedInputVectors(), settings.Dimension, capitalizedShare);
    }

    sealed class SkipGram
    {
        readonly int _dim, _window, _negatives;
        readonly float[] _input, _output;
        readonly float[] _keep;       // probability of keeping each word (subsampling)
        readonly int[] _noiseTable;   // unigram^0.75 noise distribution, as a lookup table
        readonly float[] _gradient;
        readonly Random _random;
        readonly List<int> _kept = new();

        public SkipGram(int vocabulary, WordVectorSettings settings, long[] frequency, long total)
        {
            _dim = settings.Dimension;
            _window = settings.Window;
            _negatives = settings.Negatives;
            _random = new Random(settings.Seed);
            _input = new float[vocabulary * _dim];
            _output = new float[vocabulary * _dim]; // zeros, as in word2vec
            for (int i = 0; i < _input.Length; i++) _input[i] = (float)((_random.NextDouble() - 0.5) / _dim);
            _gradient = new float[_dim];

            _keep = new float[vocabulary];
            for (int w = 0; w < vocabulary; w++)
            {
                double f = (double)frequency[w] / total, t = settings.Subsample;
                _keep[w] = t == 0 ? 1f : (float)Math.Min(1.0, (Math.Sqrt(f / t) + 1) * t / f);
            }

            double norm = frequency.Sum(c => Math.Pow(c, 0.75));
            _noiseTable = new int[Math.Min(10_000_000, Math.Max(1_000, vocabulary * 100))];
            int word = 0;
            double cumulative = Math.Pow(frequency[0], 0.75) / norm;
            for (int i = 0; i < _noiseTable.Length; i++)
            {
                _noiseTable[i] = word;
                if ((double)i / _noiseTable.Length > cumulative && word < vocabulary - 1)
                    cumulative += Math.Pow(frequency[++word], 0.75) / norm;
            }
        }

        public void Train(int[] sentence, float rate)
        {
            _kept.Clear();
            foreach (int w in sentence)
                if (_keep[w] >= 1f || _random.NextSingle() < _keep[w]) _kept.Add(w);
            for (int position = 0; position < _kept.Count; position++)
            {
                int reach = 1 + _random.Next(_window);
                for (int c = Math.Max(0, position - reach); c <= Math.Min(_kept.Count - 1, position + reach); c++)
                    if (c != position) Pair(_kept[position], _kept[c], rate);
            }
        }

        // One center/context pair: the context word's input vector learns to score the center word's output
        // vector high and a few noise words' low.
        void Pair(int center, int context, float rate)
        {
            var input = _input.AsSpan(context * _dim, _dim);
            Array.Clear(_gradient);
            for (int n = 0; n <= _negatives; n++)
            {
                int target = n == 0 ? center : _noiseTable[_random.Next(_noiseTable.Length)];
                if (n > 0 && target == center) continue;
                var output = _output.AsSpan(target * _dim, _dim);
                float score = Dot(input, output);
                float label = n == 0 ? 1f : 0f;
                float g = (label - Sigmoid(score)) * rate;
                AddScaled(_gradient, output, g);
                AddScaled(output, input, g);
            }
            AddScaled(input, _gradient, 1f);
        }

        public float[] NormalizedInputVectors()
        {
            var result = (float[])_input.Clone();
            float unitVariance = MathF.Sqrt(_dim);
            for (int w = 0; w < result.Length / _dim; w++)
            {
                var vector = result.AsSpan(w * _dim, _dim);
                float length = MathF.Sqrt(Dot(vector, vector));
                if (length > 0) foreach (ref float v in vector) v *= unitVariance / length;
            }
            return result;
        }

        static float Sigmoid(float x) => x > 8 ? 1f : x < -8 ? 0f : 1f / (1f + MathF.Exp(-x));

        static float Dot(ReadOnlySpan<float> a, ReadOnlySpan<float> b)
        {
            float sum = 0;
            int k = 0;
            if (Vector.IsHardwareAccelerated)
            {
                var acc = Vector<float>.Zero;
                for (; k <= a.Length - Vector<float>.Count; k += Vector<float>.Count)
                    acc += new Vector<float>(a[k..]) * new Vector<float>(b[k..]);
                sum = Vector.Dot(acc, Vector<float>.One);
            }
            for (; k < a.Length; k++) sum += a[k] * b[k];
            return sum;
        }

        static void AddScaled(Span<float> into, ReadOnlySpan<float> x, float scale)
        {
            int k = 0;
            if (Vector.IsHardwareAccelerated)
            {
                var s = new Vector<float>(scale);
                for (; k <= into.Length - Vector<float>.Count; k += Vector<float>.Count)
                    (new Vector<float>(into[k..]) + new Vector<float>(x[k..]) * s).CopyTo(into[k..]);
            }
            for (; k < into.Length; k++) into[k] += x[k] * scale;
        }
    }
}
