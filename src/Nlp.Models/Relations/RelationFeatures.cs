using Nlp.Models.MaxEnt;

namespace Nlp.Models.Relations;

/// <summary>
/// The features of an ordered entity pair (head, tail) in one sentence: both labels, their order and distance, the
/// words between them (as words and lemmas, first and last singled out, WordNet verb classes), the words just
/// outside the pair, the head and tail words, and how many entities lie between. Feature set 1: models trained
/// before <see cref="PairContextFeatures"/> keep predicting with it.
/// </summary>
public sealed class RelationFeatures(Lexicon lexicon) : IPairFeatures
{
    public List<string> Extract(DocumentView view, int head, int tail)
    {
        var f = new List<string>(64);
        var p = EntityPair.Of(view, head, tail);
        var (h, t, hFirst, hEnd, tFirst, tEnd) = p;
        bool headFirst = p.HeadBeforeTail;
        string pair = p.Labels, order = p.Order;
        int from = p.GapFrom, to = p.GapTo, between = p.Between;
        f.Add("pair=" + pair);
        f.Add("pair|ord=" + pair + "|" + order);
        f.Add("pair|ord|dist=" + pair + "|" + order + "|" + WordClasses.DistanceBucket(between));
        f.Add("hw=" + Last(view, hFirst, hEnd));
        f.Add("tw=" + Last(view, tFirst, tEnd));
        f.Add("ord|hw=" + order + "|" + Last(view, hFirst, hEnd));
        f.Add("ord|tw=" + order + "|" + Last(view, tFirst, tEnd));
        int ents = 0;
        if (between <= 12)
        {
            var lemmas = new List<string>();
            for (int u = from; u < to; u++)
            {
                var w = view.Words[u].ToLowerInvariant();
                var info = lexicon.Analyze(w);
                lemmas.Add(info.Lemma);
                f.Add("btw=" + info.Lemma);
                f.Add("ord|btw=" + order + "|" + info.Lemma);
                if (info.IsVerb && !WordClasses.FunctionWords.Contains(w)) f.Add("btwvc=" + info.VerbClass);
                if (view.EntityAt[u] >= 0 && (u == from || view.EntityAt[u] != view.EntityAt[u - 1])) ents++;
            }
            if (lemmas.Count > 0)
            {
                f.Add("ord|first=" + order + "|" + lemmas[0]);
                f.Add("ord|last=" + order + "|" + lemmas[^1]);
                f.Add("pair|first=" + pair + "|" + lemmas[0]);
                if (lemmas.Count <= 4) f.Add("pair|ord|btwall=" + pair + "|" + order + "|" + string.Join('_', lemmas));
                for (int i = 0; i + 1 < lemmas.Count; i++) f.Add("btw2=" + lemmas[i] + "_" + lemmas[i + 1]);
            }
            else f.Add("pair|adjacent=" + pair + "|" + order);
        }
        else f.Add("far");
        f.Add("entsbtw=" + Math.Min(ents, 3));
        int left = headFirst ? hFirst : tFirst, right = headFirst ? tEnd : hEnd;
        f.Add("before=" + view.Word(left - 1).ToLowerInvariant());
        f.Add("before2=" + view.Word(left - 2).ToLowerInvariant());
        f.Add("after=" + view.Word(right).ToLowerInvariant());
        f.Add("after2=" + view.Word(right + 1).ToLowerInvariant());
        return f;
    }

    private string Last(DocumentView view, int first, int end) => end > first ? lexicon.Analyze(view.Words[end - 1]).Lemma : "";
}
