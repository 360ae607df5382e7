using System.Collections.Immutable;
using Newtonsoft.Json.Linq;
using Nlp.Core.Model;
using Nlp.Core.Pipeline;
using Nlp.Text.Normalization;

namespace Nlp.Text.Tests;

public class TextStageTests
{
    [Fact]
    public void Declares_its_layers()
    {
        var stage = new TextStage();
        Assert.Equal("segment", stage.Name);
        Assert.Equal(Layer.Text, stage.Requires);
        Assert.Equal(Layer.Sentences | Layer.Tokens | Layer.Zones, stage.Assigns);
        var pipeline = new DocumentPipeline([stage]);
        Assert.True(pipeline.Produces.HasFlag(Layer.Tokens | Layer.Sentences | Layer.Zones));
    }

    [Fact]
    public void Its_version_is_a_hash_of_the_compiled_code_and_the_settings()
    {
        string version = new TextStage().Version;
        Assert.Matches("^text-[0-9a-f]{12}$", version);
        Assert.Equal(version, new TextStage().Version); // the same code and settings: the same version, load after load
        Assert.NotEqual(version, new TextStage(new NormalizerOptions { Wrapping = Wrapping.Unwrapped }).Version);
        Assert.NotEqual(typeof(TextStage).Assembly.GetName().Version?.ToString(), version); // not the never-set assembly version
    }

    [Fact]
    public void Writes_tokens_sentences_and_zones_in_original_offsets()
    {
        var text = "Since all the ships to central Asia were occupied with the deportation, Mac-\n\n" +
                   "lean decided to rent a horse. He rode inland to explore the nearby mountains.";
        var doc = new TextStage().Process(new Document("d", text));
        var tokens = doc.Tokens!.Value;
        Assert.Contains(tokens, t => doc.TextOf(t) == "Mac-\n\nlean" && TokenText.Surface(doc, t) == "Maclean");
        Assert.Equal(["Since all the ships to central Asia were occupied with the deportation, Mac-\n\nlean decided to rent a horse.",
                      "He rode inland to explore the nearby mountains."], doc.Sentences!.Value.Select(doc.TextOf));
        Assert.Same(text, doc.Text); // the text is never changed
        Assert.NotNull(doc.Zones);
    }

    [Fact]
    public void Pre_tokenized_documents_pass_through_untouched()
    {
        var doc = new Document("conll-1", "EU rejects German call")
        {
            Tokens = [new Span(0, 2), new Span(3, 10), new Span(11, 17), new Span(18, 22)],
            Sentences = [new Span(0, 22)],
        };
        Assert.Same(doc, new TextStage().Process(doc));
    }

    [Fact]
    public void Given_tokens_are_kept_and_sentences_are_built_from_them()
    {
        var text = "He left. She stayed.";
        var given = ImmutableArray.Create(new Span(0, 2), new Span(3, 8), new Span(9, 12), new Span(13, 20));
        var doc = new TextStage().Process(new Document("t", text) { Tokens = given });
        Assert.Equal(given.ToArray(), doc.Tokens!.Value.ToArray());
        Assert.Equal([new Span(0, 8), new Span(9, 20)], doc.Sentences!.Value.ToArray());
    }

    [Fact]
    public void Html_documents_keep_one_paragraph_per_line()
    {
        var doc = new TextStage().Process(new Document("h", "First heading\nA paragraph of text") { Meta = new JObject { ["format"] = "html" } });
        Assert.Equal(["First heading", "A paragraph of text"], doc.Sentences!.Value.Select(doc.TextOf));
    }

    [Fact]
    public void Empty_text_gives_empty_layers()
    {
        var doc = new TextStage().Process(new Document("e", ""));
        Assert.Empty(doc.Tokens!.Value);
        Assert.Empty(doc.Sentences!.Value);
        Assert.Empty(doc.Zones!.Value);
    }
}
