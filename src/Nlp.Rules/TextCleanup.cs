using System.Text.RegularExpressions;

namespace Nlp.Rules;

/// <summary>
/// Undoes the extraction damage that the rules tolerate inside a span before its value is read: words broken at a
/// line end ("mil- lion", "Octo- ber") are joined when the joined word is one the normalizer knows; other hyphens
/// ("one- third", "fifteen- kilometer") stay hyphens. Whitespace runs become one space.
/// </summary>
internal static partial class TextCleanup
{
    [GeneratedRegex(@"(\p{L}+)-\s+(\p{L}+)")]
    private static partial Regex BrokenWord();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Spaces();

    private static readonly HashSet<string> KnownWords = BuildKnownWords();

    public static string Clean(string text)
    {
        string joined = BrokenWord().Replace(text, m =>
        {
            string a = m.Groups[1].Value, b = m.Groups[2].Value;
            return KnownWords.Contains((a + b).ToLowerInvariant()) ? a + b : a + "-" + b;
        });
        return Spaces().Replace(joined, " ").Trim();
    }

    private static HashSet<string> BuildKnownWords()
    {
        var words = new HashSet<string>(StringComparer.Ordinal)
        {
            "percent", "million", "millions", "billion", "thousand", "thousands", "hundred", "hundreds",
            "winter", "summer", "spring", "autumn", "century", "centuries", "decade", "decades",
        };
        foreach (var m in Lexicon.MonthNames) words.Add(m.ToLowerInvariant());
        foreach (var k in Lexicon.Units.Keys) words.Add(k);
        foreach (var k in Lexicon.Ordinals.Keys) words.Add(k);
        foreach (var k in Lexicon.MeasureUnits.Keys) words.Add(k);
        foreach (var k in Lexicon.Currencies.Keys) words.Add(k);
        return words;
    }
}
