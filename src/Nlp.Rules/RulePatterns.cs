using System.Text.RegularExpressions;

namespace Nlp.Rules;

/// <summary>
/// The regular expressions of the rules, built from small named pieces so each reads like the convention it
/// implements (ANNOTATION.md: articles kept for time expressions, approximators left out, ranges one span,
/// footnote markers never part of a mention). All patterns are case-insensitive except month names
/// ("May" the month, "may" the verb).
/// </summary>
internal static class RulePatterns
{
    private const RegexOptions Options = RegexOptions.IgnoreCase | RegexOptions.CultureInvariant | RegexOptions.Compiled;

    // ---- Pieces ----

    /// <summary>A month name, also when broken at a line end ("Octo- ber") or abbreviated ("Sept.").</summary>
    private static readonly string Month = "(?-i:(?<![A-Z\\d]))(?-i:" + string.Join("|", MonthAlternatives()) + ")(?![\\p{L}])";

    private static IEnumerable<string> MonthAlternatives()
    {
        foreach (var m in Lexicon.MonthNames)
        {
            yield return m;
            for (int i = 2; i <= m.Length - 2; i++) yield return m[..i] + @"-\s+" + m[i..];
        }
        foreach (var a in new[] { "Jan", "Feb", "Mar", "Apr", "Jun", "Jul", "Aug", "Sep", "Sept", "Oct", "Nov", "Dec" })
            yield return a + @"\.";
    }

    /// <summary>A year of the period the documents cover; a footnote marker may follow it ("1926.12").</summary>
    private const string Year = @"(?<![\p{L}\d/.’”)\]$£])(?:1[6-9]\d\d|20[0-4]\d)(?!\d|,\d{3}|/\d|[’']?s\b|\p{L})";

    private const string Day = @"(?:[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th|d)?";

    private const string YearRange = Year + @"(?:\s*[–—-]\s*(?:(?:1[6-9]\d\d|20[0-4]\d)|\d\d)(?![\d\p{L}]))?";

    private const string Season = @"(?:spring|summer|fall|autumn|winter|win-\s+ter|sum-\s+mer)";

    private const string UnitSmall = "one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen";
    private const string Tens = "twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety";
    private const string WordSmall = @"(?:(?:" + Tens + @")(?:[\s-]+(?:one|two|three|four|five|six|seven|eight|nine)\b)?|(?:" + UnitSmall + @"))";
    private const string Scale = @"(?:hundred|thousand|million|billion|mil-\s*lion|thou-\s*sand|hun-\s*dred)";

    /// <summary>A numeral in words: "five hundred", "ten thousand", "a hundred thousand", "twenty-seven".</summary>
    private const string WordNumber = @"\b(?:(?:a|" + WordSmall + @")\s+" + Scale + @"(?:\s+(?:and\s+)?(?:" + WordSmall + "|" + Scale + @"))*|" + WordSmall + @")\b";

    /// <summary>Digits with thousands separators; may follow a slash ("85,299/157,438").</summary>
    private const string Grouped = @"(?<![\p{L}\d.,’”):\]])\d{1,3}(?:,\d{3})+(?!\d|,\d)";

    /// <summary>Plain digits, a decimal only after a short integer part so that "1926.12" stays a year and a footnote.</summary>
    private const string Plain = @"(?<![\p{L}\d/.,’”):\]§#])(?:\d{1,3}\.\d+|\d+)(?![\d/]|[.,]\d|\p{L})";

    private const string Digits = "(?:" + Grouped + "|" + Plain + ")";

    /// <summary>Digits with a scale word: "1.3million", "6 million", "500 thousand".</summary>
    private const string Mixed = @"(?:(?<![\p{L}\d/.,’”):\]])(?:\d{1,3}(?:,\d{3})+|\d{1,3}(?:\.\d+)?))\s*(?:-\s*)?" + Scale + @"(?-i:(?![a-z]))";

    private const string Number = "(?:" + Mixed + "|" + WordNumber + "|" + Digits + ")";

    /// <summary>A number word whose end may carry the scale of the range ("Twelve to 14 million", "2–3 million").</summary>
    private const string RangeLink = @"\s*(?:[–—]|(?<=\d)-(?=\s*\d)|-?\s+to\s+)\s*";

    private const string NumberOrRange = Number + "(?:" + RangeLink + Number + ")?";

    private const string Vague =
        @"\b(?:(?:several|a\s+few|few|many)\s+(?:dozen|hundred|thousand|million)|(?:tens|hundreds|dozens)\s+of\s+(?:thousands|millions)" +
        @"|thousands|hundreds|dozens|millions|half\s+a\s+dozen|(?:a|several)\s+dozen)\b";

