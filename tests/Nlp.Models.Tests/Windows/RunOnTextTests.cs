using System.Collections.Immutable;
using Nlp.Core.Model;
using Nlp.Models.Events;
using Nlp.Models.Extraction;
using Nlp.Models.Relations;
using Nlp.Models.Tagging;
using Nlp.Models.Windows;
using Nlp.Text;

namespace Nlp.Models.Tests.Windows;

/// <summary>
/// Text without sentence ends (OCR output, lost punctuation) is one long "sentence": the shipped models read it in
/// bounded windows and chunks and still give valid spans into the original text.
/// </summary>
public class RunOnTextTests
{
    // Two stretches of prose with their sentence ends removed, each under the window size.
    const string FirstHalf =
        "In the autumn of 1937 the families of the Korean villages near Vladivostok were told to gather at the railway " +
        "station within three days and the NKVD officers who came from Khabarovsk under the command of Genrikh Lyushkov " +
        "loaded them onto freight wagons bound for Kazakhstan and Uzbekistan where nobody expected them " +
        "the journey through Siberia lasted more than a month and many of the old and the very young died on the way " +
        "while the local authorities in Alma-Ata and Tashkent had prepared neither houses nor food for the newcomers " +
        "in the spring of 1938 the Politburo in Moscow approved a decree that forbade the deported Koreans to leave the " +
        "districts assigned to them and the collective farms of the Kzyl-Orda region received more than twenty thousand " +
        "of them who dug earth houses along the Syr Darya and began to grow rice as they had done in the Far East";
    const string SecondHalf =
        "the American journalist Louis Fischer who travelled through Soviet Central Asia in 1938 wrote in The Nation " +
        "that the Koreans of Uzbekistan worked harder than anyone he had met and that the officials of the Communist Party " +
        "in Tashkent spoke of them with respect although they were watched by the police at every step " +
        "a British diplomat named Fitzroy Maclean who visited Bukhara and Samarkand in the same year reported to the " +
        "Foreign Office in London that whole trains of deportees had passed through the stations of Turkestan and that " +
        "the guards of the NKVD would not let anyone speak to them and in the winter of 1939 some of the families were " +
        "moved again to the shores of the Aral Sea where they fished and built a school with their own hands";

    static readonly Lazy<EntityTagger> Tagger = new(() => EntityTagger.Load(Repo("models/ner")));

    static string Repo(string relative)
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Nlp.sln"))) return Path.Combine(dir.FullName, relative);
        throw new DirectoryNotFoundException("repository root (Nlp.sln) not found above " + AppContext.BaseDirectory);
    }

    static Document Segmented(string id, string text) => new TextStage().Process(new Document(id, text));

    [Fact]
    public void A_sentence_longer_than_a_window_gets_the_entities_of_its_halves()
    {
        string text = FirstHalf + " " + SecondHalf;
        var whole = Segmented("whole", text);
        Assert.Single(whole.Sentences!.Value);
        Assert.True(whole.Tokens!.Value.Length > TokenWindows.MaxTokens, $"{whole.Tokens!.Value.Length} tokens");
        // The same text and tokens, read as two sentences, each shorter than a window.
        var halves = whole with { Sentences = [new Span(0, FirstHalf.Length), new Span(FirstHalf.Length + 1, text.Length)] };
        Assert.All(TaggedSentence.SentenceTokenRanges(halves), r => Assert.True(r.Count <= TokenWindows.MaxTokens));

        var fromWhole = Tagger.Value.Predict(whole).Entities;
        var fromHalves = Tagger.Value.Predict(halves).Entities;
        Assert.True(fromHalves.Length >= 20, $"{fromHalves.Length} entities");
        Assert.Equal(fromHalves.Select(e => (e.Span, e.Label, text[e.Start..e.End])), fromWhole.Select(e => (e.Span, e.Label, text[e.Start..e.End])));
    }

    [Fact]
    public void A_run_on_document_of_thousands_of_tokens_extracts_with_valid_spans()
    {
        string text = string.Join(" ", Enumerable.Repeat(FirstHalf + " " + SecondHalf, 12));
        var document = Segmented("run-on", text);
        var tokens = document.Tokens!.Value;
        Assert.True(tokens.Length > 3000, $"{tokens.Length} tokens");
        Assert.Single(document.Sentences!.Value);

        document = Tagger.Value.Predict(document);
        document = RelationModel.Load(Repo("models/relations")).Predict(document);
        document = EventModel.Load(Repo("models/events")).Predict(document);

        var starts = tokens.Select(t => t.Start).ToHashSet();
        var ends = tokens.Select(t => t.End).ToHashSet();
        Assert.True(document.Entities.Length > 150, $"{document.Entities.Length} entities");
        for (int i = 0; i < document.Entities.Length; i++)
        {
            var e = document.Entities[i];
            Assert.True(0 <= e.Start && e.Start < e.End && e.End <= text.Length, $"entity {e.Span}");
            Assert.True(starts.Contains(e.Start) && ends.Contains(e.End), $"entity {e.Span} cuts a token");
            if (i > 0) Assert.True(document.Entities[i - 1].End <= e.Start, $"{document.Entities[i - 1].Span} overlaps {e.Span}");
        }
        var entitySpans = document.Entities.Select(e => e.Span).ToHashSet();
        Assert.NotEmpty(document.Relations);
        Assert.All(document.Relations, r => Assert.True(entitySpans.Contains(r.Head) && entitySpans.Contains(r.Tail), $"relation {r.Head} -> {r.Tail}"));
        Assert.NotEmpty(document.Events);
        Assert.All(document.Events, ev =>
        {
            Assert.True(0 <= ev.Trigger.Start && ev.Trigger.Start < ev.Trigger.End && ev.Trigger.End <= text.Length, $"trigger {ev.Trigger}");
            Assert.All(ev.Arguments, a => Assert.True(0 <= a.Start && a.Start < a.End && a.End <= text.Length, $"argument {a.Span}"));
        });
    }

    [Fact]
    public void Event_and_relation_models_read_an_overlong_sentence_in_bounded_chunks()
    {
        string text = string.Join(" ", Enumerable.Repeat(FirstHalf, 5));
        var document = Segmented("run-on", text);
        var view = new DocumentView(document with { Entities = ImmutableArray<Entity>.Empty });
        Assert.Single(document.Sentences!.Value);
        Assert.True(view.SentenceTokens.Length >= view.Tokens.Count / TokenWindows.MaxTokens, $"{view.SentenceTokens.Length} chunks of {view.Tokens.Count} tokens");
        Assert.All(view.SentenceTokens, s => Assert.InRange(s.End - s.First, 1, TokenWindows.MaxTokens));
        for (int t = 0; t < view.Tokens.Count; t++)
            Assert.InRange(t, view.SentenceTokens[view.SentenceOf[t]].First, view.SentenceTokens[view.SentenceOf[t]].End - 1);
    }
}
