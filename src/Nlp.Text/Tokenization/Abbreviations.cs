using System.Collections.Frozen;

namespace Nlp.Text.Tokenization;

internal enum AbbreviationClass : byte
{
    None,
    /// <summary>Stands before what it qualifies and never ends a sentence: Mr. Dr. St. pp. vol. cf.</summary>
    Prefix,
    /// <summary>Can end a sentence; the splitter splits after it only before a typical sentence opener: etc. Inc. eds.</summary>
    Suffix,
    /// <summary>An abbreviation only when a number follows ("No. 00447", "art. 58"); otherwise a word and a period.</summary>
    BeforeNumber,
}

/// <summary>
/// The abbreviations the tokenizer keeps with their period. Case-sensitive on purpose: "Mass." (Massachusetts)
/// is an abbreviation, "mass." at the end of a sentence is not. Single letters with a period are initials and need
/// no entry; letter-period sequences (U.S.S.R., i.e., Ph.D.) are recognised by shape. Lookups take a span: no
/// string is allocated per token.
/// </summary>
internal static class Abbreviations
{
    private static readonly string[] Prefixes =
    [
        // titles and honorifics
        "Mr", "Mrs", "Ms", "Messrs", "Mme", "Mlle", "Dr", "Prof", "St", "Ste", "Sts", "Gen", "Col", "Lt", "Capt", "Cpt",
        "Sgt", "Maj", "Adm", "Cmdr", "Rev", "Hon", "Gov", "Sen", "Rep", "Pres", "Supt", "Fr", "Mt", "Ft", "Cde",
        // months (the day or year follows)
        "Jan", "Feb", "Mar", "Apr", "Jun", "Jul", "Aug", "Sep", "Sept", "Oct", "Nov", "Dec",
        // references and citations
        "pp", "Pp", "vol", "Vol", "vols", "Vols", "chap", "Chap", "ch", "Ch", "fig", "Fig", "figs", "Figs",
        "cf", "Cf", "vs", "viz", "approx", "ca", "op", "ll", "gg", "nn", "sq", "esp", "incl",
    ];

    private static readonly string[] Suffixes =
    [
        "etc", "Inc", "Corp", "Co", "Ltd", "Bros", "Jr", "Sr", "Esq", "al", "ibid", "Ibid", "diss", "ed", "Ed", "eds",
        "Eds", "trans", "comp", "repr", "rev", "cit", "obl", "resp", "dept", "Dept", "univ", "Univ", "assn", "Assn",
        // place abbreviations common in bibliographies
        "Calif", "Mass", "Conn", "Mich", "Minn", "Wis", "Tenn", "Ala", "Ariz", "Colo", "Kans", "Nebr", "Okla", "Penn",
        "Tex", "Wash", "Md", "Va", "Fla",
    ];

    private static readonly string[] BeforeNumbers = ["No", "no", "Nos", "nos", "Art", "art", "sec", "Sec", "para", "fol", "ff"];

    private static readonly FrozenDictionary<string, AbbreviationClass> Table = Build();
    private static readonly FrozenDictionary<string, AbbreviationClass>.AlternateLookup<ReadOnlySpan<char>> Lookup =
        Table.GetAlternateLookup<ReadOnlySpan<char>>();

    public static AbbreviationClass Classify(ReadOnlySpan<char> word) =>
        word.Length <= 8 && Lookup.TryGetValue(word, out var c) ? c : AbbreviationClass.None;

    private static FrozenDictionary<string, AbbreviationClass> Build()
    {
        var d = new Dictionary<string, AbbreviationClass>(StringComparer.Ordinal);
        foreach (var w in Prefixes) d[w] = AbbreviationClass.Prefix;
        foreach (var w in Suffixes) d[w] = AbbreviationClass.Suffix;
        foreach (var w in BeforeNumbers) d[w] = AbbreviationClass.BeforeNumber;
        return d.ToFrozenDictionary(StringComparer.Ordinal);
    }