    private const string Fraction =
        @"\b(?:(?:one|two|three)[\s-]+(?:half|third|thirds|quarter|quarters|fifth|fifths)|(?:a|one)\s+(?:third|quarter|fifth|tenth)(?=\s+of\b)" +
        @"|half(?=\s+(?:the|of|a|an|its|their|his|her)\b))\b";

    private const string TimeUnit = @"(?:years?|months?|weeks?|days?|hours?|minutes?|decades?|centuries)";

    private const string DurationCount = @"(?:" + Number + @"(?:\s+to\s+" + Number + @")?|an?|a\s+few|several|many|a\s+couple\s+of)";

    private const string OrdinalWord =
        @"(?:first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|eleventh|twelfth|thirteenth|fourteenth|fifteenth|" +
        @"sixteenth|seventeenth|eighteenth|nineteenth|twentieth|thirtieth|fortieth|fiftieth|sixtieth|seventieth|eightieth|ninetieth|hundredth)";

    private const string Ordinal = @"\b(?:(?:" + Tens + @")[\s-])?" + OrdinalWord + @"\b|(?<![\p{L}\d/.,])\d{1,3}(?:st|nd|rd|th)\b";

    private const string MeasureUnit =
        @"(?:square\s+)?(?:kilometers?|kilometres?|km|meters?|metres?|miles?|hectares?|acres?|desiatinas?|desyatinas?|tons?|tonnes?|" +
        @"kilograms?|kg|poods?|versts?|feet|foot|centners?)";

    private const string Currency =
        @"(?:gold\s+)?(?:rubles?|roubles?|dollars?|(?-i:[Mm]arks)|Reichsmarks?|francs?|pounds\s+sterling|kopecks?|kopeks?|zlotys?|yen|lire)";

    /// <summary>
    /// Patterns at least this long run in the regex interpreter. RegexOptions.Compiled turns a pattern into one IL
    /// method; the patterns that embed <see cref="Number"/> twice (ranges) become so large that the JIT compiles
    /// them without optimization (its MinOpts fallback for huge methods), and measured on the seed texts they ran
    /// 2–10x slower than the interpreter (rule "Number to Number" 57 ms vs 25 ms; "N-year" durations 164 ms vs
    /// 31 ms); the long month-date rule is even. Below the threshold Compiled is 2–15x faster. Both engines are
    /// the same backtracking semantics, so the choice changes speed only, never a match.
    /// </summary>
    internal const int InterpretedFromLength = 2400;

    private static RegexOptions EngineFor(string pattern) =>
        pattern.Length >= InterpretedFromLength ? Options & ~RegexOptions.Compiled : Options;

    // ---- Start filters: what the text must read where a match of a slow rule begins ----

    /// <summary>
    /// Where a match of the long date rule can begin, branch by branch of the qualifier and the date: a digit (day,
    /// year); "the" followed by what may follow it there (a digit, early/late/mid, a season, end, beginning, start,
    /// close, turn, first, second; "middle" starts like "mid"); early/late/mid(dle) and a space or hyphen; a season
    /// and what follows it (a space, or "-" for "win- ter"); end/beginning/start/middle/close/turn/first/second and a
    /// space; post- or pre-; the first two letters of a capitalized month name (every month alternative, broken or
    /// abbreviated, keeps at least two letters before its hyphen). A filter may let through more, never less.
    /// </summary>
    private const string DateStart =
        @"\d|the\s+(?:\d|early|late|mid|spring|summer|fall|autumn|win|sum|end|beginning|start|close|turn|first|second)" +
        @"|(?:early|late|mid|middle)[\s-]|(?:spring|summer|fall|autumn|winter|win-|sum-)\s" +
        @"|(?:end|beginning|start|middle|close|turn|first|second)\s|(?:post|pre)-|(?-i:Ja|Fe|Ma|Ap|Ju|Au|Se|Oc|No|De)";

    /// <summary>
    /// Where a century can begin: a digit, "the", early/mid/late and a space or hyphen, or the first three letters
    /// of an ordinal word of <see cref="OrdinalWord"/> (fir, sec, thi, fou, fif, six, sev, eig, nin, ten, ele, twe,
    /// for, hun).
    /// </summary>
    private const string CenturyStart =
        @"\d|the\s|(?:early|mid|late)[\s-]|fir|sec|thi|fou|fif|six|sev|eig|nin|ten|ele|twe|for|hun";

