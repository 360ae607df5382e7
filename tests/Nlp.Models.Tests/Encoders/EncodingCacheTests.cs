using Nlp.Models.Encoders;

namespace Nlp.Models.Tests.Encoders;

public class EncodingCacheTests
{
    int _calls;

    IReadOnlyList<float[]> Encode(IReadOnlyList<IReadOnlyList<string>> question)
    {
        _calls++;
        return question.Select(s => s.Select(w => (float)w.Length).ToArray()).ToList();
    }

    static IReadOnlyList<IReadOnlyList<string>> Q(params string[][] sentences) => sentences;

    [Fact]
    public void The_same_sentences_asked_again_are_answered_without_the_encoder()
    {
        var cache = new EncodingCache(1000);
        var first = cache.GetOrAdd(Q(["Koreans", "were", "deported"], ["."]), Encode);
        // A new list with equal tokens (as the event model builds it after the tagger) is the same question.
        var again = cache.GetOrAdd(Q(["Koreans", "were", "deported"], ["."]), Encode);
        Assert.Equal(1, _calls);
        Assert.Same(first, again);
        // Another grouping of the same tokens is another question: with int8 weights its answer may differ.
        cache.GetOrAdd(Q(["Koreans", "were", "deported", "."]), Encode);
        cache.GetOrAdd(Q(["Koreans", "were", "Deported"], ["."]), Encode);
        Assert.Equal(3, _calls);
        Assert.Equal((1, 3), (cache.Hits, cache.Misses));
    }

    [Fact]
    public void The_least_recently_used_answer_goes_when_the_budget_is_full()
    {
        var cache = new EncodingCache(maxFloats: 4);
        cache.GetOrAdd(Q(["a", "b"]), Encode);     // 2 floats
        cache.GetOrAdd(Q(["c", "d"]), Encode);     // 4
        cache.GetOrAdd(Q(["a", "b"]), Encode);     // hit: now the most recent
        cache.GetOrAdd(Q(["e"]), Encode);          // 5 > 4: [c d] goes
        Assert.Equal(3, _calls);
        cache.GetOrAdd(Q(["a", "b"]), Encode);
        Assert.Equal(3, _calls);
        cache.GetOrAdd(Q(["c", "d"]), Encode);
        Assert.Equal(4, _calls);
        // An answer larger than the budget is returned, not kept.
        cache.GetOrAdd(Q(["x", "y", "z", "w", "v"]), Encode);
        cache.GetOrAdd(Q(["x", "y", "z", "w", "v"]), Encode);
        Assert.Equal(6, _calls);
    }
}

/// <summary>The tagger and the accurate event model of a worker put the same question to their shared encoder.</summary>
public class SharedEncodingTests
{
    sealed class CountingEncoder : IContextualEncoder
    {
        public int Calls;
        public string Name => "counting";
        public int Dimension => 3;
        public IReadOnlyList<float[]> Encode(IReadOnlyList<IReadOnlyList<string>> sentences)
        {
            Calls++;
            return sentences.Select(s => s.SelectMany(w => new float[] { w.Length, 1, 2 }).ToArray()).ToList();
        }
        public void Dispose() { }
    }

    [Fact]
    public void The_event_model_reads_the_vectors_the_tagger_made_without_encoding_again()
    {
        var counting = new CountingEncoder();
        string name = "counting-" + Guid.NewGuid().ToString("N");
        using var forTagger = SharedEncoders.Acquire(name, 1, () => counting);
        using var forEvents = SharedEncoders.Acquire(name, 1, () => counting);
        var doc = Nlp.Models.Tests.MaxEnt.TinyCorpus.Parse("d", "In [[1944|DATE]] the [[Chechens|NORP]] were {{deported|DEPORT}}. They went east.");

        var sentences = Nlp.Models.Tagging.TaggedSentence.Untagged(doc, new Nlp.Models.Tagging.TaggerLexicons(null, null, forTagger));
        var vectors = DocumentEncoding.TokenVectors(forEvents, doc);

        Assert.Equal(1, counting.Calls);
        Assert.Equal(2, sentences.Count);
        Assert.Equal(doc.Tokens!.Value.Length * 3, vectors.Length);
        // Token t's vector is its surface's length in the first column.
        for (int t = 0; t < doc.Tokens!.Value.Length; t++)
            Assert.Equal(doc.TextOf(doc.Tokens!.Value[t]).Length, vectors[t * 3]);
    }
}
