using System.Globalization;
using System.Text.RegularExpressions;

namespace Nlp.Rules;

/// <summary>
/// ISO 8601 values for DATE and TIME mentions. Calendar dates keep the precision written ("1919-05",
/// "1926-12-28"); decades and centuries are intervals ("1930/1939"); ranges are intervals of their ends
/// ("1930-05/1931-06"); qualifiers such as early, late, mid-, seasons and "the end of" are dropped to the
/// period they qualify ("early 1931" → "1931"); a date without a year is "--12-14" (month-day);
/// durations are "P2Y", ages "P30Y", frequencies repeating intervals "R/P1M". Relative expressions that
/// need the document's time line ("that year", "three days later") get null.
/// </summary>
internal static partial class TemporalNormalizer
{
    private const string UnitWords = "years?|months?|weeks?|days?|hours?|minutes?|decades?|centur(?:y|ies)";

    [GeneratedRegex(@"^(?:aged|age(?:\s+of)?|(?:at\s+)?the\s+age\s+of)\s+(?<n>.+)$|^(?<n>.+?)[\s-]+years?[\s-]+old$", RegexOptions.IgnoreCase)]
    private static partial Regex Age();

    [GeneratedRegex(@"^(?:every|each)\s+(?:(?<n>.+?)\s+)?(?<u>" + UnitWords + @")$", RegexOptions.IgnoreCase)]
    private static partial Regex Frequency();

    [GeneratedRegex(@"^(?:(?:a|an|the|one|some)\s+)?(?<n>.+?)[\s-]+(?<u>" + UnitWords + @")(?:[’']s?)?$", RegexOptions.IgnoreCase)]
    private static partial Regex Duration();

    [GeneratedRegex(@"^(?:a|an|one)[\s-]+(?<u>" + UnitWords + @")$", RegexOptions.IgnoreCase)]
    private static partial Regex SingleUnit();

    [GeneratedRegex(@"\b(?:later|earlier|ago|before|after|next|last|past|previous|preceding|following|subsequent|same|that|this|recent|final|coming|postwar|prewar)\b", RegexOptions.IgnoreCase)]
    private static partial Regex Relative();

    [GeneratedRegex(@"(?<ddmm>(?<d1>\d{1,2})(?:[–-](?<d2>\d{1,2}))?\.(?<mm>\d{1,2})\.(?<yy>\d{2}(?:\d{2})?))(?!\d)" +
                    @"|(?<decade>(?<![\d])(?<dec>\d|\d{3})0[’']?s)\b" +
                    @"|(?<cent>\b(?<cword>\p{L}+)[\s-]+centur(?:y|ies))" +
                    @"|(?<year>(?<!\d)\d{4})(?!\d)" +
                    @"|(?<num>(?<!\d)\d{1,2})(?:st|nd|rd|th|d)?(?!\d)" +
                    @"|(?<word>\p{L}+)" +
                    @"|(?<dash>[–—-])")]
    private static partial Regex Atoms();

    public static string? Normalize(string label, string text)
    {
        // Words glued by extraction ("andOctober") are parted so the month is seen.
        string t = Regex.Replace(TextCleanup.Clean(text), @"(?<=\p{Ll})(?=\p{Lu})", " ");
        return label == NumericLabels.Time ? NormalizeTime(t) : NormalizeDate(t);
    }

    private static string? NormalizeDate(string t)
    {
        string lower = t.ToLowerInvariant();
        if (lower is "decennial") return "R/P10Y";
        if (lower is "annual" or "annually" or "yearly") return "R/P1Y";
        if (lower is "monthly") return "R/P1M";

        var age = Age().Match(t);
        if (age.Success && NumberParser.Parse(age.Groups["n"].Value) is { } years) return $"P{NumberParser.Format(years)}Y";

        var freq = Frequency().Match(t);
        if (freq.Success)
        {
            double n = freq.Groups["n"].Success ? NumberParser.Parse(freq.Groups["n"].Value) ?? double.NaN : 1;
            return double.IsNaN(n) ? null : "R/" + Period(n, freq.Groups["u"].Value);
        }

        bool hasYear = Regex.IsMatch(t, @"\d{4}|\d0[’']?s\b|centur");
        if (!hasYear)
        {
            if (Relative().IsMatch(t)) return null;
            var single = SingleUnit().Match(t);
            if (single.Success) return Period(1, single.Groups["u"].Value);
            var dur = Duration().Match(t);
            if (dur.Success)
                return NumberParser.Parse(dur.Groups["n"].Value) is { } n ? Period(n, dur.Groups["u"].Value) : null;
        }
        return Calendar(t);
    }

