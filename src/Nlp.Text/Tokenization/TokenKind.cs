namespace Nlp.Text.Tokenization;

/// <summary>What the scanner recognised; the sentence splitter decides on these, never on strings.</summary>
public enum TokenKind : byte
{
    Word,
    /// <summary>Starts with a digit: 16,000 · 22.04 · 1930s · 28th · 05.09.35 · 5446/20a/493.</summary>
    Number,
    /// <summary>A word with its period: Mr. · p. · eds. · an initial (W.) · an initialism (U.S.S.R., i.e.).</summary>
    Abbreviation,
    /// <summary>Sentence-final punctuation: . ? ! and runs like ?!</summary>
    Terminal,
    /// <summary>, ; :</summary>
    Punctuation,
    OpenQuote,
    CloseQuote,
    OpenBracket,
    CloseBracket,
    /// <summary>En and em dashes, a free-standing hyphen, "--".</summary>
    Dash,
    /// <summary>… · ... · ". . ." (one token, spaces included).</summary>
    Ellipsis,
    /// <summary>A clitic split from its host: 's · ’s · n't · 're · 've · 'll · 'd · 'm.</summary>
    Clitic,
    Url,
    Email,
    /// <summary>Any other single character: $ % & * § † …</summary>
    Symbol,
}

[Flags]
public enum TokenFlags : byte
{
    None = 0,
    /// <summary>White space separates this token from the previous one.</summary>
    SpaceBefore = 1,
    /// <summary>A paragraph break (a blank line) separates this token from the previous one.</summary>
    ParagraphBefore = 2,
    /// <summary>An abbreviation that can also end a sentence ("etc.", "Inc.", "U.S.S.R.").</summary>
    MaySentenceEnd = 4,
}
