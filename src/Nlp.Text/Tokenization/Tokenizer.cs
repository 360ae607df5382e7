using System.Runtime.CompilerServices;

namespace Nlp.Text.Tokenization;

/// <summary>
/// A hand-rolled, single-pass scanner over characters: no regular expressions, no strings per token. It emits
/// <see cref="Token"/> structs into a reusable <see cref="TokenBuffer"/>.
///
/// Conventions (close to Penn Treebank / OntoNotes, chosen so that every entity span of ANNOTATION.md falls on
/// token boundaries):
/// <list type="bullet">
/// <item>Hyphenated words stay whole ("Turko-Tartar", "depressed-looking", "post-1924"); a hyphen or dash between
///   two numbers is split off, so a range is three tokens ("1914" "–" "1918", "216" "–" "17").</item>
/// <item>Numbers keep thousands separators and decimals ("16,000", "22.04", "05.09.35"); "%" and "$" are separate
///   tokens ("12" "%", "$" "500,000"); ordinals and decades are one token ("28th", "1930s").</item>
/// <item>Clitics are split: "Maclean’s" → "Maclean" "’s"; "don't" → "do" "n't".</item>
/// <item>Abbreviations, initials and initialisms keep their period ("Mr.", "p.", "W.E.B.", "U.S.S.R.", "i.e.").</item>
/// <item>Quotes, brackets, dashes and footnote numbers glued to punctuation are separate tokens
///   ("Samarkand.”1" → "Samarkand" "." "”" "1").</item>
/// <item>An ellipsis is one token, whether "…", "..." or ". . .".</item>
/// <item>Words glued by PDF extraction are split at a lower-to-upper case change after two lower-case letters
///   ("andYuri" → "and" "Yuri", "KazakhASSR" → "Kazakh" "ASSR"; not "McKay", "MacArthur", "RTsKhIDNI").</item>
/// <item>A blank line (two line breaks) in the input marks a paragraph: <see cref="TokenFlags.ParagraphBefore"/>.</item>
/// </list>
/// </summary>
public static partial class Tokenizer
{
    public static void Tokenize(ReadOnlySpan<char> text, TokenBuffer tokens)
    {
        tokens.Clear();
        int n = text.Length;
        int i = 0;
        bool space = false;
        int lineBreaks = 0;
        while (i < n)
        {
            char c = text[i];
            if (CharClass.IsWhiteSpace(c))
            {
                if (CharClass.IsLineBreak(c) && !(c == '\n' && i > 0 && text[i - 1] == '\r')) lineBreaks++;
                space = true;
                i++;
                continue;
            }

            var flags = (space ? TokenFlags.SpaceBefore : TokenFlags.None)
                        | (lineBreaks >= 2 && tokens.Count > 0 ? TokenFlags.ParagraphBefore : TokenFlags.None);
            space = false;
            lineBreaks = 0;

            TokenKind kind;
            int end = CharClass.IsWordChar(c)
                ? ScanWord(text, i, tokens, out kind, ref flags)
                : ScanSymbol(text, i, tokens, out kind);
            tokens.Add(i, end, kind, flags);
            i = end;
        }
    }

    // ---- words and numbers ----

