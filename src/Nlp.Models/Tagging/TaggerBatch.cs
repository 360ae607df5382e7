using static TorchSharp.torch;

namespace Nlp.Models.Tagging;

/// <summary>
/// Padded tensors for a minibatch of sentences. Create inside the caller's dispose scope: the tensors are
/// owned by it. Shapes: words, casings, mask and tags [batch, seq]; chars [batch, seq, chars]; lengths [batch].
/// At prediction the character CNN's output may come instead, from a <see cref="CharFeatureCache"/>:
/// char features [batch, seq, filters].
/// </summary>
public sealed class TaggerBatch
{
    TaggerBatch(Tensor words, Tensor casings, Tensor? chars, Tensor? charFeatures, Tensor features, Tensor mask, Tensor lengths, Tensor? tags, int head,
        PieceBatch? pieces)
    {
        Pieces = pieces;
        CharFeatures = charFeatures;
        Features = features;
        Head = head;
        Words = words;
        Casings = casings;
        Chars = chars;
        Mask = mask;
        Lengths = lengths;
        Tags = tags;
    }

    public Tensor Words { get; }
    public Tensor Casings { get; }
    /// <summary>Null when <see cref="CharFeatures"/> is given.</summary>
    public Tensor? Chars { get; }
    /// <summary>The character CNN's output when it was looked up rather than left to the forward pass.</summary>
    public Tensor? CharFeatures { get; }
    /// <summary>[batch, seq, <see cref="TaggerSettings.TokenFeatureWidth"/>] float.</summary>
    public Tensor Features { get; }
    /// <summary>Which output head (tag set) of the tagger the batch belongs to.</summary>
    public int Head { get; }
    public Tensor Mask { get; }
    /// <summary>int64 on the CPU, as pack_padded_sequence wants.</summary>
    public Tensor Lengths { get; }
    public Tensor? Tags { get; }
    /// <summary>The frozen encoder layers' piece states, when the tagger fine-tunes the layers above them.</summary>
    public PieceBatch? Pieces { get; }

    /// <param name="wordDropout">Probability of replacing a word id by UNK; only with a <paramref name="random"/> (training).</param>
    /// <param name="charCache">At prediction: the character CNN's output is taken from it (computed there for the
    /// words it lacks) instead of the forward pass computing it for every token.</param>
    internal static TaggerBatch Create(IReadOnlyList<TaggedSentence> sentences, TaggerVocabulary vocabulary, int maxChars,
        Random? random = null, double wordDropout = 0, int head = 0, CharFeatureCache? charCache = null)
    {
        if (sentences.Count == 0 || sentences.Any(s => s.Length == 0))
            throw new ArgumentException("A batch needs at least one sentence, each with at least one token.", nameof(sentences));
        int width = sentences[0].Features.Length / sentences[0].Length;
        if (sentences.Any(s => s.Features.Length != s.Length * width))
            throw new ArgumentException("The sentences of a batch must have the same number of features per token.", nameof(sentences));
        int batch = sentences.Count;
        int length = sentences.Max(s => s.Length);
        int charLength = charCache is not null ? 0 : Math.Max(1, Math.Min(maxChars, sentences.SelectMany(s => s.Surfaces).Max(w => w.Length)));
        bool tagged = sentences.All(s => s.TagIds is not null);

        var words = new long[batch * length];
        var casings = new long[batch * length];
        var features = new float[batch * length * width];
        var chars = new long[batch * length * charLength];
        var mask = new bool[batch * length];
        var lengths = new long[batch];
        var tags = new long[batch * length];
        for (int b = 0; b < batch; b++)
        {
            var sentence = sentences[b];
            lengths[b] = sentence.Length;
            for (int t = 0; t < sentence.Length; t++)
            {
                int at = b * length + t;
                string surface = sentence.Surfaces[t];
                bool drop = random is not null && wordDropout > 0 && random.NextDouble() < wordDropout;
                words[at] = drop ? TaggerVocabulary.UnknownId : vocabulary.WordId(surface);
                casings[at] = (long)TokenCasings.Of(surface);
                mask[at] = true;
                if (tagged) tags[at] = sentence.TagIds![t];
                Array.Copy(sentence.Features, t * width, features, at * width, width);
                for (int k = 0; k < Math.Min(charLength, surface.Length); k++)
                    chars[at * charLength + k] = vocabulary.CharId(surface[k]);
            }
        }
        return new TaggerBatch(
            tensor(words, [batch, length]),
            tensor(casings, [batch, length]),
            charCache is null ? tensor(chars, [batch, length, charLength]) : null,
            charCache?.Gather(sentences, length),
            tensor(features, [batch, length, width]),
            tensor(mask, [batch, length]),
            tensor(lengths, [batch]),
            tagged ? tensor(tags, [batch, length]) : null,
            head,
            sentences[0].Pieces is null ? null : PieceBatch.Create(sentences, length));
    }
}
