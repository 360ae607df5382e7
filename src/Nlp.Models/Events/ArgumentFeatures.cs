using Nlp.Models.MaxEnt;

namespace Nlp.Models.Events;

/// <summary>
/// The features of a (trigger, candidate) pair: event type and trigger lemma, the candidate's kind (entity label,
/// pronoun, noun phrase) and head, order and distance, the preposition before the candidate ("from", "to", "by",
/// "in"), the words between, and whether the candidate is the nearest of its kind. Conjoined with the event type
/// where the role depends on it.
/// </summary>
public sealed class ArgumentFeatures(Lexicon lexicon, bool pathFeatures = false)
{

    /// <param name="otherTriggers">tokens of the document's event triggers (gold when training, predicted
    /// when predicting), or null: a trigger between the two ("fled ... and were deported to X") usually owns X.</param>
    public List<string> Extract(DocumentView view, string type, int triggerFirst, int triggerEnd, ArgumentCandidate c,
        IReadOnlyList<ArgumentCandidate> all, IReadOnlySet<int>? otherTriggers = null)
    {
        var f = new List<string>(48);
        var trig = lexicon.Analyze(view.Words[triggerFirst]);
        var head = lexicon.Analyze(view.Words[c.HeadToken]);
        bool after = c.FirstToken >= triggerEnd;
        string dir = after ? "R" : "L";
        int between = after ? c.FirstToken - triggerEnd : triggerFirst - c.EndToken;
        string dist = WordClasses.DistanceBucket(between);
        f.Add("t=" + type);
        f.Add("k=" + c.Kind);
        f.Add("t|k=" + type + "|" + c.Kind);
        f.Add("t|k|dir=" + type + "|" + c.Kind + "|" + dir);
        f.Add("t|dir|dist=" + type + "|" + dir + "|" + dist);
        f.Add("k|dir|dist=" + c.Kind + "|" + dir + "|" + dist);
        f.Add("root|k|dir=" + trig.Root + "|" + c.Kind + "|" + dir);
        f.Add("t|hnc=" + type + "|" + head.NounClass);
        f.Add("t|head=" + type + "|" + head.Lemma);
        if (c.Kind == "PRON") f.Add("t|pron=" + type + "|" + view.Words[c.HeadToken].ToLowerInvariant());
        if (c.InPreviousSentence) { f.Add("prev"); f.Add("t|prev|k=" + type + "|" + c.Kind); }

        string before = c.FirstToken - 1 >= 0 ? view.Words[c.FirstToken - 1].ToLowerInvariant() : "<s>";
        string after1 = c.EndToken < view.Words.Length ? view.Words[c.EndToken].ToLowerInvariant() : "</s>";
        f.Add("t|pre=" + type + "|" + before);
        f.Add("t|pre|k=" + type + "|" + before + "|" + c.Kind);
        f.Add("t|pre|dir=" + type + "|" + before + "|" + dir);
        f.Add("t|post=" + type + "|" + after1);
        // Type-independent views: "from GPE" is an Origin, a DATE a Time, whatever the event type.
        f.Add("pre|k=" + before + "|" + c.Kind);
        f.Add("pre|dir=" + before + "|" + dir);
        f.Add("k|dir=" + c.Kind + "|" + dir);
        f.Add("root|pre|k=" + trig.Root + "|" + before + "|" + c.Kind);
        f.Add("hnc|dir=" + head.NounClass + "|" + dir);
        if (c.FirstToken - 2 >= 0) f.Add("t|pre2=" + type + "|" + view.Words[c.FirstToken - 2].ToLowerInvariant());
        if (!c.InPreviousSentence && between <= 10)
        {
            int from = after ? triggerEnd : c.EndToken, to = after ? c.FirstToken : triggerFirst;
            int ents = 0;
            for (int u = from; u < to; u++)
            {
                var w = view.Words[u].ToLowerInvariant();
                if (WordClasses.FunctionWords.Contains(w) || !WordClasses.HasLetter(w)) f.Add("t|btw=" + type + "|" + w);
                else f.Add("t|btwlem=" + type + "|" + lexicon.Analyze(w).Lemma);
                if (view.EntityAt[u] >= 0 && (u == from || view.EntityAt[u] != view.EntityAt[u - 1])) ents++;
            }
            if (between == 0) f.Add("t|adjacent|dir=" + type + "|" + dir);
            f.Add("t|entsbtw=" + type + "|" + Math.Min(ents, 3));
            if (pathFeatures) ArgumentPathFeatures.Add(f, view, lexicon, type, from, to, dir, c, otherTriggers);
        }
        if (pathFeatures) ArgumentPathFeatures.AddShape(f, view, lexicon, type, triggerFirst, triggerEnd, dir, before, c);
        // Is it the nearest candidate of its kind on its side of the trigger?
        bool nearest = true;
        foreach (var o in all)
        {
            if (ReferenceEquals(o, c) || o.Kind != c.Kind || o.InPreviousSentence != c.InPreviousSentence) continue;
            bool oAfter = o.FirstToken >= triggerEnd;
            if (oAfter != after) continue;
            int od = oAfter ? o.FirstToken - triggerEnd : triggerFirst - o.EndToken;
            if (od < between) { nearest = false; break; }
        }
        if (nearest) f.Add("t|k|dir|nearest=" + type + "|" + c.Kind + "|" + dir);
        if (view.Context is { } cx) AddContext(f, cx, type, triggerFirst, c.HeadToken, dir, before);
        return f;
    }

    /// <summary>The candidate's head and the trigger as the encoder reads them in this sentence ("from Kiev" and "out
    /// of the Ukraine" put their heads in like clusters), conjoined with the event type where the role depends on it.</summary>
    static void AddContext(List<string> f, Contextual.ContextCodes cx, string type, int trigger, int head, string dir, string before)
    {
        for (int level = 0; level < cx.Levels; level++)
        {
            string size = cx.SizeName(level);
            int a = cx.Code(level, head);
            f.Add($"acx{size}={a}");
            f.Add($"t|acx{size}={type}|{a}");
            f.Add($"acx{size}|dir={a}|{dir}");
        }
        int coarseHead = cx.Code(0, head), coarseTrigger = cx.Code(0, trigger);
        f.Add($"t|tcx|acx={type}|{coarseTrigger}|{coarseHead}");
        f.Add($"pre|acx={before}|{coarseHead}");
    }
}
