using System.Text;
using Nlp.Models.MaxEnt;

namespace Nlp.Models.Relations;

/// <summary>
/// Feature set 2 of an ordered entity pair (head, tail) in one sentence. Most features are conjoined with the pair's
/// labels and order ("Peop>Loc|HT"), because the same word means different things for different pairs ("in" links
/// a person to where he lives, but an organization to its seat). What it looks at: the words of both mentions and
/// the words right around each; the words between as lemmas, verbs with their WordNet classes and hypernyms
/// ("assassinate" → "kill"), the first and last ones, bigrams, and a compact pattern of the span with other entities
/// replaced by their labels ("of &lt;Org&gt; in"); a bag of three words before and after the pair; distance, the
/// entities between, whether the partner is the nearest mention of its label, and how many mentions of each of the
/// two labels the sentence has.
/// </summary>
public sealed class PairContextFeatures(Lexicon lexicon) : IPairFeatures
{
    /// <summary>Beyond this many tokens apart, the words between are left out (they are rarely about the pair).</summary>
    private const int MaxBetween = 15;
    private const int MaxPattern = 7;

    public List<string> Extract(DocumentView view, int head, int tail)
    {
        var f = new List<string>(160);
        var p = EntityPair.Of(view, head, tail);
        var (h, t, hFirst, hEnd, tFirst, tEnd) = p;
        bool headFirst = p.HeadBeforeTail;
        string pair = p.Labels, order = p.Order;
        string po = pair + "|" + order;
        int from = p.GapFrom, to = p.GapTo, between = p.Between;
        var (sFirst, sEnd) = view.SentenceTokens[view.SentenceOf[hFirst]];

        f.Add("pair=" + pair);
        f.Add("po=" + po);
        f.Add("po|dist=" + po + "|" + WordClasses.DistanceBucket(between));
        MentionFeatures(view, f, "h", hFirst, hEnd, po);
        MentionFeatures(view, f, "t", tFirst, tEnd, po);
        f.Add("ord|hlast=" + order + "|" + Lemma(view, hEnd - 1));
        f.Add("ord|tlast=" + order + "|" + Lemma(view, tEnd - 1));
        f.Add("po|hl|tl=" + po + "|" + Lemma(view, hEnd - 1) + "|" + Lemma(view, tEnd - 1));

        if (between <= MaxBetween) BetweenFeatures(view, f, from, to, po, order);
        else f.Add("po|far=" + po);

        // The bag of words around the pair, and the nearest ones by position.
        int left = headFirst ? hFirst : tFirst, right = headFirst ? tEnd : hEnd;
        for (int k = 1; k <= 3; k++)
        {
            if (left - k >= sFirst) f.Add("bb=" + Lemma(view, left - k));
            if (right + k - 1 < sEnd) f.Add("ab=" + Lemma(view, right + k - 1));
        }
        f.Add("po|b1=" + po + "|" + Edge(view, left - 1, sFirst, sEnd));
        f.Add("po|a1=" + po + "|" + Edge(view, right, sFirst, sEnd));
        f.Add("b2b1=" + Edge(view, left - 2, sFirst, sEnd) + "_" + Edge(view, left - 1, sFirst, sEnd));

        Nearest(view, f, head, tail, po, sFirst, sEnd);
        return f;
    }

    /// <summary>The mention's own words and last lemma, and the words just before and after it ("President X", "X 's").</summary>
    private void MentionFeatures(DocumentView view, List<string> f, string role, int first, int end, string po)
    {
        for (int u = first; u < end; u++) f.Add(role + "w=" + view.Words[u].ToLowerInvariant());
        f.Add(role + "last=" + Lemma(view, end - 1));
        var (sFirst, sEnd) = view.SentenceTokens[view.SentenceOf[first]];
        string prev = Edge(view, first - 1, sFirst, sEnd), next = Edge(view, end, sFirst, sEnd);
        f.Add("po|" + role + "prev=" + po + "|" + prev);
        f.Add("po|" + role + "next=" + po + "|" + next);
        f.Add(role + "prev=" + prev);
        f.Add(role + "next=" + next);
    }

