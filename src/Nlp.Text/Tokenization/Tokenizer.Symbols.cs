namespace Nlp.Text.Tokenization;

/// <summary>The scanner's second half: punctuation, quotes and apostrophes, dashes, ellipses, symbols and URLs.</summary>
public static partial class Tokenizer
{
    private static int ScanSymbol(ReadOnlySpan<char> s, int i, TokenBuffer tokens, out TokenKind kind)
    {
        int n = s.Length;
        char c = s[i];
        switch (c)
        {
            case '.':
                if (i + 2 < n && s[i + 1] == '.' && s[i + 2] == '.')
                {
                    kind = TokenKind.Ellipsis;
                    int j = i + 3;
                    while (j < n && s[j] == '.') j++;
                    return j;
                }
                if (i + 4 < n && s[i + 1] == ' ' && s[i + 2] == '.' && s[i + 3] == ' ' && s[i + 4] == '.')
                {
                    kind = TokenKind.Ellipsis; // ". . ." as typeset in the seeds; a fourth period is a sentence end
                    return i + 5;
                }
                kind = TokenKind.Terminal;
                return i + 1;
            case '?' or '!':
            {
                kind = TokenKind.Terminal;
                int j = i + 1;
                while (j < n && s[j] is '?' or '!') j++;
                return j;
            }
            case '…':
                kind = TokenKind.Ellipsis;
                return i + 1;
            case ',' or ';' or ':':
                kind = TokenKind.Punctuation;
                return i + 1;
            case '(' or '[' or '{':
                kind = TokenKind.OpenBracket;
                return i + 1;
            case ')' or ']' or '}':
                kind = TokenKind.CloseBracket;
                return i + 1;
            case '“' or '‘' or '„' or '‚' or '«' or '‹':
                kind = TokenKind.OpenQuote;
                return i + 1;
            case '”' or '»' or '›':
                kind = TokenKind.CloseQuote;
                return i + 1;
            case '"':
                kind = IsOpeningPosition(s, i) ? TokenKind.OpenQuote : TokenKind.CloseQuote;
                return i + 1;
            case '\'' or '’' or 'ʼ':
                return ScanApostrophe(s, i, tokens, out kind);
            case '-':
            {
                kind = TokenKind.Dash;
                int j = i + 1;
                while (j < n && s[j] == '-') j++;
                return j;
            }
            default:
                if (CharClass.IsDash(c))
                {
                    kind = TokenKind.Dash;
                    int j = i + 1;
                    while (j < n && s[j] == c) j++;
                    return j;
                }
                kind = TokenKind.Symbol;
                return char.IsHighSurrogate(c) && i + 1 < n && char.IsLowSurrogate(s[i + 1]) ? i + 2 : i + 1;
        }
    }

    private static int ScanApostrophe(ReadOnlySpan<char> s, int i, TokenBuffer tokens, out TokenKind kind)
    {
        int n = s.Length;
        if (tokens.LastEnd == i && tokens.LastKind is TokenKind.Word or TokenKind.Abbreviation or TokenKind.Number)
        {
            int clitic = CliticLength(s, i);
            if (clitic > 0)
            {
                kind = TokenKind.Clitic; // "Maclean" "’s", "U.S.S.R." "’s"
                return i + clitic;
            }
        }
        // A decade with its century elided: "’30s".
        if (i + 3 < n && CharClass.IsDigit(s[i + 1]) && CharClass.IsDigit(s[i + 2]) && s[i + 3] == 's'
            && (i + 4 == n || !CharClass.IsWordChar(s[i + 4])))
        {
            kind = TokenKind.Number;
            return i + 4;
        }
        kind = IsOpeningPosition(s, i) ? TokenKind.OpenQuote : TokenKind.CloseQuote;
        return i + 1;
    }

    /// <summary>A straight quote opens when it follows white space, an opening bracket or quote, or a dash.</summary>
    private static bool IsOpeningPosition(ReadOnlySpan<char> s, int i)
    {
        if (i == 0) return true;
        char p = s[i - 1];
        return CharClass.IsWhiteSpace(p) || p is '(' or '[' or '{' or '“' or '‘' or '—' or '–' or '-';
    }

    // ---- URLs ----

    private static bool IsUrlStart(ReadOnlySpan<char> s, int i)
    {
        char c = (char)(s[i] | 0x20);
        if (c != 'h' && c != 'w' && c != 'f') return false;
        var rest = s[i..];
        return rest.StartsWith("http://", StringComparison.OrdinalIgnoreCase)
               || rest.StartsWith("https://", StringComparison.OrdinalIgnoreCase)
               || rest.StartsWith("ftp://", StringComparison.OrdinalIgnoreCase)
               || (rest.StartsWith("www.", StringComparison.OrdinalIgnoreCase) && rest.Length > 4 && CharClass.IsWordChar(rest[4]));
    }

    private static int ScanUrl(ReadOnlySpan<char> s, int start)
    {
        int j = start;
        int open = 0;
        while (j < s.Length)
        {
            char c = s[j];
            if (CharClass.IsWhiteSpace(c) || c is '<' or '>' or '"' or '“' or '”' or '‘' or '’' or '«' or '»') break;
            if (c == '(') open++;
            else if (c == ')' && open-- == 0) break;
            j++;
        }
        // Sentence punctuation after a URL is not part of it.
        while (j > start + 1 && s[j - 1] is '.' or ',' or ';' or ':' or '!' or '?' or '\'') j--;
        return j;
    }
}
