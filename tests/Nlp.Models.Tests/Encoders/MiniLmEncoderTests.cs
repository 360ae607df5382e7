using Nlp.Models.Encoders;
using Nlp.Models.Tagging;
using Nlp.Models.Tests.Tagging;

namespace Nlp.Models.Tests.Encoders;

/// <summary>
/// The pretrained encoder: pieces map back to the right tokens on hard cases, long sentences are windowed so that every
/// token is encoded once with context, and a tagger that reads it trains, saves and loads.
/// </summary>
public class MiniLmEncoderTests
{
    static readonly Lazy<MiniLmEncoder> Encoder = new(() => new MiniLmEncoder(threads: 1));

    static string[] PiecesOf(WordPieceAlignment a, int token) =>
        a.PieceIds.Where((_, p) => a.TokenOfPiece[p] == token).Select(id => Encoder.Value.Tokenizer.Decode([id]) ?? "").ToArray();

    [Fact]
    public void Every_token_gets_its_own_pieces_on_hard_cases()
    {
        string[] tokens = ["Ibárruri", "don't", "Kharkov-", "1937-38", "spetsposelentsy", "\u00B9", "Łódź", "U.S.S.R.", string.Concat(Enumerable.Repeat("Xqzvjkwyb", 8))];
        var a = WordPieceAlignment.Of(Encoder.Value.Tokenizer, tokens);
        Assert.Equal(tokens.Length, a.TokenOfPiece.Distinct().Count());            // no token without a piece
        Assert.True(a.TokenOfPiece.Zip(a.TokenOfPiece.Skip(1)).All(p => p.First <= p.Second));   // in order
        Assert.Equal("ibarruri", string.Concat(PiecesOf(a, 0)).Replace("##", ""));    // accents folded, not [UNK]
        Assert.Equal(["[UNK]"], PiecesOf(a, 5));                                        // no piece at all: [UNK]
        Assert.Equal("lodz", string.Concat(PiecesOf(a, 6)).Replace("##", "").Replace("ł", "l"));
        Assert.True(Encoder.Value.Tokenizer.EncodeToIds(tokens[8], addSpecialTokens: false).Count > WordPieceAlignment.MaxPiecesPerToken);
        Assert.Equal(WordPieceAlignment.MaxPiecesPerToken, PiecesOf(a, 8).Length);     // a very long word is cut
        Assert.Equal(Enumerable.Range(0, tokens.Length), a.FirstPieces().Select(p => a.TokenOfPiece[p]));
    }

    [Fact]
    public void Long_sentences_are_windowed_and_every_piece_is_in_one_core()
    {
        var tokens = Enumerable.Range(0, 400).Select(i => i % 7 == 0 ? "deportation" : "people").ToList();
        var a = WordPieceAlignment.Of(Encoder.Value.Tokenizer, tokens);
        var windows = EncoderWindows.Split(a, maxPieces: 50, context: 10);
        Assert.True(windows.Count > 1);
        Assert.All(windows, w => Assert.InRange(w.End - w.Start, 1, 50));
        Assert.Equal(Enumerable.Range(0, a.PieceIds.Length), windows.SelectMany(w => Enumerable.Range(w.CoreStart, w.CoreEnd - w.CoreStart)));
        // A core never splits a token, and keeps its context where the sentence has it.
        Assert.All(windows.Skip(1), w => Assert.NotEqual(a.TokenOfPiece[w.CoreStart - 1], a.TokenOfPiece[w.CoreStart]));
        Assert.All(windows.Skip(1).SkipLast(1), w => Assert.True(w.CoreStart - w.Start >= 10 && w.End - w.CoreEnd >= 10));
    }

    [Fact]
    public void Vectors_depend_on_context_and_a_long_sentence_is_encoded_whole()
    {
        var encoder = Encoder.Value;
        var vectors = encoder.Encode([["He", "lived", "in", "Moscow"], ["Moscow", "decided"], Enumerable.Repeat("word", 300).ToArray()]);
        Assert.Equal(4 * encoder.Dimension, vectors[0].Length);
        var moscowA = vectors[0].AsSpan(3 * encoder.Dimension, encoder.Dimension).ToArray();
        var moscowB = vectors[1].AsSpan(0, encoder.Dimension).ToArray();
        Assert.NotEqual(moscowA, moscowB);                          // the same word, another context
        Assert.Equal(300 * encoder.Dimension, vectors[2].Length);
        Assert.All(Enumerable.Range(0, 300), t => Assert.Contains(vectors[2].AsSpan(t * encoder.Dimension, encoder.Dimension).ToArray(), v => v != 0));
        // The same call again gives the same vectors (batching does not change them beyond float noise).
        var again = encoder.Encode([["He", "lived", "in", "Moscow"]]);
        Assert.All(vectors[0].Zip(again[0]), p => Assert.Equal(p.First, p.Second, 3));
    }

    [Fact]
    public void A_tagger_with_the_encoder_trains_and_loads_with_it()
    {
        var result = EntityTaggerTrainer.Fit(TaggerTestData.Tiny(), TaggerTestData.Tiny(), TaggerTestData.TinySettings(epochs: 3), threads: 1,
            encoder: Encoder.Value);
        Assert.Equal(MiniLmEncoder.EncoderName, result.Best.Settings.Encoder);
        Assert.Equal(384, result.Best.Settings.ContextualFeatures);
        string dir = Path.Combine(Path.GetTempPath(), "nlp-models-tests", Guid.NewGuid().ToString("N"));
        result.Save(dir, "tiny-encoder");
        var loaded = EntityTagger.Load(dir);
        Assert.Equal(MiniLmEncoder.EncoderName, loaded.Lexicons.Encoder?.Name);
        TaggerTestData.AssertSamePredictions(result.Best, loaded);
    }
}
