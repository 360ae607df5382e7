namespace Nlp.Models.MaxEnt;

/// <summary>
/// Coordinated lists of mentions in one sentence: "Turks, Kurds and Khemshins", "bound for Omsk, Novosibirsk, the
/// Altai and Krasnoyarsk", "people's assessors Kovalenko and Tulegenova". A role or relation that holds for one member
/// usually holds for every member, and the annotation marks each one, but the classifiers see the far members through
/// the other members' words and miss them (issue 18: most misses on new sources are list members).
/// </summary>
/// <remarks>
/// Two neighbouring items are linked when only commas, conjunctions and a determiner lie between them ("," "and" "or"
/// "as well as" "the"), at least one of them a comma or conjunction. A chain of linked items is a list when a conjunction
/// links two of them or it has three members or more: "born in Split, Yugoslavia" (a place and where it lies) and
/// "Liberberg, the historian" (an apposition) are not lists.
/// </remarks>
public static class CoordinatedLists
{
    /// <summary>At most this many tokens between two members ("Ukraine , as well as Belorussia": 4).</summary>
    private const int MaxGap = 4;

    /// <summary>How the gap [<paramref name="from"/>, <paramref name="to"/>) links the items on either side: null
    /// when it does not, else whether a conjunction is among its words.</summary>
    public static bool? Link(DocumentView view, int from, int to)
    {
        if (to - from < 1 || to - from > MaxGap || from <= 0 || to >= view.Words.Length) return null;
        if (view.SentenceOf[from - 1] != view.SentenceOf[to]) return null;
        bool separator = false, conjunction = false;
        for (int t = from; t < to; t++)
        {
            switch (view.Words[t].ToLowerInvariant())
            {
                case ",": separator = true; break;
                case "and" or "or" or "&" or "nor": separator = conjunction = true; break;
                case "well" when t > from && t + 1 < to && view.Words[t - 1] == "as" && view.Words[t + 1] == "as":
                    separator = conjunction = true; break; // "as well as"
                case "the" or "as": break; // "the Altai"
                default: return null;
            }
        }
        return separator ? conjunction : null;
    }

    /// <summary>
    /// The lists among items of a document given as token ranges [First, End): for each item, the number of its list,
    /// or -1 when it is in none. An item is linked to the nearest following item that starts after it ends and that
    /// <paramref name="compatible"/> accepts as a member of the same list; overlapping items (an entity and the noun
    /// phrase around it) each find their own neighbours.
    /// </summary>
    public static int[] Lists(DocumentView view, IReadOnlyList<(int First, int End)> items, Func<int, int, bool> compatible)
    {
        var parent = Enumerable.Range(0, items.Count).ToArray();
        var conjunction = new bool[items.Count];
        int Find(int x) { while (parent[x] != x) x = parent[x] = parent[parent[x]]; return x; }
        for (int i = 0; i < items.Count; i++)
        {
            int next = -1;
            for (int j = 0; j < items.Count; j++)
                if (j != i && items[j].First >= items[i].End && compatible(i, j)
                    && (next < 0 || items[j].First < items[next].First || (items[j].First == items[next].First && items[j].End > items[next].End)))
                    next = j;
            if (next < 0 || Link(view, items[i].End, items[next].First) is not { } withConjunction) continue;
            int a = Find(i), b = Find(next);
            bool c = conjunction[a] || conjunction[b] || withConjunction;
            parent[a] = b;
            conjunction[b] = c;
        }
        var size = new int[items.Count];
        for (int i = 0; i < items.Count; i++) size[Find(i)]++;
        var result = new int[items.Count];
        for (int i = 0; i < items.Count; i++)
        {
            int root = Find(i);
            result[i] = size[root] >= 2 && (conjunction[root] || size[root] >= 3) ? root : -1;
        }
        return result;
    }

    /// <summary>Labels whose mentions may share a list: places of any kind ("Western Siberia and Uzbekistan"), else one label.</summary>
    public static string ListClass(string label) => label is "GPE" or "LOC" or "FAC" ? "PLACE" : label;
}
