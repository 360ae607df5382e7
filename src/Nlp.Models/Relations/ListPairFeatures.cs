using Nlp.Models.MaxEnt;

namespace Nlp.Models.Relations;

/// <summary>
/// A feature set's features of a pair, plus, when one mention is a far member of a coordinated list (<see
/// cref="CoordinatedLists"/>: "the Greeks in Krasnodar krai, the Abkhaz ASSR, the Crimean ASSR and Donetsk oblast"), the
/// features of the pair with that member replaced by the list's member nearest the other mention ("the Greeks in
/// Krasnodar krai"), prefixed "L|", with the member's position in the list. A relation that holds for the nearest member
/// usually holds for all of them, but the plain features see the far members through the other members' words.
/// </summary>
public sealed class ListPairFeatures(IPairFeatures inner) : IPairFeatures
{
    public List<string> Extract(DocumentView view, int head, int tail)
    {
        var f = inner.Extract(view, head, tail);
        var lists = view.EntityLists;
        int nearTail = Nearest(view, lists, tail, head), nearHead = Nearest(view, lists, head, tail);
        if (nearTail == tail && nearHead == head) return f;
        var p = EntityPair.Of(view, head, tail);
        string po = p.Labels + "|" + p.Order;
        f.Add("L|far=" + po);
        if (nearTail != tail) f.Add("L|tailpos=" + po + "|" + Math.Min(Position(view, lists, tail, head), 4));
        if (nearHead != head) f.Add("L|headpos=" + po + "|" + Math.Min(Position(view, lists, head, tail), 4));
        foreach (var feature in inner.Extract(view, nearHead, nearTail)) f.Add("L|" + feature);
        return f;
    }

    /// <summary>The member of <paramref name="member"/>'s list nearest <paramref name="other"/> (itself when it is in no
    /// list, or when <paramref name="other"/> is in the same list).</summary>
    static int Nearest(DocumentView view, int[] lists, int member, int other)
    {
        int list = lists[member];
        if (list < 0 || lists[other] == list) return member;
        int best = member, bestGap = Gap(view, member, other);
        var (from, to) = view.EntitiesOf(view.SentenceOf[view.EntityTokens[member].First]);
        for (int e = from; e < to; e++)
            if (lists[e] == list && e != other && Gap(view, e, other) < bestGap) (best, bestGap) = (e, Gap(view, e, other));
        return best;
    }

    /// <summary>How many members of its list lie between <paramref name="member"/> and <paramref name="other"/>.</summary>
    static int Position(DocumentView view, int[] lists, int member, int other)
    {
        int n = 0, gap = Gap(view, member, other);
        var (from, to) = view.EntitiesOf(view.SentenceOf[view.EntityTokens[member].First]);
        for (int e = from; e < to; e++)
            if (e != member && lists[e] == lists[member] && Gap(view, e, other) < gap) n++;
        return n;
    }

    static int Gap(DocumentView view, int a, int b)
    {
        var (aFirst, aEnd) = view.EntityTokens[a];
        var (bFirst, bEnd) = view.EntityTokens[b];
        return aFirst < bFirst ? bFirst - aEnd : aFirst - bEnd;
    }
}