    /// <summary>
    /// Where a <see cref="Number"/> can begin: a digit (<see cref="Mixed"/>, <see cref="Digits"/>), or at a word
    /// boundary "a" and a space ("a hundred") or the first three letters of a number word of <see cref="WordSmall"/>:
    /// one, two, twe(lve|nty), thr(ee), thi(rteen|rty), fou(r|rteen), for(ty), fiv(e), fif(teen|ty), six(…),
    /// sev(en…), eig(ht…), nin(e…), ten, ele(ven).
    /// </summary>
    private const string NumberStart = @"\d|\b(?:a\s|one|two|twe|thr|thi|fou|for|fiv|fif|six|sev|eig|nin|ten|ele)";

    // ---- Rules: label, kind, pattern ----

    public static readonly IReadOnlyList<Rule> All = Build();

    private static List<Rule> Build()
    {
        var rules = new List<Rule>();
        void Add(string label, RuleKind kind, string pattern, string? gate = null, string? start = null) =>
            rules.Add(new Rule(label, kind, new Regex(pattern, EngineFor(pattern)), gate is null ? null : new Regex(gate, Options),
                start is null ? null : new StartFilter(new Regex("(?=" + start + ")", Options), new Regex(@"\G(?:" + pattern + ")", EngineFor(pattern)))));
        string yearOrMonth = @"\d{4}|" + Month;
        string timeUnit = @"\b(?:years?|months?|weeks?|days?|hours?|minutes?|decades?|centuries)\b";

        string dateCore =
            "(?:" + Month + @"\s+" + Day + @"(?:,\s*|\s+)" + Year +                          // December 28th, 1926
            "|" + Day + @"\s+" + Month + @",?\s+" + Year +                                    // 28 December 1926
            "|" + @"(?:the\s+)?" + Day + @"\s+of\s+" + Month + @"(?:,?\s+" + Year + ")?" +     // the 25th of December
            "|" + Month + @"(?:\s+of)?,?\s+" + YearRange +                                   // May 1919, March of 1921
            "|" + YearRange + ")";                                                          // 1931, 1914–18
        string qualifier =
            @"(?:(?:the\s+)?(?:(?:early|late|mid)[\s-]+)?" + Season + @"(?:\s+of)?\s+" +
            @"|(?:the\s+)?(?:end|beginning|start|middle|close|turn|first\s+half|second\s+half|first\s+(?:" + WordSmall + @"\s+)?(?:months?|weeks?|days?))\s+of\s+" +
            @"|(?:early|late|mid|middle)(?:\s+|-)|(?:post|pre)-)";
        Add(NumericLabels.Date, RuleKind.Calendar, "(?:" + qualifier + ")?" + dateCore, yearOrMonth, DateStart);
        Add(NumericLabels.Date, RuleKind.Calendar, Month + @"\s+" + Day + @"\b(?![.,]?\d)");                     // December 14
        Add(NumericLabels.Date, RuleKind.Calendar,
            Month + @"(?:\s*,\s*" + Month + @")*,?\s*(?:to|through|until|and|or|[–—-])\s*" + Month + @",?\s+" + Year); // September to November 1938
        Add(NumericLabels.Date, RuleKind.Calendar, @"(?<=\b(?:in|by|since|until|till|of|from|during|through|before|after)\s+)" + Month + @"(?!\s*\d)");
        Add(NumericLabels.Date, RuleKind.Calendar, @"(?<![\d/.])\d{1,2}(?:[–-]\d{1,2})?\.(?:0?[1-9]|1[0-2])\.\d{2}(?:\d{2})?(?![\d])"); // 05.09.35
        Add(NumericLabels.Date, RuleKind.Calendar,
            @"(?:\bthe\s+)?(?:(?:early|mid|late)[\s-]+)?(?:(?<![\d/])1[6-9]\d0|(?<=\bthe\s+(?:(?:early|mid|late)[\s-]+)?)[’']?[1-9]0)[’']?s\b"); // the 1930s, the mid-30s
        Add(NumericLabels.Date, RuleKind.Calendar,
            @"(?:\bthe\s+)?(?:(?:early|mid|late)[\s-]+)?(?:" + OrdinalWord + @"|\d{1,2}(?:st|nd|rd|th))\s+century\b|\b(?:" + OrdinalWord + @"|\d{1,2}(?:st|nd|rd|th))-century\b", start: CenturyStart);        // the twentieth century

        Add(NumericLabels.Date, RuleKind.Calendar,
            @"\bthe\s+(?:(?:early|mid|late)[\s-]+)?(?:twenties|thirties|forties|fifties|sixties|seventies|eighties|nineties)\b");           // the thirties
        // A season without a year after a preposition ("in the spring"), not "the fall of the regime".
        Add(NumericLabels.Date, RuleKind.Period,
            @"(?<=\b(?:in|during|by|until|since|through)\s+)the\s+(?:(?:early|late)\s+)?(?:spring|summer|autumn|winter|fall)\b(?!\s+of\b)");
        Add(NumericLabels.Date, RuleKind.Period, @"\b(?:the\s+)?age\s+of\s+" + Number);

        // Durations, ages, frequencies and relative periods: DATE without a calendar anchor.
        Add(NumericLabels.Date, RuleKind.Period,
            @"(?:\b(?:the\s+)?(?:last|past|next|following|previous|final|coming|subsequent)\s+|\bthe\s+first\s+)?\b" + DurationCount + @"[\s-]+" + TimeUnit +
            @"\b(?:\s+(?:later|earlier|ago|old))?", timeUnit);
        Add(NumericLabels.Date, RuleKind.Period, @"\b" + Number + @"(?:-?\s+to\s+" + Number + @")?\s*-\s*(?:year|month|week|day|hour)\b(?!s)(?:-old\b)?",
            @"\b(?:year|month|week|day|hour)\b");  // five-year (plan), 25-year-old
        Add(NumericLabels.Date, RuleKind.Period, @"\b" + WordSmall + @"\s+(?:year|month|week|day)\b(?=\s+(?:plan|period|term|sentence|program))");
        Add(NumericLabels.Date, RuleKind.Period, @"\ba\s+(?:year|month|week|day)\s+or\s+two\b");
        Add(NumericLabels.Date, RuleKind.Period, @"\baged\s+" + Number);
        Add(NumericLabels.Date, RuleKind.Period, @"\b(?:every|each)\s+(?:other\s+)?(?:" + Number + @"\s+)?(?:day|week|month|year|decade|spring|summer|autumn|winter)s?\b");
        Add(NumericLabels.Date, RuleKind.Period, @"\b(?:decennial|annually)\b");
        Add(NumericLabels.Date, RuleKind.Period,
            @"\b(?:(?:the|that|this)\s+)?(?:same|following|next|previous|preceding|last|past|final|subsequent|postwar|prewar|interwar|recent|coming|entire|whole)\s+" +
            @"(?:(?:" + WordSmall + @")\s+)?(?:years?|months?|weeks?|days?|decades?)\b");
        Add(NumericLabels.Date, RuleKind.Period, @"\b(?:that|this|next|last)\s+(?:year|month|week|day|spring|summer|autumn|fall|winter)\b");
        Add(NumericLabels.Date, RuleKind.Period, @"(?<=\b(?:for|took|taken|take)\s+)(?:years|decades|months)\b");

        Add(NumericLabels.Time, RuleKind.Other,
            @"\b(?:(?:the\s+)?(?:next|following|same|previous)|that|this|one)\s+(?:morning|evening|night|afternoon)\b" +
            @"|(?<![\d.])\d{1,2}(?:[:.]\d\d)?\s*(?:a\.m\.|p\.m\.|o[’']clock)|\b(?:midnight|noon)\b");

        Add(NumericLabels.Percent, RuleKind.Other, "(?:" + NumberOrRange + @"|a\s+few|several)\s*(?:percent|per\s*cent|per-\s*cent|%)", @"cent\b|%");
        Add(NumericLabels.Money, RuleKind.Other, @"(?:US)?[$£]\s?" + Number + "(?:" + RangeLink + @"[$£]?" + Number + ")?");
        Add(NumericLabels.Money, RuleKind.Other, NumberOrRange + @"\s+" + Currency + @"\b", Currency);
        Add(NumericLabels.Quantity, RuleKind.Other,
            "(?:" + Number + @"(?:-?\s*(?:to|–|—)\s*" + Number + @")?|\b(?:dozens|hundreds|thousands)\s+of)\s*(?:-\s*)?" + MeasureUnit + @"\b", MeasureUnit,
            NumberStart + @"|\b(?:doz|hun|thou)");

        Add(NumericLabels.Ordinal, RuleKind.Other, Ordinal);
        Add(NumericLabels.Cardinal, RuleKind.Other, @"(?<!\bfrom\s+)" + Number + RangeLink + Number, @"[–—-]|\bto\b", NumberStart);
        Add(NumericLabels.Cardinal, RuleKind.Other, @"(?<=\bbetween\s+)" + Number + @"\s+and\s+" + Number, @"\bbetween\b");   // between [1,000 and 2,000]
        Add(NumericLabels.Cardinal, RuleKind.Other, Vague + "|" + Fraction);
        Add(NumericLabels.Cardinal, RuleKind.Other, @"(?<!\bno\s+)" + Number + @"(?!\s+another\b)", start: NumberStart);
        return rules;
    }

