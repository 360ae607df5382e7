using Nlp.Text.Normalization;
using Nlp.Text.Tokenization;

namespace Nlp.Text.Tests;

/// <summary>
/// Generated texts full of the characters that make extraction damage (hyphens, dashes, line breaks of every kind,
/// quotes, soft hyphens, surrogate pairs): the invariants of the stage must hold on all of them. Seeded, so every
/// run checks the same texts.
/// </summary>
public class RandomTextTests
{
    private static readonly string[] Pieces =
    [
        "a", "b", "Mac", "lean", "individ", "uals", "A", "Z", "1", "19", "2,000", "-", "-", "–", "—", " ", " ", " ", "  ",
        "\n", "\n", "\n\n", "\r\n", "\r", "\f", "\t", ".", ".", ",", ";", ":", "?", "!", "’", "'", "\"", "“", "”", "(", ")",
        "\u00AD", "\u00A0", "…", ". . .", "@", "/", "p.", "U.S.", "n't", "’s", "😀", "é", "\u2028", "$", "%", "*", "1 ", "\n12 ",
    ];

    public static TheoryData<int> Seeds => new(Enumerable.Range(0, 8));

    [Theory]
    [MemberData(nameof(Seeds))]
    public void Invariants_hold_on_generated_text(int seed)
    {
        var random = new Random(seed);
        var tokens = new TokenBuffer();
        var sentences = new SpanBuffer();
        for (int round = 0; round < 300; round++)
        {
            var original = string.Concat(Enumerable.Range(0, random.Next(1, 80)).Select(_ => Pieces[random.Next(Pieces.Length)]));
            foreach (var wrapping in new[] { Wrapping.Auto, Wrapping.Unwrapped })
            {
                var normalized = TextNormalizer.Normalize(original, new NormalizerOptions { Wrapping = wrapping });
                for (int i = 1; i < normalized.Map.Length; i++) Assert.True(normalized.Map[i] >= normalized.Map[i - 1]);
                Assert.All(normalized.Map, m => Assert.InRange(m, 0, original.Length));

                Tokenizer.Tokenize(normalized.Text, tokens);
                SentenceSplitter.Split(normalized.Text, tokens, sentences);
                int previousEnd = 0;
                foreach (var token in tokens.AsSpan())
                {
                    Assert.True(token.Start >= previousEnd && token.End > token.Start && token.End <= normalized.Length);
                    previousEnd = token.End;
                    var span = normalized.ToOriginal(token.Start, token.End);
                    Assert.Equal(normalized.Text[token.Start..token.End], TokenText.Surface(original, span));
                }
                previousEnd = 0;
                foreach (var sentence in sentences.AsSpan())
                {
                    Assert.True(sentence.Start >= previousEnd && sentence.End > sentence.Start);
                    previousEnd = sentence.End;
                }
            }
        }
    }
}
