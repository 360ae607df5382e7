namespace Nlp.Rules;

/// <summary>The English words the rules and the normalizer share: number words, months, units, currencies.</summary>
internal static class Lexicon
{
    public static readonly IReadOnlyDictionary<string, int> Units = new Dictionary<string, int>
    {
        ["zero"] = 0, ["one"] = 1, ["two"] = 2, ["three"] = 3, ["four"] = 4, ["five"] = 5, ["six"] = 6, ["seven"] = 7,
        ["eight"] = 8, ["nine"] = 9, ["ten"] = 10, ["eleven"] = 11, ["twelve"] = 12, ["thirteen"] = 13,
        ["fourteen"] = 14, ["fifteen"] = 15, ["sixteen"] = 16, ["seventeen"] = 17, ["eighteen"] = 18, ["nineteen"] = 19,
        ["twenty"] = 20, ["thirty"] = 30, ["forty"] = 40, ["fifty"] = 50, ["sixty"] = 60, ["seventy"] = 70,
        ["eighty"] = 80, ["ninety"] = 90,
    };

    public static readonly IReadOnlyDictionary<string, long> Scales = new Dictionary<string, long>
    {
        ["hundred"] = 100, ["thousand"] = 1_000, ["million"] = 1_000_000, ["billion"] = 1_000_000_000,
        ["dozen"] = 12,
    };

    public static readonly IReadOnlyDictionary<string, int> Ordinals = new Dictionary<string, int>
    {
        ["first"] = 1, ["second"] = 2, ["third"] = 3, ["fourth"] = 4, ["fifth"] = 5, ["sixth"] = 6, ["seventh"] = 7,
        ["eighth"] = 8, ["ninth"] = 9, ["tenth"] = 10, ["eleventh"] = 11, ["twelfth"] = 12, ["thirteenth"] = 13,
        ["fourteenth"] = 14, ["fifteenth"] = 15, ["sixteenth"] = 16, ["seventeenth"] = 17, ["eighteenth"] = 18,
        ["nineteenth"] = 19, ["twentieth"] = 20, ["thirtieth"] = 30, ["fortieth"] = 40, ["fiftieth"] = 50,
        ["sixtieth"] = 60, ["seventieth"] = 70, ["eightieth"] = 80, ["ninetieth"] = 90, ["hundredth"] = 100,
    };

    /// <summary>Fractions written as words ("a quarter", "one-third", "half").</summary>
    public static readonly IReadOnlyDictionary<string, double> Fractions = new Dictionary<string, double>
    {
        ["half"] = 0.5, ["halves"] = 0.5, ["third"] = 1.0 / 3, ["thirds"] = 1.0 / 3, ["quarter"] = 0.25,
        ["quarters"] = 0.25, ["fifth"] = 0.2, ["fifths"] = 0.2, ["tenth"] = 0.1, ["tenths"] = 0.1,
    };

    public static readonly string[] MonthNames =
        ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"];

    /// <summary>Month by name or abbreviation ("Sept", "Oct"), 1-based; 0 when not a month.</summary>
    public static int Month(string word)
    {
        string w = word.TrimEnd('.').ToLowerInvariant();
        if (w.Length < 3) return 0;
        for (int i = 0; i < 12; i++)
        {
            string m = MonthNames[i].ToLowerInvariant();
            if (w == m || (w.Length >= 3 && m.StartsWith(w, StringComparison.Ordinal) && w.Length <= 4)) return i + 1;
        }
        return 0;
    }

    /// <summary>Kopecks are stored as rubles (a hundredth each): the marker the normalizer converts.</summary>
    public const string KopeckCode = "RUB/100";

    /// <summary>Currency words and symbols to ISO 4217 codes. Marks of the period map to DEM, the mark's code.</summary>
    public static readonly IReadOnlyDictionary<string, string> Currencies = new Dictionary<string, string>
    {
        ["$"] = "USD", ["dollar"] = "USD", ["dollars"] = "USD",
        ["£"] = "GBP", ["pound sterling"] = "GBP", ["pounds sterling"] = "GBP",
        ["ruble"] = "RUB", ["rubles"] = "RUB", ["rouble"] = "RUB", ["roubles"] = "RUB", ["gold rubles"] = "RUB",
        ["kopeck"] = KopeckCode, ["kopecks"] = KopeckCode, ["kopek"] = KopeckCode, ["kopeks"] = KopeckCode,
        ["mark"] = "DEM", ["marks"] = "DEM", ["reichsmark"] = "DEM", ["reichsmarks"] = "DEM",
        ["franc"] = "FRF", ["francs"] = "FRF", ["zloty"] = "PLN", ["zlotys"] = "PLN", ["zloties"] = "PLN",
        ["yen"] = "JPY", ["lire"] = "ITL", ["lira"] = "ITL",
    };

    /// <summary>Measurement unit words to the unit symbols stored in "unit".</summary>
    public static readonly IReadOnlyDictionary<string, string> MeasureUnits = new Dictionary<string, string>
    {
        ["kilometer"] = "km", ["kilometers"] = "km", ["kilometre"] = "km", ["kilometres"] = "km", ["km"] = "km",
        ["meter"] = "m", ["meters"] = "m", ["metre"] = "m", ["metres"] = "m",
        ["mile"] = "mi", ["miles"] = "mi", ["verst"] = "verst", ["versts"] = "verst",
        ["foot"] = "ft", ["feet"] = "ft",
        ["hectare"] = "ha", ["hectares"] = "ha", ["acre"] = "acre", ["acres"] = "acre",
        ["desiatina"] = "desiatina", ["desiatinas"] = "desiatina", ["desyatina"] = "desiatina", ["desyatinas"] = "desiatina",
        ["square kilometers"] = "km2", ["square kilometres"] = "km2", ["square miles"] = "mi2",
        ["ton"] = "t", ["tons"] = "t", ["tonne"] = "t", ["tonnes"] = "t",
        ["kilogram"] = "kg", ["kilograms"] = "kg", ["kg"] = "kg", ["pood"] = "pood", ["poods"] = "pood",
        ["puds"] = "pood", ["centner"] = "centner", ["centners"] = "centner", ["quintals"] = "centner",
    };
}