    private static string? Period(double n, string unit)
    {
        string u = unit.ToLowerInvariant();
        string num = NumberParser.Format(n);
        if (u.StartsWith("year")) return $"P{num}Y";
        if (u.StartsWith("month")) return $"P{num}M";
        if (u.StartsWith("week")) return $"P{num}W";
        if (u.StartsWith("day")) return $"P{num}D";
        if (u.StartsWith("hour")) return $"PT{num}H";
        if (u.StartsWith("minute")) return $"PT{num}M";
        if (u.StartsWith("decade")) return $"P{NumberParser.Format(n * 10)}Y";
        if (u.StartsWith("centur")) return $"P{NumberParser.Format(n * 100)}Y";
        return null;
    }

    /// <summary>One point or interval of the calendar, partly known.</summary>
    private sealed class Atom
    {
        public int? Year, Month, Day;
        public string? Start, End; // set for intervals (decades, centuries, day ranges)
    }

    private static string? Calendar(string t)
    {
        var atoms = new List<Atom>();
        Atom? current = null;
        Atom Fresh() { current = new Atom(); atoms.Add(current); return current; }
        bool afterConnector = false;

        foreach (Match m in Atoms().Matches(t))
        {
            if (m.Groups["ddmm"].Success)
            {
                int year = TwoDigitYear(m.Groups["yy"].Value), month = Int(m.Groups["mm"].Value);
                int d1 = Int(m.Groups["d1"].Value);
                var a = Fresh();
                if (!ValidDate(year, month, d1)) return null;
                a.Year = year; a.Month = month; a.Day = d1;
                if (m.Groups["d2"].Success)
                {
                    int d2 = Int(m.Groups["d2"].Value);
                    if (!ValidDate(year, month, d2)) return null;
                    a.Start = Iso(year, month, d1);
                    a.End = Iso(year, month, d2);
                }
                current = null;
            }
            else if (m.Groups["decade"].Success)
            {
                string digits = m.Groups["dec"].Value;
                int start = digits.Length == 1 ? 1900 + Int(digits) * 10 : Int(digits) * 10;
                // "the 1800s" is a century, "the 1930s" a decade.
                int length = digits.Length == 3 && start % 100 == 0 ? 100 : 10;
                var a = Fresh();
                a.Start = start.ToString(CultureInfo.InvariantCulture);
                a.End = (start + length - 1).ToString(CultureInfo.InvariantCulture);
                current = null;
            }
            else if (m.Groups["cent"].Success)
            {
                int? ordinal = NumberParser.ParseOrdinal(m.Groups["cword"].Value);
                if (ordinal is not { } c) continue;
                var a = Fresh();
                a.Start = ((c - 1) * 100).ToString("0000", CultureInfo.InvariantCulture);
                a.End = ((c - 1) * 100 + 99).ToString("0000", CultureInfo.InvariantCulture);
                current = null;
            }
            else if (m.Groups["year"].Success)
            {
                int y = Int(m.Groups["year"].Value);
                if (current is null || current.Year is not null || current.Start is not null || afterConnector) Fresh();
                current!.Year = y;
                afterConnector = false;
            }
            else if (m.Groups["num"].Success)
            {
                int n = Int(m.Groups["num"].Value);
                var prev = atoms.Count > 0 ? atoms[^1] : null;
                if (afterConnector && prev is { Year: { } py, Month: null } && n >= 0 && n <= 99 && m.Groups["num"].Value.Length == 2
                    && (current is null || current.Month is null))
                {
                    // "1912–13": the second year is written with two digits.
                    var a = Fresh();
                    int y = py / 100 * 100 + n;
                    a.Year = y < py ? y + 100 : y;
                    afterConnector = false;
                }
                else if (n >= 1 && n <= 31)
                {
                    if (current is not null && current.Month is not null && current.Day is null && current.Year is null && !afterConnector)
                        current.Day = n;
                    else { Fresh().Day = n; }
                    afterConnector = false;
                }
            }
            else if (m.Groups["word"].Success && DecadeWords.TryGetValue(m.Groups["word"].Value.ToLowerInvariant(), out int decade))
            {
                var a = Fresh();
                a.Start = decade.ToString(CultureInfo.InvariantCulture);
                a.End = (decade + 9).ToString(CultureInfo.InvariantCulture);
                current = null;
            }
            else if (m.Groups["word"].Success)
            {
                string w = m.Groups["word"].Value;
                // Month names are capitalized: "may" and "march" are verbs.
                int month = char.IsUpper(w[0]) ? Lexicon.Month(w) : 0;
                if (month > 0)
                {
                    // "the 25th of December": a day waiting for its month takes it.
                    if (current is not null && current.Month is null && current.Year is null && current.Day is not null && !afterConnector)
                        current.Month = month;
                    else Fresh().Month = month;
                    afterConnector = false;
                }
                else if (w is "to" or "and" or "through" or "until" or "till" or "or")
                {
                    afterConnector = true;
                    current = null;
                }
            }
            else if (m.Groups["dash"].Success)
            {
                afterConnector = true;
                current = null;
            }
        }

        atoms.RemoveAll(a => a.Year is null && a.Month is null && a.Start is null);
        if (atoms.Count == 0) return null;
        // A year written once at the end serves every part before it ("September to November 1938").
        int? nextYear = null;
        for (int i = atoms.Count - 1; i >= 0; i--)
        {
            if (atoms[i].Year is { } y) nextYear = y;
            else if (atoms[i].Start is null && nextYear is not null) atoms[i].Year = nextYear;
        }
        foreach (var a in atoms)
            if (a.Month is not null && a.Day is not null && a.Year is { } yy && !ValidDate(yy, a.Month.Value, a.Day.Value)) return null;

        string? first = StartOf(atoms[0]), last = EndOf(atoms[^1]);
        if (first is null || last is null) return null;
        return first == last ? first : $"{first}/{last}";
    }