    private static int ScanWord(ReadOnlySpan<char> s, int start, TokenBuffer tokens, out TokenKind kind, ref TokenFlags flags)
    {
        int n = s.Length;
        if ((s[start] | 0x20) == 'n' && tokens.LastEnd == start && IsNotClitic(s, start))
        {
            kind = TokenKind.Clitic;
            return start + 3;
        }
        if (IsUrlStart(s, start))
        {
            kind = TokenKind.Url;
            return ScanUrl(s, start);
        }

        bool numeric = CharClass.IsDigit(s[start]);
        bool plainInteger = numeric; // digits only so far: a period after it may be a sentence end
        bool hasLetter = false;
        bool hasOther = false;       // digits or connectors: not a candidate abbreviation
        int segmentStart = start;    // start of the current capitalised segment, for glued-word splitting
        int segmentLower = 0;
        int i = start;

        while (i < n)
        {
            char c = s[i];
            if (CharClass.IsLetter(c))
            {
                if (i > start && CharClass.IsDigit(s[i - 1]) && !hasLetter)
                {
                    // Digits followed by letters: an ordinal or decade stays ("28th", "1930s"); a glued word
                    // is split ("1.3million"); a single letter stays ("20a" in an archival reference).
                    int runEnd = i;
                    while (runEnd < n && CharClass.IsLetter(s[runEnd])) runEnd++;
                    if (!IsNumberSuffix(s.Slice(i, runEnd - i)) && runEnd - i >= 2) break;
                }
                if (CharClass.IsUpper(c))
                {
                    if (IsGluedWordBoundary(s, segmentStart, segmentLower, i))
                        break; // "andYuri", "FitzroyMaclean", "AtAltaisk": two words glued by the PDF extraction
                    segmentStart = i;
                    segmentLower = 0;
                }
                else if (CharClass.IsLower(c))
                {
                    // "NKVDwas": an acronym glued to a lower-case function word.
                    if (segmentLower == 0 && i - start >= 2 && CharClass.IsUpper(s[i - 1]) && IsGluedFunctionWord(s, start, i)) break;
                    segmentLower++;
                }
                hasLetter = true;
                plainInteger = false;
                i++;
                continue;
            }
            if (CharClass.IsDigit(c))
            {
                hasOther = true;
                segmentLower = 0;
                i++;
                continue;
            }
            if (c > 127 && CharClass.IsWordChar(c))
            {
                i++; // combining marks, soft hyphens, non-Latin digits
                continue;
            }

            // Connectors: characters that join two word parts into one token.
            char next = i + 1 < n ? s[i + 1] : '\0';
            if (CharClass.IsHyphen(c))
            {
                // "Turko-Tartar", "post-1924", "30-kh" stay whole; "1914-1918" is a range and is split.
                if (!CharClass.IsWordChar(next) || (CharClass.IsDigit(s[i - 1]) && CharClass.IsDigit(next))) break;
                Connect(ref i, ref segmentStart, ref segmentLower, ref plainInteger, ref hasOther);
                continue;
            }
            if (c == '.')
            {
                if (!CharClass.IsDigit(s[i - 1]) || !CharClass.IsDigit(next)) break;
                // "22.04", "05.09.35" — but "in 1908.24 During" is a year, a period and footnote 24.
                if (plainInteger && IsFootnoteAfterNumber(s, i)) break;
                Connect(ref i, ref segmentStart, ref segmentLower, ref plainInteger, ref hasOther);
                continue;
            }
            if (c == ',')
            {
                // Thousands separator: exactly three digits follow ("16,000", "2,204"; not "1919,1920").
                if (!numeric || !CharClass.IsDigit(s[i - 1]) || !IsThreeDigitGroup(s, i + 1)) break;
                i += 4;
                plainInteger = false;
                hasOther = true;
                continue;
            }
            if (c == '/')
            {
                // Archival references and alternatives stay whole: "62/2/882", "5446/20a/493", "and/or".
                if (!CharClass.IsWordChar(next)) break;
                Connect(ref i, ref segmentStart, ref segmentLower, ref plainInteger, ref hasOther);
                continue;
            }
            if (CharClass.IsApostrophe(c))
            {
                // Inside a word ("Natsional’nye", "L’viv", "O’Brien") it stays; a clitic is split off.
                if (!CharClass.IsLetter(next) || !CharClass.IsLetter(s[i - 1]) || CliticLength(s, i) > 0) break;
                if ((s[i - 1] | 0x20) == 'n' && (next | 0x20) == 't' && (i + 2 >= n || !CharClass.IsLetter(s[i + 2])))
                {
                    if (i - 1 > start) i--; // "do|n't": the n belongs to the clitic
                    break;
                }
                Connect(ref i, ref segmentStart, ref segmentLower, ref plainInteger, ref hasOther);
                continue;
            }
            if (c == '&' && CharClass.IsUpper(s[i - 1]) && CharClass.IsUpper(next))
            {
                Connect(ref i, ref segmentStart, ref segmentLower, ref plainInteger, ref hasOther);
                continue;
            }
            break;
        }

        if (i < n && s[i] is '@' or '.' or '_' or '+' && i + 1 < n && (CharClass.IsWordChar(s[i + 1]) || s[i] == '@'))
        {
            int emailEnd = EmailScanner.TryScan(s, start);
            if (emailEnd > 0)
            {
                kind = TokenKind.Email;
                return emailEnd;
            }
        }

        kind = numeric ? TokenKind.Number : TokenKind.Word;
        if (i < n && s[i] == '.' && hasLetter && !hasOther)
            return AttachPeriod(s, start, i, ref kind, ref flags);
        return i;
    }

    /// <summary>
    /// An upper-case letter at <paramref name="i"/> after a lower-case one starts a new, glued word when the segment
    /// before it has two lower-case letters or more and is not a name prefix ("Mac" in "MacArthur"), or is a
    /// capitalised two-letter function word before a capitalised word ("At|Altaisk", "In|Paris").
    /// </summary>
    private static bool IsGluedWordBoundary(ReadOnlySpan<char> s, int segmentStart, int segmentLower, int i)
    {
        if (i == segmentStart || !CharClass.IsLower(s[i - 1])) return false;
        var segment = s.Slice(segmentStart, i - segmentStart);
        if (segmentLower >= 2) return !Abbreviations.IsNamePrefix(segment);
        return segment.Length == 2 && i + 1 < s.Length && CharClass.IsLower(s[i + 1]) && Abbreviations.IsShortFunctionWord(segment);
    }

