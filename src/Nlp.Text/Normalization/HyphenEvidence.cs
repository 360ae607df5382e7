using System.Runtime.CompilerServices;

namespace Nlp.Text.Normalization;

/// <summary>
/// The hyphenated compounds a text contains inside its lines ("cross-border", "large-scale"): if the same two parts
/// are split across a line break elsewhere, the hyphen is real. Computed from the text alone, so the normalizer
/// (which builds it once per pass, when first needed) and <see cref="TokenText.Surface"/> (which caches it against
/// the text's string instance, see <see cref="For"/>) always see the same evidence.
/// </summary>
internal sealed class HyphenEvidence
{
    private static readonly ConditionalWeakTable<string, HyphenEvidence> Cache = new();

    private readonly HashSet<string> _compounds = new(StringComparer.OrdinalIgnoreCase);
    private readonly HashSet<string>.AlternateLookup<ReadOnlySpan<char>> _lookup;

    public HyphenEvidence(string text)
    {
        _lookup = _compounds.GetAlternateLookup<ReadOnlySpan<char>>();
        for (int h = text.AsSpan().IndexOfAny('-', '\u2010'); h >= 0; h = Next(text, h))
        {
            if (h == 0 || h + 1 >= text.Length) continue;
            if (!CharClass.IsLetter(text[h - 1]) || !CharClass.IsLetter(text[h + 1])) continue;
            var first = LineJoin.WordBefore(text, h);
            var second = LineJoin.WordAfter(text, h + 1);
            if (first.Length + second.Length > 60) continue;
            _compounds.Add(string.Concat(first, "-", second));
        }
    }

    private static int Next(string text, int h)
    {
        if (h + 1 >= text.Length) return -1;
        int found = text.AsSpan(h + 1).IndexOfAny('-', '\u2010');
        return found < 0 ? -1 : h + 1 + found;
    }

    /// <summary>
    /// The evidence of a text, cached while the string lives: <see cref="TokenText.Surface"/> is called once per
    /// token and must not rescan the document each time. (The normalizer does not use the cache: a weak table
    /// entry per document costs more than building the evidence.)
    /// </summary>
    public static HyphenEvidence For(string text) => Cache.GetValue(text, static t => new HyphenEvidence(t));

    public bool SeenHyphenated(ReadOnlySpan<char> first, ReadOnlySpan<char> second)
    {
        int length = first.Length + 1 + second.Length;
        if (length > 61 || _compounds.Count == 0) return false;
        Span<char> compound = stackalloc char[length];
        first.CopyTo(compound);
        compound[first.Length] = '-';
        second.CopyTo(compound[(first.Length + 1)..]);
        return _lookup.Contains(compound);
    }
}