    /// <summary>
    /// Citation apparatus whose numbers are not entities: page, volume and issue numbers, archive references
    /// ("5446/20a/493"), pages after "(1926):", footnote numbers at the start of a note.
    /// </summary>
    public static readonly IReadOnlyList<Regex> Citations =
    [
        new(@"\b(?:pp|p|nos|no|vols|vol|n|chaps|chap|ch|fig|op|sec|art|l|ll|d|f|t)\.\s*\d[\d–\-a-z]*(?:\s*,\s*\d[\d–\-a-z]*)*", Options),
        new(@"\b(?:reels?|tom|fond|opis’|delo|page|pages|chapter|chapters|item|punkt|protokol)\s+\d[\d–\-a-z]*(?:\s*,\s*\d[\d–\-a-z]*)*", Options),
        new(@"(?<![\d,])\d+[a-z]*(?:/\s*\d+[a-z]*)+(?:[–-]\d+)?", Options),
        new(@"\)\s*:\s*\d[\d–\-a-z/]*(?:\s*,\s*\d[\d–\-a-z/]*)*", Options),
        new(@"\b\d{1,4}(?=\s*\((?:\d{4}|\d\d?\.\d\d\.\d\d|(?-i:[A-Z][a-z]+)[\p{L}–.\s-]*\d{4}\)))", Options),
        new(@"\b\d{1,4}(?=,\s*nos?\.)|\b\d+(?=\s+vols?\.)", Options),
        new(@"(?m)^[ \t]*\d{1,3}(?=[ \t]+(?-i:[A-Z“""‘(]))|(?m)^[ \t]*\d{1,2}\.(?=\s)|(?m)^\s*\d+[–-]\d+\.", Options),
        // Numbers of orders and decrees belong to the LAW ("decree 00447", "order No. 00123").
        new(@"\b(?:decree|order|prikaz)\s+\d+|(?<![\d,.])0\d{3,}", Options),
        // Page ranges in a reference list: "Belaia kniga, 37–39;".
        new(@"(?<=,\s)\d{1,4}[–-]\d{1,4}(?=\s*[;.])", Options),
        // A year ending a cited title, before the publication data or a closing quote, or in a Russian or German
        // title ("Territorial Units, 1924–1937” (Ph.D.", "Soviet Ukraine, 1918–1933 (Cambridge", "1937 goda").
        new(@"(?<![\d/])1[6-9]\d\d(?:\s*[–-]\s*(?:1[6-9])?\d\d)?(?=\]?[,:]?[”""]|\s+\((?-i:[A-Z])[\p{L} .,’-]*\s*\d{4}\)|\s+(?:gody|goda|godu|g\.|gg\.|rokiv|bis|roku)(?!\p{L}))", Options),
        // Running page headers: a title followed by the page number at the end of a line, then a blank line.
        new(@"(?m)(?<=\p{L}[ \t])\d{1,4}[ \t]*$(?=\n[ \t]*\n)", Options),
    ];
}

