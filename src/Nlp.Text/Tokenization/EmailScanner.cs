namespace Nlp.Text.Tokenization;

/// <summary>Recognises an e-mail address at a word start: local@domain.tld, without regular expressions.</summary>
internal static class EmailScanner
{
    /// <summary>The end of the address starting at <paramref name="start"/>, or -1 when there is none.</summary>
    public static int TryScan(ReadOnlySpan<char> s, int start)
    {
        int i = start;
        while (i < s.Length && IsLocalChar(s[i])) i++;
        if (i == start || i >= s.Length || s[i] != '@' || s[i - 1] == '.') return -1;
        int domainStart = ++i;
        int lastDot = -1;
        while (i < s.Length && (IsAsciiAlnum(s[i]) || s[i] == '-' || (s[i] == '.' && i + 1 < s.Length && IsAsciiAlnum(s[i + 1]))))
        {
            if (s[i] == '.') lastDot = i;
            i++;
        }
        // At least one dot, and a top-level domain of two letters or more.
        if (lastDot < domainStart || i - lastDot - 1 < 2) return -1;
        return i;
    }

    private static bool IsAsciiAlnum(char c) => c < 128 && CharClass.IsWordChar(c);

    private static bool IsLocalChar(char c) => IsAsciiAlnum(c) || c is '.' or '_' or '%' or '+' or '-';
}
