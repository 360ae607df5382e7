using Nlp.Text.Normalization;
using Nlp.Text.Tokenization;

namespace Nlp.Text.Tests;

/// <summary>Test shorthand: the tokens and sentences of a text, as strings.</summary>
internal static class Segment
{
    public static string[] Tokens(string text)
    {
        var buffer = new TokenBuffer();
        Tokenizer.Tokenize(text, buffer);
        return buffer.AsSpan().ToArray().Select(t => text[t.Start..t.End]).ToArray();
    }

    public static TokenKind KindOf(string text, string token)
    {
        var buffer = new TokenBuffer();
        Tokenizer.Tokenize(text, buffer);
        foreach (var t in buffer.AsSpan())
            if (text[t.Start..t.End] == token) return t.Kind;
        throw new InvalidOperationException($"no token \"{token}\" in \"{text}\"");
    }

    public static string[] Sentences(string text)
    {
        var tokens = new TokenBuffer();
        var sentences = new SpanBuffer();
        Tokenizer.Tokenize(text, tokens);
        SentenceSplitter.Split(text, tokens, sentences);
        return sentences.AsSpan().ToArray().Select(s => text[s.Start..s.End]).ToArray();
    }

    /// <summary>Sentences of a text after normalization, as normalized strings.</summary>
    public static string[] NormalizedSentences(string text) => Sentences(TextNormalizer.Normalize(text).Text);
}