    private static string? StartOf(Atom a) => a.Start ?? Point(a);
    private static string? EndOf(Atom a) => a.End ?? Point(a);

    private static string? Point(Atom a)
    {
        if (a.Year is { } y)
        {
            if (a.Month is not { } m) return y.ToString("0000", CultureInfo.InvariantCulture);
            return a.Day is { } d ? Iso(y, m, d) : $"{y:0000}-{m:00}";
        }
        if (a.Month is { } mm) return a.Day is { } dd ? $"--{mm:00}-{dd:00}" : $"--{mm:00}";
        return null;
    }

    private static string? NormalizeTime(string t)
    {
        var m = Regex.Match(t, @"^(?<h>\d{1,2})(?:[:.](?<mi>\d{2}))?\s*(?<ap>a\.?m\.?|p\.?m\.?|o’clock|o'clock)?$", RegexOptions.IgnoreCase);
        if (!m.Success) return t.Equals("midnight", StringComparison.OrdinalIgnoreCase) ? "T00:00"
            : t.Equals("noon", StringComparison.OrdinalIgnoreCase) ? "T12:00" : null;
        int h = Int(m.Groups["h"].Value), mi = m.Groups["mi"].Success ? Int(m.Groups["mi"].Value) : 0;
        string ap = m.Groups["ap"].Value.ToLowerInvariant();
        if (ap.StartsWith('p') && h < 12) h += 12;
        if (ap.StartsWith('a') && h == 12) h = 0;
        if (!m.Groups["mi"].Success && ap.Length == 0) return null;
        return h < 24 && mi < 60 ? $"T{h:00}:{mi:00}" : null;
    }

    /// <summary>"the thirties": decades of the twentieth century, the period the documents are about.</summary>
    private static readonly Dictionary<string, int> DecadeWords = new()
    {
        ["twenties"] = 1920, ["thirties"] = 1930, ["forties"] = 1940, ["fifties"] = 1950,
        ["sixties"] = 1960, ["seventies"] = 1970, ["eighties"] = 1980, ["nineties"] = 1990,
    };

    private static int TwoDigitYear(string yy) => yy.Length == 4 ? Int(yy) : 1900 + Int(yy);

    private static bool ValidDate(int y, int m, int d) => m >= 1 && m <= 12 && d >= 1 && d <= DateTime.DaysInMonth(Math.Max(1, y), m);

    private static string Iso(int y, int m, int d) => $"{y:0000}-{m:00}-{d:00}";

    private static int Int(string s) => int.Parse(s, CultureInfo.InvariantCulture);
}