    private void BetweenFeatures(DocumentView view, List<string> f, int from, int to, string po, string order)
    {
        if (to <= from)
        {
            f.Add("po|adjacent=" + po);
            return;
        }
        var lemmas = new List<string>(to - from);
        var pattern = new StringBuilder();
        int symbols = 0, entities = 0;
        bool verb = false;
        for (int u = from; u < to; u++)
        {
            var word = view.Words[u];
            var lower = word.ToLowerInvariant();
            var info = lexicon.Analyze(lower);
            lemmas.Add(info.Lemma);
            f.Add("b=" + info.Lemma);
            f.Add("po|b=" + po + "|" + info.Lemma);
            f.Add("ord|b=" + order + "|" + info.Lemma);
            int e = view.EntityAt[u];
            if (e >= 0)
            {
                if (u == from || view.EntityAt[u - 1] != e)
                {
                    entities++;
                    f.Add("po|bent=" + po + "|" + view.Entities[e].Label);
                    Append(pattern, "<" + view.Entities[e].Label + ">");
                    symbols++;
                }
                continue;
            }
            Append(pattern, info.Lemma);
            symbols++;
            if (info.IsVerb && !WordClasses.FunctionWords.Contains(lower) && char.IsLower(word[0]))
            {
                verb = true;
                f.Add("po|bv=" + po + "|" + info.Lemma);
                f.Add("bvc=" + info.VerbClass);
                f.Add("po|bvc=" + po + "|" + info.VerbClass);
                foreach (var hyper in info.Hypernyms) f.Add("po|bvh=" + po + "|" + hyper);
            }
            else if (info.IsNoun && char.IsLower(word[0]))
            {
                f.Add("po|bn=" + po + "|" + info.Lemma);
                f.Add("bnc=" + info.NounClass);
            }
        }
        f.Add("po|first=" + po + "|" + lemmas[0]);
        f.Add("po|last=" + po + "|" + lemmas[^1]);
        f.Add("ord|first=" + order + "|" + lemmas[0]);
        f.Add("ord|last=" + order + "|" + lemmas[^1]);
        if (lemmas.Count >= 2)
        {
            f.Add("po|first2=" + po + "|" + lemmas[0] + "_" + lemmas[1]);
            f.Add("po|last2=" + po + "|" + lemmas[^2] + "_" + lemmas[^1]);
        }
        for (int i = 0; i + 1 < lemmas.Count; i++) f.Add("b2=" + lemmas[i] + "_" + lemmas[i + 1]);
        if (symbols <= MaxPattern)
        {
            f.Add("po|pat=" + po + "|" + pattern);
            f.Add("ord|pat=" + order + "|" + pattern);
        }
        f.Add("po|ents=" + po + "|" + Math.Min(entities, 3));
        f.Add("po|verb=" + po + "|" + verb);
    }

    /// <summary>Whether the tail is the nearest mention of its label to the head, and the other way round; how many
    /// mentions of the two labels the sentence has.</summary>
    private static void Nearest(DocumentView view, List<string> f, int head, int tail, string po, int sFirst, int sEnd)
    {
        f.Add("po|trank=" + po + "|" + Rank(view, head, tail, sFirst, sEnd));
        f.Add("po|hrank=" + po + "|" + Rank(view, tail, head, sFirst, sEnd));
        f.Add("po|nt|nh=" + po + "|" + Count(view, view.Entities[tail].Label, sFirst, sEnd) + "|" + Count(view, view.Entities[head].Label, sFirst, sEnd));
    }

    /// <summary>How many mentions of a label the sentence has (1, 2, 3+): the only place named is more likely the one meant.</summary>
    private static int Count(DocumentView view, string label, int sFirst, int sEnd)
    {
        int n = 0;
        var (from, to) = view.EntitiesOf(view.SentenceOf[sFirst]);
        for (int e = from; e < to; e++)
            if (view.Entities[e].Label == label && view.EntityTokens[e].First >= sFirst && view.EntityTokens[e].First < sEnd) n++;
        return Math.Min(n, 3);
    }

    private static int Rank(DocumentView view, int from, int to, int sFirst, int sEnd)
    {
        int d = Gap(view, from, to), rank = 0;
        string label = view.Entities[to].Label;
        var (fromEntity, toEntity) = view.EntitiesOf(view.SentenceOf[sFirst]);
        for (int e = fromEntity; e < toEntity; e++)
        {
            if (e == from || e == to || view.Entities[e].Label != label) continue;
            var (first, _) = view.EntityTokens[e];
            if (first < sFirst || first >= sEnd) continue;
            if (Gap(view, from, e) < d) rank++;
        }
        return Math.Min(rank, 2);
    }

    private static int Gap(DocumentView view, int a, int b)
    {
        var (aFirst, aEnd) = view.EntityTokens[a];
        var (bFirst, bEnd) = view.EntityTokens[b];
        return aFirst < bFirst ? bFirst - aEnd : aFirst - bEnd;
    }

    private static void Append(StringBuilder sb, string s)
    {
        if (sb.Length > 0) sb.Append('_');
        sb.Append(s);
    }

    private string Lemma(DocumentView view, int t) => t >= 0 && t < view.Words.Length ? lexicon.Analyze(view.Words[t]).Lemma : "";

    /// <summary>The lemma of a token of the sentence, or a boundary marker outside it.</summary>
    private string Edge(DocumentView view, int t, int sFirst, int sEnd) => t < sFirst ? "<s>" : t >= sEnd ? "</s>" : Lemma(view, t);
}
