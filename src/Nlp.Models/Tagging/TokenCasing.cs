namespace Nlp.Models.Tagging;

/// <summary>
/// Coarse casing class of a token. Word embeddings are looked up lowercased, so this is how the tagger still
/// sees capitalisation, the strongest single cue for names. Padding is 0 so it shares the padding index.
/// </summary>
public enum TokenCasing
{
    Padding = 0,
    Lower = 1,
    Title = 2,
    AllCaps = 3,
    HasDigit = 4,
    Other = 5,
}

public static class TokenCasings
{
    public const int Count = 6;

    public static TokenCasing Of(string token)
    {
        int letters = 0, upper = 0;
        foreach (char c in token)
        {
            if (char.IsDigit(c)) return TokenCasing.HasDigit;
            if (!char.IsLetter(c)) continue;
            letters++;
            if (char.IsUpper(c)) upper++;
        }
        if (letters == 0) return TokenCasing.Other;
        if (upper == 0) return TokenCasing.Lower;
        if (upper == letters && letters > 1) return TokenCasing.AllCaps;
        if (upper == 1 && char.IsUpper(token.First(char.IsLetter))) return TokenCasing.Title;
        return TokenCasing.Other;
    }
}
