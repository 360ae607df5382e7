using Nlp.Core.Model;

namespace Nlp.Rules;

/// <summary>
/// Non-overlapping, non-empty spans kept sorted by start (hence also by end), so whether a span overlaps any of
/// them is one binary search: only the last span starting before the query's end can reach past its start. The
/// recognizer used to test every candidate against every chosen span and every citation number, quadratic in
/// the mentions of a long document.
/// </summary>
internal sealed class DisjointSpans
{
    private readonly List<Span> _spans = [];

    /// <summary>The union of possibly overlapping non-empty spans: a non-empty span overlaps the union exactly when it overlaps one of them.</summary>
    public static DisjointSpans Union(List<Span> spans)
    {
        spans.Sort((a, b) => a.Start.CompareTo(b.Start));
        var result = new DisjointSpans();
        foreach (var s in spans)
        {
            if (s.IsEmpty) throw new ArgumentException("empty span in a union", nameof(spans));
            // Touching spans merge too: [a,b) and [b,c) cover the same offsets as [a,c).
            if (result._spans.Count > 0 && s.Start <= result._spans[^1].End)
                result._spans[^1] = new Span(result._spans[^1].Start, Math.Max(result._spans[^1].End, s.End));
            else result._spans.Add(s);
        }
        return result;
    }

    /// <summary>Whether the non-empty span overlaps one of the spans (<see cref="Span.Overlaps"/>).</summary>
    public bool Overlaps(Span s)
    {
        int i = LastStartingBefore(s.End);
        return i >= 0 && _spans[i].End > s.Start;
    }

    /// <summary>Adds the non-empty span unless it overlaps one already here; says whether it was added.</summary>
    public bool TryAdd(Span s)
    {
        int i = LastStartingBefore(s.End);
        if (i >= 0 && _spans[i].End > s.Start) return false;
        _spans.Insert(i + 1, s);
        return true;
    }

    /// <summary>Index of the last span whose start is before <paramref name="end"/>, or -1.</summary>
    private int LastStartingBefore(int end)
    {
        int lo = 0, hi = _spans.Count - 1, found = -1;
        while (lo <= hi)
        {
            int mid = (lo + hi) >>> 1;
            if (_spans[mid].Start < end) { found = mid; lo = mid + 1; }
            else hi = mid - 1;
        }
        return found;
    }
}
