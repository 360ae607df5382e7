using Nlp.Models.Events;
using Nlp.Models.Extraction;

namespace Nlp.Models.Tests.Extraction;

public class ArgumentCandidateTests
{
    /// <summary>WordNet lists "sail" and "return" as nouns too; used as verbs they must not become noun-phrase arguments.</summary>
    private static Lexicon Lexicon()
    {
        var entries = new Dictionary<string, LexicalInfo>(StringComparer.Ordinal);
        void Add(string w, int noun, int verb) => entries[w] = new LexicalInfo(w, noun, verb, false, w, []);
        Add("sail", 6, 38); Add("return", 4, 38); Add("peasant", 18, -1); Add("worker", 18, -1); Add("move", 4, 38);
        return new Lexicon(entries, new Dictionary<string, string>());
    }

    private static List<string> Candidates(string marked)
    {
        var doc = TrainingCorpus.Segment(TinyCorpus.Parse("c", marked));
        var view = new DocumentView(doc);
        var trigger = doc.Events[0].Trigger;
        return new ArgumentCandidates(Lexicon()).For(view, trigger).Select(c => doc.TextOf(c.Span)).ToList();
    }

    [Fact]
    public void Inflected_verbs_are_no_noun_phrase_candidates()
    {
        var found = Candidates("The peasants sailed to [[Odessa|GPE]] and {{moved|MIGRATE}} on.");
        Assert.Contains("peasants", found);
        Assert.DoesNotContain(found, c => c.Contains("sailed"));
    }

    [Fact]
    public void A_base_form_after_to_or_a_modal_is_a_verb()
    {
        var found = Candidates("The workers {{moved|MIGRATE}} and wanted to return.");
        Assert.Contains("workers", found);
        Assert.DoesNotContain("return", found);
        // The same word as a noun stays a candidate.
        Assert.Contains("return", Candidates("The workers {{moved|MIGRATE}} after the return."));
    }
}