internal enum RuleKind
{
    /// <summary>A DATE on the calendar (a year, month, day, decade, century): may join a neighbour into a range.</summary>
    Calendar,
    /// <summary>A duration, age, frequency or relative period.</summary>
    Period,
    Other,
}

/// <summary>
/// One pattern. A rule whose every match contains a keyword has a <see cref="Gate"/>: the pattern then runs only in
/// windows around the keyword's occurrences, which keeps the recognizer fast on long texts without changing what
/// it finds (a match is far shorter than a window).
/// </summary>
internal sealed record Rule(string Label, RuleKind Kind, Regex Pattern, Regex? Gate = null, StartFilter? Start = null);

/// <summary>
/// A faster way to run a long pattern with the same matches. The backtracking engine tries the whole pattern at
/// nearly every position (its first characters are most letters), which made the long date and range rules most of
/// the recognizer's time. <see cref="Candidates"/> is a small zero-width pattern, true wherever a match can begin
/// (a necessary condition, written with the pattern's own options so case folding is the same); the pattern, anchored
/// with \G as <see cref="Anchored"/>, is tried only there. Scanning candidates left to right and resuming after each
/// match finds exactly the matches a scan of the pattern finds: a backtracking match at a position does not depend
/// on where the scan started, and no match begins where the filter fails.
/// </summary>
internal sealed record StartFilter(Regex Candidates, Regex Anchored);
