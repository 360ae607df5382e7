using Nlp.Core.Model;

namespace Nlp.Rules;

/// <summary>
/// Spans (possibly overlapping, possibly empty) sorted by start, with the largest end so far, so the spans that
/// overlap a query are found by one binary search and a walk over the spans that start before the query ends and
/// could still reach into it. The numbers stage used to test every rule mention against every entity, quadratic
/// in the mentions of a long document.
/// </summary>
internal sealed class SpanIndex<T>
{
    private readonly (Span Span, T Item)[] _items;
    private readonly int[] _maxEnd; // _maxEnd[i]: the largest end among _items[0..i]

    public SpanIndex(IEnumerable<T> items, Func<T, Span> span)
    {
        _items = items.Select(i => (span(i), i)).OrderBy(x => x.Item1.Start).ToArray();
        _maxEnd = new int[_items.Length];
        for (int i = 0; i < _items.Length; i++) _maxEnd[i] = Math.Max(i > 0 ? _maxEnd[i - 1] : int.MinValue, _items[i].Span.End);
    }

    /// <summary>The items whose span <see cref="Span.Overlaps"/> the query.</summary>
    public IEnumerable<T> Overlapping(Span query)
    {
        int lo = 0, hi = _items.Length; // first item starting at or after query.End
        while (lo < hi)
        {
            int mid = (lo + hi) / 2;
            if (_items[mid].Span.Start < query.End) lo = mid + 1;
            else hi = mid;
        }
        for (int i = lo - 1; i >= 0 && _maxEnd[i] > query.Start; i--)
            if (_items[i].Span.Overlaps(query)) yield return _items[i].Item;
    }

    public bool AnyOverlapping(Span query) => Overlapping(query).Any();
}
