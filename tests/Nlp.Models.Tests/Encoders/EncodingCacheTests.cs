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
