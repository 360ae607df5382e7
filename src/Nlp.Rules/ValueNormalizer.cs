using System.Text.RegularExpressions;
using Newtonsoft.Json.Linq;

namespace Nlp.Rules;

/// <summary>
/// The normalized value of a DATE, TIME, CARDINAL, ORDINAL, PERCENT, MONEY or QUANTITY mention, whoever found
/// it (the rules or a statistical tagger). Returns the fields to merge into the entity's Extra:
/// <c>"normalized"</c> (an ISO 8601 string for DATE/TIME; a JSON number, or a "low/high" string for a range,
/// for the others) and <c>"unit"</c> for MONEY (ISO 4217 code) and QUANTITY (unit symbol). Returns null when
/// nothing can be resolved ("that year", "thousands") or the label is not one of the seven.
/// </summary>
public static partial class ValueNormalizer
{
    [GeneratedRegex(@"\s*(?:percent|per\s*cent|pct\.?|%)$", RegexOptions.IgnoreCase)]
    private static partial Regex PercentSign();

    /// <summary>Approximators a tagger's span may include although the conventions leave them out.</summary>
    [GeneratedRegex(@"^(?:(?:some|about|around|approximately|nearly|almost|roughly|over|under|circa|ca\.|c\.|up\s+to|at\s+least|at\s+most|more\s+than|less\s+than|fewer\s+than|as\s+many\s+as|only|just|the|a\s+total\s+of)\s+)+", RegexOptions.IgnoreCase)]
    private static partial Regex Approximator();

    public static JObject? Normalize(string label, string text)
    {
        ArgumentNullException.ThrowIfNull(label);
        ArgumentNullException.ThrowIfNull(text);
        string t = TextCleanup.Clean(text);
        if (label is not (NumericLabels.Date or NumericLabels.Time)) t = Approximator().Replace(t, "");
        if (t.Length == 0) return null;
        return label switch
        {
            NumericLabels.Date or NumericLabels.Time => Wrap(TemporalNormalizer.Normalize(label, t), null),
            NumericLabels.Ordinal => NumberParser.ParseOrdinal(t) is { } o ? Wrap(o, null) : null,
            NumericLabels.Cardinal => Wrap(NumberOrRange(t), null),
            NumericLabels.Percent => Wrap(NumberOrRange(PercentSign().Replace(t, "")), null),
            NumericLabels.Money => Money(t),
            NumericLabels.Quantity => Quantity(t),
            _ => null,
        };
    }

    /// <summary>A single value as a JSON number, a range as "low/high", null when vague.</summary>
    internal static object? NumberOrRange(string t)
    {
        if (NumberParser.Parse(t) is { } v) return NumberParser.ToJson(v);
        if (NumberParser.ParseRange(t) is { } r) return NumberParser.RangeString(r.Low, r.High);
        return null;
    }

    private static JObject? Money(string t)
    {
        string? unit = null;
        string amount = t;
        foreach (var symbol in new[] { "$", "£" })
            if (amount.Contains(symbol))
            {
                unit = Lexicon.Currencies[symbol];
                amount = amount.Replace("US$", "").Replace(symbol, "").Trim();
            }
        if (unit is null)
        {
            // The currency word ends the mention: "200,000 Marks", "500 gold rubles".
            foreach (var (word, code) in CurrenciesLongestFirst)
                if (word.Length > 1 && amount.EndsWith(word, StringComparison.OrdinalIgnoreCase)
                    && (amount.Length == word.Length || !char.IsLetter(amount[amount.Length - word.Length - 1])))
                {
                    unit = code;
                    amount = amount[..^word.Length].Trim();
                    break;
                }
        }
        if (unit == Lexicon.KopeckCode)
            return Wrap(NumberParser.Parse(amount) is { } k ? NumberParser.ToJson(k / 100) : null, "RUB");
        return Wrap(NumberOrRange(amount), unit);
    }

    /// <summary>Currency words, longest first so "gold rubles" wins over "rubles"; sorted once, not per mention.</summary>
    private static readonly KeyValuePair<string, string>[] CurrenciesLongestFirst =
        Lexicon.Currencies.OrderByDescending(c => c.Key.Length).ToArray();

    /// <summary>
    /// A unit word ending the mention, longest word first, each pattern built once: built per call, the 40 patterns
    /// overflowed the static Regex cache (15 entries) and were parsed again for every QUANTITY.
    /// </summary>
    private static readonly (string Symbol, Regex Pattern)[] UnitPatterns = Lexicon.MeasureUnits
        .OrderByDescending(u => u.Key.Length)
        .Select(u => (u.Value, new Regex(@"[\s-]*\b" + Regex.Escape(u.Key) + @"\b(?:[\s-]*(?:wide|long|deep|high))?$", RegexOptions.IgnoreCase)))
        .ToArray();

    private static JObject? Quantity(string t)
    {
        string? unit = null;
        string amount = t;
        foreach (var (symbol, pattern) in UnitPatterns)
        {
            var m = pattern.Match(amount);
            if (!m.Success) continue;
            unit = symbol;
            amount = amount[..m.Index].Trim();
            break;
        }
        // "100- to 150-kilometer": the unit written once, hyphens left over.
        amount = Regex.Replace(amount, @"-\s+to\s", " to ").TrimEnd('-', ' ');
        if (amount.EndsWith(" of", StringComparison.OrdinalIgnoreCase)) amount = amount[..^3];
        return Wrap(NumberOrRange(amount), unit);
    }

    private static JObject? Wrap(object? value, string? unit)
    {
        if (value is null && unit is null) return null;
        var o = new JObject();
        if (value is not null) o["normalized"] = JToken.FromObject(value);
        if (unit is not null) o["unit"] = unit;
        return o;
    }
}
