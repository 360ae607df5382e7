using System.Globalization;
using System.Text.RegularExpressions;

namespace Nlp.Rules;

/// <summary>
/// Reads the value of a numeral written in digits, words or both: "16,000", "ten thousand", "1.3million",
/// "twenty-seven", "a quarter", "one-third", "half a dozen". Vague numerals ("thousands", "several hundred",
/// "tens of thousands") have no value: <c>null</c>. Ranges ("2,000 to 3,000", "Twelve to 14 million") are read
/// by <see cref="ParseRange"/>.
/// </summary>
internal static partial class NumberParser
{
    [GeneratedRegex(@"(?<=\d)(?=\p{L})|(?<=\p{L})(?=\d)")]
    private static partial Regex DigitLetterBoundary();

    [GeneratedRegex(@"^(?<a>.+?)\s*(?:\s(?:to|or|and)\s|[–—]|(?<=\d)-(?=\s*\d)|(?<=\d)-\s+to\s)\s*(?<b>.+)$", RegexOptions.IgnoreCase)]
    private static partial Regex RangeSplit();

    [GeneratedRegex(@"^\d{1,3}(?:,\d{3})+$|^\d+(?:\.\d+)?$")]
    private static partial Regex Digits();

    [GeneratedRegex(@"^(?<n>\d+)(?:st|nd|rd|th|d)$", RegexOptions.IgnoreCase)]
    private static partial Regex DigitOrdinal();

    private static readonly HashSet<string> Vague = new(StringComparer.Ordinal)
    {
        "several", "few", "many", "dozens", "hundreds", "thousands", "millions", "billions", "tens", "scores", "numerous",
    };

    /// <summary>A single numeral's value, or null when it is vague or not a numeral.</summary>
    public static double? Parse(string text)
    {
        string cleaned = DigitLetterBoundary().Replace(TextCleanup.Clean(text), " ").ToLowerInvariant();
        if (cleaned == "half a dozen") return 6;
        var words = cleaned.Split([' ', '-', '‐'], StringSplitOptions.RemoveEmptyEntries);
        if (words.Length == 0) return null;

        double total = 0, current = 0;
        bool any = false;
        for (int i = 0; i < words.Length; i++)
        {
            string w = words[i];
            if (Digits().IsMatch(w))
            {
                current += double.Parse(w.Replace(",", ""), CultureInfo.InvariantCulture);
                any = true;
            }
            else if (Lexicon.Units.TryGetValue(w, out int u)) { current += u; any = true; }
            else if (w is "a" or "an") continue; // "a hundred thousand": the scale that follows counts it as one
            // "one hundred and twenty" is one number; "1,000 and 2,000" is two.
            else if (w == "and") { if (i == 0 || !Lexicon.Scales.ContainsKey(words[i - 1])) return null; }
            else if (w == "hundred") { current = (current == 0 ? 1 : current) * 100; any = true; }
            else if (w == "dozen") { current = (current == 0 ? 1 : current) * 12; any = true; }
            else if (Lexicon.Scales.TryGetValue(w, out long scale))
            {
                total += (current == 0 ? 1 : current) * scale;
                current = 0;
                any = true;
            }
            else if (Lexicon.Fractions.TryGetValue(w, out double f) && i == words.Length - 1)
            {
                // "one-third", "two-thirds", "a quarter", "half": the numerator is what came before, 1 by default.
                current = (current == 0 ? 1 : current) * f;
                any = true;
            }
            else if (Vague.Contains(w) || w == "of") return null;
            else return null;
        }
        return any ? total + current : null;
    }

    /// <summary>A range's two ends, the left end taking the right end's scale ("2–3 million"); null if not a range.</summary>
    public static (double Low, double High)? ParseRange(string text)
    {
        var m = RangeSplit().Match(TextCleanup.Clean(text));
        if (!m.Success) return null;
        string a = m.Groups["a"].Value.Trim(), b = m.Groups["b"].Value.Trim();
        double? high = Parse(b);
        double? low = Parse(a);
        if (high is null || low is null) return null;
        // The scale written once after the right end applies to the left end as well.
        string lowerB = b.ToLowerInvariant();
        foreach (var (word, scale) in Lexicon.Scales)
            if (word != "dozen" && lowerB.EndsWith(word, StringComparison.Ordinal) && !a.ToLowerInvariant().Contains(word) && low < scale)
                return (low.Value * scale, high.Value);
        return (low.Value, high.Value);
    }

    /// <summary>An ordinal's value: "28th" → 28, "third" → 3, "twenty-first" → 21.</summary>
    public static int? ParseOrdinal(string text)
    {
        string t = TextCleanup.Clean(text).ToLowerInvariant();
        var d = DigitOrdinal().Match(t);
        if (d.Success) return int.Parse(d.Groups["n"].Value, CultureInfo.InvariantCulture);
        var parts = t.Split(['-', ' '], StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length == 0 || !Lexicon.Ordinals.TryGetValue(parts[^1], out int last)) return null;
        int sum = last;
        for (int i = 0; i < parts.Length - 1; i++)
        {
            if (!Lexicon.Units.TryGetValue(parts[i], out int u)) return null;
            sum += u;
        }
        return sum;
    }

    /// <summary>A number for JSON: integral values as integers, others rounded to six decimals.</summary>
    public static object ToJson(double value) =>
        Math.Abs(value - Math.Round(value)) < 1e-9 && Math.Abs(value) < 9e15 ? (object)(long)Math.Round(value) : Math.Round(value, 6);

    public static string RangeString(double low, double high) =>
        $"{Format(low)}/{Format(high)}";

    public static string Format(double v) => ToJson(v) switch
    {
        long l => l.ToString(CultureInfo.InvariantCulture),
        double d => d.ToString("0.######", CultureInfo.InvariantCulture),
        var o => o.ToString()!,
    };
}
