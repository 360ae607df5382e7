using Nlp.Models.Events;
using Nlp.Models.MaxEnt;
using Nlp.Text;

namespace Nlp.Models.Tests.MaxEnt;

public class ArgumentCandidateTests
{
    /// <summary>WordNet lists "sail" and "return" as nouns too; used as verbs they must not become noun-phrase arguments.</summary>
    private static Lexicon Lexicon()
    {
        var entries = new Dictionary<string, LexicalInfo>(StringComparer.Ordinal);
        void Add(string w, int noun, int verb) => entries[w] = new LexicalInfo(w, noun, verb, false, w, []);
        Add("sail", 6, 38); Add("return", 4, 38); Add("peasant", 18, -1); Add("worker", 18, -1); Add("move", 4, 38);
        Add("make", 4, 36); Add("living", 26, -1);
        // WordNet's verb.exc: "made" is read as "make", which is a noun too.
        return new Lexicon(entries, new Dictionary<string, string> { ["made"] = "make" });
    }

    private static List<string> Candidates(string marked)
    {
        var doc = new TextStage().Process(TinyCorpus.Parse("c", marked));
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

    [Fact]
    public void Irregular_verb_forms_are_no_noun_phrase_candidates()
    {
        var found = Candidates("The peasants {{moved|MIGRATE}} and made a living.");
        Assert.Contains("living", found);
        Assert.DoesNotContain("made", found);
        // The base form stays a noun where it is one.
        Assert.Contains("make", Candidates("The workers {{moved|MIGRATE}} for the make."));
    }

    [Fact]
    public void Relative_pronouns_are_no_candidates_but_personal_pronouns_are()
    {
        // ANNOTATION.md: a pronoun is an argument only as the participant's only mention in the sentence; the
        // antecedent of "who" always stands in it.
        var found = Candidates("The peasants who {{moved|MIGRATE}} wrote that they liked it.");
        Assert.Contains("peasants", found);
        Assert.Contains("they", found);
        Assert.DoesNotContain("who", found);
    }
}
