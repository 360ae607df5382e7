using Nlp.Core.Model;

namespace Nlp.Text.Tokenization;

/// <summary>
/// Groups tokens into sentences in one pass over the token buffer. A sentence ends:
/// <list type="bullet">
/// <item>at a paragraph break, always (so a footnote, which the normalizer puts in a paragraph of its own, never
///   shares a sentence with body text);</item>
/// <item>after . ? ! — together with the closing quotes, brackets and glued footnote numbers that follow
///   ("Samarkand.”1") — when the next token can open a sentence: a capital, a digit, or an opening quote or
///   bracket before one. A lower-case word after a period continues the sentence.</item>
/// <item>after an abbreviation that may end a sentence ("etc.", "U.S.S.R.") or an ellipsis, only when a typical
///   sentence opener follows ("The", "In", "However"…). Initials and prefix abbreviations ("W.", "p.", "Dr.")
///   never end a sentence.</item>
/// </list>
/// Sentences are written as character spans over the same text as the tokens.
/// </summary>
public static class SentenceSplitter
{
    public static void Split(ReadOnlySpan<char> text, TokenBuffer tokens, SpanBuffer sentences)
    {
        sentences.Clear();
        int count = tokens.Count;
        if (count == 0) return;
        int first = 0;
        for (int t = 0; t < count; t++)
        {
            ref var token = ref tokens[t];
            if (t > first && token.Has(TokenFlags.ParagraphBefore))
            {
                sentences.Add(new Span(tokens[first].Start, tokens[t - 1].End));
                first = t;
            }
            if (!IsEndCandidate(token)) continue;
            // "without these changes, . . . I repeat": an ellipsis after a comma marks an omission, not an end.
            if (token.Kind == TokenKind.Ellipsis && t > 0 && tokens[t - 1].Kind == TokenKind.Punctuation) continue;

            int next = SkipTrailers(text, tokens, t + 1);
            bool ends = next >= count
                        || tokens[next].Has(TokenFlags.ParagraphBefore)
                        || (token.Kind == TokenKind.Terminal
                            ? CanOpenSentence(text, tokens, next)
                            : OpensSentenceAfterAbbreviation(text, tokens, next));
            if (!ends) continue;
            sentences.Add(new Span(tokens[first].Start, tokens[next - 1].End));
            first = next;
            t = next - 1;
        }
        if (first < count) sentences.Add(new Span(tokens[first].Start, tokens[count - 1].End));
    }

    private static bool IsEndCandidate(in Token token) =>
        token.Kind is TokenKind.Terminal or TokenKind.Ellipsis
        || (token.Kind == TokenKind.Abbreviation && token.Has(TokenFlags.MaySentenceEnd));

    /// <summary>
    /// After sentence-final punctuation: glued closing quotes and brackets, more final punctuation, and a glued
    /// footnote number ("said.4", "Samarkand.”1", "precaution.”3"). Returns the index of the first token after them.
    /// </summary>
    private static int SkipTrailers(ReadOnlySpan<char> text, TokenBuffer tokens, int t)
    {
        int count = tokens.Count;
        while (t < count)
        {
            ref var token = ref tokens[t];
            if (token.Has(TokenFlags.SpaceBefore)) break;
            switch (token.Kind)
            {
                case TokenKind.CloseQuote or TokenKind.CloseBracket or TokenKind.Terminal:
                    t++;
                    continue;
                case TokenKind.Number when token.Length <= 3 && IsAllDigits(text.Slice(token.Start, token.Length)):
                    return t + 1; // the footnote number closes the trailers
                case TokenKind.Symbol when text[token.Start] is '*' or '†' or '‡':
                    return t + 1;
            }
            break;
        }
        return t;
    }

    private static bool CanOpenSentence(ReadOnlySpan<char> text, TokenBuffer tokens, int t)
    {
        ref var token = ref tokens[t];
        char c = text[token.Start];
        if (CharClass.IsUpper(c) || CharClass.IsDigit(c)) return true;
        if (token.Kind is TokenKind.OpenQuote or TokenKind.OpenBracket or TokenKind.Dash && t + 1 < tokens.Count)
        {
            char d = text[tokens[t + 1].Start];
            return CharClass.IsUpper(d) || CharClass.IsDigit(d) || tokens[t + 1].Kind == TokenKind.OpenQuote;
        }
        // A letter that has no case (e.g. CJK) cannot tell; treat it as a new sentence.
        return CharClass.IsLetter(c) && !CharClass.IsLower(c);
    }

    private static bool OpensSentenceAfterAbbreviation(ReadOnlySpan<char> text, TokenBuffer tokens, int t)
    {
        if (tokens[t].Kind is TokenKind.OpenQuote && t + 1 < tokens.Count) t++;
        ref var token = ref tokens[t];
        return token.Kind == TokenKind.Word && SentenceOpeners.Contains(text.Slice(token.Start, token.Length));
    }

    private static bool IsAllDigits(ReadOnlySpan<char> s)
    {
        foreach (char c in s)
            if (!CharClass.IsDigit(c)) return false;
        return true;
    }
}