    /// <summary>Camel-case prefixes of names that must not be split as glued words: MacArthur, FitzGerald, VanDyke.</summary>
    private static readonly FrozenSet<string> NamePrefixes = new[] { "Mac", "Fitz", "Van", "Von", "Della", "Des" }.ToFrozenSet(StringComparer.Ordinal);
    private static readonly FrozenSet<string>.AlternateLookup<ReadOnlySpan<char>> NamePrefixLookup =
        NamePrefixes.GetAlternateLookup<ReadOnlySpan<char>>();

    public static bool IsNamePrefix(ReadOnlySpan<char> segment) => segment.Length <= 5 && NamePrefixLookup.Contains(segment);

    /// <summary>Capitalised two-letter words that PDF extraction glues to a following name ("AtAltaisk", "InParis").</summary>
    private static readonly FrozenSet<string> ShortFunctionWords = new[] { "At", "In", "On", "Of", "To", "By", "As", "An", "Or", "If", "It", "Is" }
        .ToFrozenSet(StringComparer.Ordinal);
    private static readonly FrozenSet<string>.AlternateLookup<ReadOnlySpan<char>> ShortFunctionWordLookup =
        ShortFunctionWords.GetAlternateLookup<ReadOnlySpan<char>>();

    public static bool IsShortFunctionWord(ReadOnlySpan<char> segment) => ShortFunctionWordLookup.Contains(segment);

    /// <summary>Lower-case function words that PDF extraction glues to a preceding acronym ("NKVDwas", "USSRand").</summary>
    private static readonly FrozenSet<string> LowerFunctionWords = new[]
    {
        "was", "were", "and", "the", "has", "had", "have", "is", "are", "in", "of", "to", "for", "with", "who", "which",
        "that", "on", "by", "as", "at", "from", "or", "but", "not",
    }.ToFrozenSet(StringComparer.Ordinal);
    private static readonly FrozenSet<string>.AlternateLookup<ReadOnlySpan<char>> LowerFunctionWordLookup =
        LowerFunctionWords.GetAlternateLookup<ReadOnlySpan<char>>();

    public static bool IsLowerFunctionWord(ReadOnlySpan<char> word) => word.Length <= 5 && LowerFunctionWordLookup.Contains(word);
}

/// <summary>
/// Capitalised function words that typically open a sentence. After an abbreviation that may end a sentence
/// ("etc.", "U.S.S.R.") or an ellipsis, the splitter splits only before one of these: a capitalised name after
/// "U.S.S.R." continues the sentence far more often than it starts a new one.
/// </summary>
internal static class SentenceOpeners
{
    private static readonly FrozenSet<string> Words = new[]
    {
        "The", "This", "That", "These", "Those", "There", "Then", "Thus", "Their", "They", "It", "Its", "In", "On",
        "At", "By", "For", "From", "To", "With", "As", "After", "Before", "During", "When", "While", "Since", "If",
        "Although", "Though", "But", "And", "Or", "Yet", "So", "However", "Moreover", "Furthermore", "Indeed",
        "Finally", "First", "Second", "Third", "He", "She", "We", "I", "You", "His", "Her", "Our", "My", "A", "An",
        "Most", "Many", "Some", "All", "No", "Not", "Nor", "One", "Such", "Both", "Each", "Every", "What", "Who",
        "Why", "How", "Where", "Which", "Still", "Later", "Soon", "Also", "Even", "Only", "Under", "Between",
        "Despite", "Because", "Until", "Within", "Among", "Of", "Here", "Nevertheless", "Instead", "Meanwhile",
        "Unlike", "Other", "Another", "See",
    }.ToFrozenSet(StringComparer.Ordinal);

    private static readonly FrozenSet<string>.AlternateLookup<ReadOnlySpan<char>> Lookup = Words.GetAlternateLookup<ReadOnlySpan<char>>();

    public static bool Contains(ReadOnlySpan<char> word) => word.Length <= 12 && Lookup.Contains(word);
}
