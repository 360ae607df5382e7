using Nlp.Models.MaxEnt;

namespace Nlp.Models.Events;

/// <summary>
/// The features of one token as a possible event trigger: its word, lemma, derivational root ("deportation" →
/// "deport"), WordNet supersenses and hypernyms, suffix and shape, the words around it and the entity labels near it.
/// </summary>
public sealed class TriggerFeatures(Lexicon lexicon)
{
    public Lexicon Lexicon { get; } = lexicon;

    /// <summary>Tokens that can be triggers at all: words with a letter, outside names.</summary>
    public static bool IsCandidate(DocumentView view, int t) =>
        WordClasses.HasLetter(view.Words[t]) && !WordClasses.FunctionWords.Contains(view.Words[t]);

    public List<string> Extract(DocumentView view, int t)
    {
        var f = new List<string>(48);
        var word = view.Words[t];
        var info = Lexicon.Analyze(word);
        f.Add("w=" + word.ToLowerInvariant());
        f.Add("lem=" + info.Lemma);
        f.Add("root=" + info.Root);
        f.Add("vc=" + info.VerbClass);
        f.Add("nc=" + info.NounClass);
        if (info.IsVerb && info.IsNoun) f.Add("vc|nc=" + info.VerbClass + "|" + info.NounClass);
        foreach (var h in info.Hypernyms) f.Add("hyp=" + h);
        var lower = word.ToLowerInvariant();
        if (lower.Length > 3) f.Add("suf3=" + lower[^3..]);
        if (lower.Length > 4) f.Add("suf4=" + lower[^4..]);
        f.Add("shape=" + WordClasses.Shape(word));
        var (sFirst, sEnd) = view.SentenceTokens[view.SentenceOf[t]];
        if (t == sFirst) f.Add("first");
        int ent = view.EntityAt[t];
        if (ent >= 0) f.Add("inent=" + view.Entities[ent].Label);

        for (int d = -2; d <= 2; d++)
        {
            if (d == 0) continue;
            int u = t + d;
            string ctx = u < sFirst ? "<s>" : u >= sEnd ? "</s>" : Lexicon.Analyze(view.Words[u]).Lemma;
            f.Add($"c{d}={ctx}");
            if (d is -1 or 1) f.Add($"root|c{d}={info.Root}|{ctx}");
        }
        // The encoder's view of the word in this sentence: "deported" and "banished" used alike share a cluster.
        if (view.Context is { } cx) f.AddRange(cx.Names("cx", t));
        // Entity labels nearby: "Koreans were deported to Central Asia" has NORP on the left, LOC on the right.
        var seen = new HashSet<string>();
        for (int u = Math.Max(sFirst, t - 6); u < Math.Min(sEnd, t + 7); u++)
        {
            int e = view.EntityAt[u];
            if (u == t || e < 0 || e == ent) continue;
            string side = u < t ? "L" : "R";
            if (seen.Add(side + view.Entities[e].Label)) f.Add($"ent{side}={view.Entities[e].Label}");
        }
        return f;
    }
}
