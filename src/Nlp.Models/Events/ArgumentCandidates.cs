using Nlp.Core.Model;
using Nlp.Models.MaxEnt;

namespace Nlp.Models.Events;

/// <summary>
/// Proposes argument spans for a trigger: the entities of its sentence and of the sentence before, and in its own
/// sentence pronouns and common-noun phrases (ANNOTATION.md: a participant that is not a name is its shortest noun
/// phrase without determiner). A noun phrase is a noun head with the adjectives, nouns and NORP words before it.
/// </summary>
public sealed class ArgumentCandidates(Lexicon lexicon)
{
    private const int MaxPhraseTokens = 4;

    public List<ArgumentCandidate> For(DocumentView view, Span trigger)
    {
        var (tFirst, tEnd) = view.TokenRange(trigger);
        int sentence = view.SentenceOf[Math.Min(tFirst, view.Tokens.Count - 1)];
        var result = new List<ArgumentCandidate>();
        // Only the entities of these two sentences: a loop over the document's would grow with the square of its length.
        int fromEntity = view.EntitiesOf(Math.Max(0, sentence - 1)).First, toEntity = view.EntitiesOf(sentence).End;
        for (int e = fromEntity; e < toEntity; e++)
        {
            var (first, end) = view.EntityTokens[e];
            if (end <= first) continue;
            int s = view.SentenceOf[first];
            if (s != sentence && s != sentence - 1) continue;
            if (view.Entities[e].Span.Overlaps(trigger)) continue;
            result.Add(new ArgumentCandidate(view.Entities[e].Span, first, end, end - 1, view.Entities[e].Label, s != sentence));
        }
        var (sFirst, sEnd) = view.SentenceTokens[sentence];
        for (int t = sFirst; t < sEnd; t++)
        {
            if (view.EntityAt[t] >= 0 || (t >= tFirst && t < tEnd)) continue;
            var word = view.Words[t];
            if (WordClasses.Pronouns.Contains(word))
            {
                result.Add(new ArgumentCandidate(view.Tokens[t], t, t + 1, t, "PRON", false));
                continue;
            }
            if (!IsNounLike(word) || IsVerbHere(view, t, sFirst) || (t + 1 < sEnd && view.EntityAt[t + 1] < 0 && IsNounLike(view.Words[t + 1]) && !IsVerbHere(view, t + 1, sFirst) && !(t + 1 >= tFirst && t + 1 < tEnd)))
                continue; // not a noun, or not the last noun of a compound ("border regions")
            int start = t;
            while (start - 1 >= sFirst && t - start + 1 < MaxPhraseTokens && !(start - 1 >= tFirst && start - 1 < tEnd) && IsModifier(view, start - 1))
                start--;
            result.Add(new ArgumentCandidate(new Span(view.Tokens[start].Start, view.Tokens[t].End), start, t + 1, t, "NP", false));
        }
        return result;
    }

    /// <summary>
    /// A word WordNet lists as a noun but used as a verb here: an inflected verb form ("sailed", "leaving", "made";
    /// WordNet has "sail" as a noun too), or a base form after "to" or a modal ("to see", "would return").
    /// </summary>
    private bool IsVerbHere(DocumentView view, int t, int sentenceFirst)
    {
        if (ArgumentPathFeatures.IsVerbForm(lexicon, view.Words[t]) || lexicon.IsIrregularVerbForm(view.Words[t])) return true;
        return t > sentenceFirst && view.Words[t - 1].ToLowerInvariant() is "to" or "would" or "could" or "should" or "will"
            or "may" or "might" or "must" or "did" or "cannot" && lexicon.Analyze(view.Words[t]).IsVerb;
    }

    private bool IsNounLike(string word) =>
        word.Length > 1 && char.IsLower(word[0]) && word.All(c => char.IsLetter(c) || c == '-')
        && !WordClasses.FunctionWords.Contains(word) && lexicon.Analyze(word).IsNoun;

    private bool IsModifier(DocumentView view, int t)
    {
        int e = view.EntityAt[t];
        if (e >= 0) return view.Entities[e].Label == "NORP" && view.EntityTokens[e].First == t;
        var word = view.Words[t];
        if (!word.All(c => char.IsLetter(c) || c == '-') || WordClasses.FunctionWords.Contains(word)) return false;
        var info = lexicon.Analyze(word);
        return info.IsAdjective || (info.IsNoun && !info.IsVerb);
    }
}
