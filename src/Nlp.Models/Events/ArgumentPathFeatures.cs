using Nlp.Models.MaxEnt;

namespace Nlp.Models.Events;

/// <summary>
/// Dependency-free stand-ins for the syntactic path between a trigger and a candidate: the words between as one
/// string when they are few ("were deported to", "of"), whether only auxiliaries and adverbs stand between a name
/// and a verb on its right (the name is then its subject), clause breaks (a verb, a comma or a relative pronoun
/// between), another trigger between, and the trigger's form (verb, participle, noun) with the preposition before
/// the candidate: "deportation of Koreans" and "Koreans were deported" mark the same role differently.
/// </summary>
internal static class ArgumentPathFeatures
{
    private const int MaxSequence = 4;

    private static readonly IReadOnlySet<string> Auxiliaries = new HashSet<string>(StringComparer.OrdinalIgnoreCase)
    {
        "was", "were", "is", "are", "be", "been", "being", "had", "has", "have", "would", "could", "should", "will",
        "may", "might", "must", "did", "do", "does", "not", "also", "then", "later", "soon", "to", "all", "both",
        "themselves", "himself", "herself", "eventually", "finally", "first", "never", "often", "still", "already",
    };

    private static readonly IReadOnlySet<string> RelativeWords = new HashSet<string>(StringComparer.OrdinalIgnoreCase)
    {
        "who", "which", "that", "whom", "whose", "where", "when", "while", "because", "although", "but", ";", ":", "(", ")",
    };

    /// <summary>Features of the tokens [from, to) strictly between trigger and candidate (same sentence, few tokens).</summary>
    public static void Add(List<string> f, DocumentView view, Lexicon lexicon, string type, int from, int to, string dir,
        ArgumentCandidate c, IReadOnlySet<int>? otherTriggers)
    {
        int n = to - from;
        if (n <= MaxSequence)
        {
            var seq = n == 0 ? "-" : string.Join(' ', Enumerable.Range(from, n).Select(u => Normalized(view, u)));
            f.Add("seq|dir=" + seq + "|" + dir);
            f.Add("t|seq|dir=" + type + "|" + seq + "|" + dir);
            f.Add("seq|dir|k=" + seq + "|" + dir + "|" + KindClass(c.Kind));
        }
        bool onlyAux = true, verb = false, comma = false, relative = false, trigger = false;
        for (int u = from; u < to; u++)
        {
            var w = view.Words[u];
            if (!Auxiliaries.Contains(w) && !w.EndsWith("ly", StringComparison.OrdinalIgnoreCase)) onlyAux = false;
            if (w == ",") comma = true;
            if (RelativeWords.Contains(w)) relative = true;
            if (IsVerbForm(lexicon, w)) verb = true;
            if (otherTriggers is not null && otherTriggers.Contains(u)) trigger = true;
        }
        if (dir == "L" && onlyAux) { f.Add("subj|k=" + KindClass(c.Kind)); f.Add("t|subj|k=" + type + "|" + KindClass(c.Kind)); }
        if (dir == "R" && n == 0) f.Add("obj|k=" + KindClass(c.Kind));
        f.Add("t|breaks|dir=" + type + "|" + (verb ? "v" : "") + (comma ? "c" : "") + (relative ? "r" : "") + "|" + dir);
        if (trigger) { f.Add("trigbtw|dir=" + dir); f.Add("t|trigbtw|k=" + type + "|" + KindClass(c.Kind)); }
    }

    /// <summary>The trigger's form with the preposition before the candidate and the candidate's kind.</summary>
    public static void AddShape(List<string> f, DocumentView view, Lexicon lexicon, string type, int triggerFirst, int triggerEnd,
        string dir, string before, ArgumentCandidate c)
    {
        var word = view.Words[triggerEnd - 1];
        string form = TriggerForm(lexicon, word, triggerFirst > 0 ? view.Words[triggerFirst - 1] : "");
        f.Add("form|pre|dir|k=" + form + "|" + before + "|" + dir + "|" + KindClass(c.Kind));
        f.Add("t|form|dir|k=" + type + "|" + form + "|" + dir + "|" + c.Kind);
    }

    /// <summary>"N" noun, "P" passive/participle after a form of be, "V" other verb forms.</summary>
    internal static string TriggerForm(Lexicon lexicon, string word, string previous)
    {
        var lower = word.ToLowerInvariant();
        var info = lexicon.Analyze(lower);
        bool verbForm = info.IsVerb && (info.Lemma != lower || !info.IsNoun);
        if (!verbForm && info.IsNoun) return "N";
        if (lower.EndsWith("ed") && Auxiliaries.Contains(previous)) return "P";
        return "V";
    }

    /// <summary>A word that is an inflected verb ("sailed", "deported", "leaving"), not a noun.</summary>
    internal static bool IsVerbForm(Lexicon lexicon, string word)
    {
        var lower = word.ToLowerInvariant();
        if (!(lower.EndsWith("ed") || lower.EndsWith("ing"))) return false;
        var info = lexicon.Analyze(lower);
        return info.IsVerb && info.Lemma != lower;
    }

    private static string KindClass(string kind) => kind switch
    {
        "PERSON" or "NORP" or "PRON" => "who",
        "GPE" or "LOC" or "FAC" => "where",
        "DATE" or "TIME" => "when",
        "CARDINAL" or "QUANTITY" => "count",
        "ORG" => "org",
        "NP" => "np",
        _ => "other",
    };

    private static string Normalized(DocumentView view, int u)
    {
        if (view.EntityAt[u] >= 0) return view.Entities[view.EntityAt[u]].Label;
        var w = view.Words[u].ToLowerInvariant();
        return w.Any(char.IsDigit) ? "9" : w;
    }
}
