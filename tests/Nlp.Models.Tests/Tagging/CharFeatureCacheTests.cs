using Nlp.Core.Model;
using Nlp.Models.Tagging;
using Nlp.Text;
using static TorchSharp.torch;

namespace Nlp.Models.Tests.Tagging;

/// <summary>
/// The tagger looks the character CNN's output up per word instead of running it on every token: the shipped fast
/// tagger's emissions must stay bit for bit those of the forward pass that runs the CNN itself, whatever the batch
/// and whatever the cache already holds.
/// </summary>
public class CharFeatureCacheTests
{
    const string Prose =
        "In February 1937, a young English adventurer, Fitzroy Maclean, arrived in Moscow to take up the position of third " +
        "secretary at the British Embassy. The NKVD deported 171,781 Koreans from the Far East to Kazakhstan and Uzbekistan. " +
        "Ibárruri spoke in Valencia; the Comintern's delegates listened. Uncharacteristically-long-hyphenated-wordsthatgoonandon " +
        "appear in scans, and so do x and I.";

    static string Repo(string relative)
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Nlp.sln"))) return Path.Combine(dir.FullName, relative);
        throw new DirectoryNotFoundException("repository root (Nlp.sln) not found above " + AppContext.BaseDirectory);
    }

    static float[] Emissions(EntityTagger tagger, List<TaggedSentence> sentences, CharFeatureCache? cache)
    {
        using var noGrad = no_grad();
        using var scope = NewDisposeScope();
        var batch = TaggerBatch.Create(sentences, tagger.Vocabulary, tagger.Settings.MaxCharsPerToken, charCache: cache);
        return tagger.Module.forward(batch).contiguous().data<float>().ToArray();
    }

    [Fact]
    public void Cached_char_features_give_the_emissions_of_the_full_forward_pass()
    {
        using var tagger = EntityTagger.Load(Repo("models/ner"));
        var doc = new TextStage().Process(new Document("d", Prose));
        var sentences = TaggedSentence.Untagged(doc, tagger.Lexicons);
        var expected = Emissions(tagger, sentences, cache: null);

        // A fresh cache (every word computed in one call), one that saw the sentences in another order and batch
        // (words computed in calls of other shapes), and one so small that it starts afresh on the way.
        var fresh = new CharFeatureCache(tagger.Module, tagger.Vocabulary, tagger.Settings.MaxCharsPerToken);
        Assert.Equal(expected, Emissions(tagger, sentences, fresh));
        var warmed = new CharFeatureCache(tagger.Module, tagger.Vocabulary, tagger.Settings.MaxCharsPerToken);
        foreach (var s in Enumerable.Reverse(sentences)) Emissions(tagger, [s], warmed);
        Assert.Equal(expected, Emissions(tagger, sentences, warmed));
        var small = new CharFeatureCache(tagger.Module, tagger.Vocabulary, tagger.Settings.MaxCharsPerToken, capacity: 60);
        Emissions(tagger, [sentences[0]], small);
        Assert.Equal(expected, Emissions(tagger, sentences, small));
        Assert.Equal(sentences.SelectMany(s => s.Surfaces).Distinct().Count(), small.Count); // started afresh with this batch
    }
}
