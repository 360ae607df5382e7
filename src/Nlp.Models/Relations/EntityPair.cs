using Nlp.Core.Model;
using Nlp.Models.MaxEnt;

namespace Nlp.Models.Relations;

/// <summary>
/// Where an ordered entity pair (head, tail) sits in its sentence, as both feature sets read it: the two mentions
/// and their token ranges [first, end), which comes first, the "Head>Tail" label pair, and the gap between them.
/// </summary>
internal readonly record struct EntityPair(Entity Head, Entity Tail, int HeadFirst, int HeadEnd, int TailFirst, int TailEnd)
{
    public static EntityPair Of(DocumentView view, int head, int tail)
    {
        var (hFirst, hEnd) = view.EntityTokens[head];
        var (tFirst, tEnd) = view.EntityTokens[tail];
        return new EntityPair(view.Entities[head], view.Entities[tail], hFirst, hEnd, tFirst, tEnd);
    }

    public bool HeadBeforeTail => HeadFirst < TailFirst;
    public string Labels => Head.Label + ">" + Tail.Label;
    public string Order => HeadBeforeTail ? "HT" : "TH";
    /// <summary>The tokens strictly between the two mentions: [GapFrom, GapTo).</summary>
    public int GapFrom => HeadBeforeTail ? HeadEnd : TailEnd;
    public int GapTo => HeadBeforeTail ? TailFirst : HeadFirst;
    public int Between => Math.Max(0, GapTo - GapFrom);
}
