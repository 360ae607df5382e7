namespace Nlp.Models.MaxEnt;

/// <summary>
/// What the lexicon knows about a word: its lemma, the WordNet lexicographer file (supersense) of its first noun
/// and verb sense, the verb its noun derives from ("deportation" → "deport"), and hypernym synsets.
/// </summary>
public sealed record LexicalInfo(string Lemma, int NounClass, int VerbClass, bool IsAdjective, string Root, IReadOnlyList<string> Hypernyms)
{
    public static LexicalInfo Unknown(string lower) => new(lower, -1, -1, false, lower, []);
    public bool IsNoun => NounClass >= 0;
    public bool IsVerb => VerbClass >= 0;

    /// <summary>WordNet lexicographer file numbers that name people and groups of people.</summary>
    public const int NounPerson = 18, NounGroup = 14, NounAct = 4, NounEvent = 11;
}
