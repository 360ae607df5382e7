namespace Nlp.Models.Encoders;

/// <summary>
/// The encoder's latest answers, by question: the tagger of a worker encodes a document, then its event and relation
/// models ask the same (<see cref="DocumentEncoding"/>) and are answered from here instead of running the encoder
/// again. A question is the whole list of sentences of one call, compared token by token, and the encoder's answer
/// depends on nothing else (with int8 weights the activations are scaled per call, so an answer for the same
/// sentences asked in another grouping could differ slightly: those are simply not hits), so a hit returns exactly
/// what a fresh call would. Bounded by the number of floats held; the least recently used answer goes first.
/// The answers are shared: callers must not write into them.
/// </summary>
internal sealed class EncodingCache(long maxFloats)
{
    readonly LinkedList<(IReadOnlyList<IReadOnlyList<string>> Question, IReadOnlyList<float[]> Answer, long Floats)> _entries = new();
    long _floats;

    public int Hits { get; private set; }
    public int Misses { get; private set; }

    public IReadOnlyList<float[]> GetOrAdd(IReadOnlyList<IReadOnlyList<string>> question, Func<IReadOnlyList<IReadOnlyList<string>>, IReadOnlyList<float[]> > encode)
    {
        lock (_entries)
        {
            for (var node = _entries.First; node is not null; node = node.Next)
            {
                if (!Same(node.Value.Question, question)) continue;
                _entries.Remove(node);
                _entries.AddFirst(node);
                Hits++;
                return node.Value.Answer;
            }
            Misses++;
        }
        // Encoded outside the lock: workers encode their documents at the same time.
        var answer = encode(question);
        long floats = answer.Sum(a => (long)a.Length);
        if (floats > maxFloats) return answer;
        var copy = question.Select(s => (IReadOnlyList<string>)s.ToArray()).ToList();
        lock (_entries)
        {
            _entries.AddFirst((copy, answer, floats));
            _floats += floats;
            while (_floats > maxFloats && _entries.Last is { } last)
            {
                _floats -= last.Value.Floats;
                _entries.RemoveLast();
            }
        }
        return answer;
    }

    static bool Same(IReadOnlyList<IReadOnlyList<string>> a, IReadOnlyList<IReadOnlyList<string>> b)
    {
        if (a.Count != b.Count) return false;
        for (int s = 0; s < a.Count; s++)
        {
            if (a[s].Count != b[s].Count) return false;
            for (int t = 0; t < a[s].Count; t++)
                if (!string.Equals(a[s][t], b[s][t], StringComparison.Ordinal)) return false;
        }
        return true;
    }
}