    /// <summary>
    /// At <paramref name="i"/>, the first lower-case letter after a run of two or more capitals that begins the word
    /// (or follows a connector), and the letters from here to the end of the word are a function word.
    /// </summary>
    private static bool IsGluedFunctionWord(ReadOnlySpan<char> s, int start, int i)
    {
        int run = i;
        while (run > start && CharClass.IsUpper(s[run - 1])) run--;
        if (i - run < 2 || (run > start && CharClass.IsLetter(s[run - 1]))) return false;
        int end = i;
        while (end < s.Length && CharClass.IsLower(s[end])) end++;
        if (end < s.Length && CharClass.IsWordChar(s[end])) return false;
        return Abbreviations.IsLowerFunctionWord(s.Slice(i, end - i));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Connect(ref int i, ref int segmentStart, ref int segmentLower, ref bool plainInteger, ref bool hasOther)
    {
        i++;
        segmentStart = i;
        segmentLower = 0;
        plainInteger = false;
        hasOther = true;
    }

    /// <summary>
    /// A word followed by a period: decides whether the period belongs to it (abbreviation, initial, initialism)
    /// and returns the token's end.
    /// </summary>
    private static int AttachPeriod(ReadOnlySpan<char> s, int start, int period, ref TokenKind kind, ref TokenFlags flags)
    {
        int n = s.Length;
        var word = s.Slice(start, period - start);
        if (word.Length <= 2)
        {
            // Letter-period units: "U.S.S.R.", "W.E.B.", "i.e.", "Ph.D.", "N.Y."
            int j = period + 1;
            int units = 1;
            while (j < n && CharClass.IsLetter(s[j]))
            {
                int k = j;
                while (k < n && k - j < 3 && CharClass.IsLetter(s[k])) k++;
                if (k - j > 2 || k >= n || s[k] != '.') break;
                units++;
                j = k + 1;
            }
            if (units >= 2)
            {
                kind = TokenKind.Abbreviation;
                flags |= TokenFlags.MaySentenceEnd;
                return j;
            }
            if (word.Length == 1)
            {
                // An initial ("N. F. Bugai") or a one-letter abbreviation ("p. 213", "n. 9"): never a sentence end.
                kind = TokenKind.Abbreviation;
                return period + 1;
            }
        }

        switch (Abbreviations.Classify(word))
        {
            case AbbreviationClass.Prefix:
                kind = TokenKind.Abbreviation;
                return period + 1;
            case AbbreviationClass.Suffix:
                kind = TokenKind.Abbreviation;
                flags |= TokenFlags.MaySentenceEnd;
                return period + 1;
            case AbbreviationClass.BeforeNumber:
                int k = period + 1;
                while (k < n && s[k] == ' ') k++;
                if (k < n && CharClass.IsDigit(s[k]))
                {
                    kind = TokenKind.Abbreviation;
                    return period + 1;
                }
                return period;
            default:
                return period;
        }
    }

    private static bool IsNumberSuffix(ReadOnlySpan<char> letters) =>
        letters.Length switch
        {
            1 => (letters[0] | 0x20) is 's' or 'd',
            2 => (letters[0] | 0x20, letters[1] | 0x20) is ('s', 't') or ('n', 'd') or ('r', 'd') or ('t', 'h') or ('t', 'x'),
            _ => false,
        };

    private static bool IsThreeDigitGroup(ReadOnlySpan<char> s, int i) =>
        i + 2 < s.Length && CharClass.IsDigit(s[i]) && CharClass.IsDigit(s[i + 1]) && CharClass.IsDigit(s[i + 2])
        && (i + 3 == s.Length || !CharClass.IsDigit(s[i + 3]));

    /// <summary>
    /// "1908.24 During": an integer, a period, one to three digits, then white space and a capital (or the end).
    /// A decimal is followed by a unit or a lower-case word; a footnote number after a sentence by a new sentence.
    /// </summary>
    private static bool IsFootnoteAfterNumber(ReadOnlySpan<char> s, int period)
    {
        int k = period + 1;
        while (k < s.Length && CharClass.IsDigit(s[k])) k++;
        int digits = k - period - 1;
        if (digits > 3) return false;
        if (k == s.Length) return true;
        if (!CharClass.IsWhiteSpace(s[k])) return false;
        while (k < s.Length && CharClass.IsWhiteSpace(s[k])) k++;
        return k == s.Length || CharClass.IsUpper(s[k]) || s[k] is '“' or '"' or '‘';
    }

    /// <summary>"n't" glued to the word before it, followed by a non-letter.</summary>
    private static bool IsNotClitic(ReadOnlySpan<char> s, int i) =>
        i + 2 < s.Length && CharClass.IsApostrophe(s[i + 1]) && (s[i + 2] | 0x20) == 't'
        && (i + 3 == s.Length || !CharClass.IsLetter(s[i + 3]));

    /// <summary>Length of a clitic starting with the apostrophe at <paramref name="i"/> ('s 're 've 'll 'd 'm), else 0.</summary>
    private static int CliticLength(ReadOnlySpan<char> s, int i)
    {
        int n = s.Length;
        int letters = 0;
        while (i + 1 + letters < n && letters < 3 && CharClass.IsLetter(s[i + 1 + letters])) letters++;
        if (letters == 0 || letters > 2) return 0;
        if (i + 1 + letters < n && CharClass.IsWordChar(s[i + 1 + letters])) return 0;
        char a = (char)(s[i + 1] | 0x20);
        if (letters == 1) return a is 's' or 'd' or 'm' ? 2 : 0;
        char b = (char)(s[i + 2] | 0x20);
        return (a, b) is ('r', 'e') or ('v', 'e') or ('l', 'l') ? 3 : 0;
    }
}
