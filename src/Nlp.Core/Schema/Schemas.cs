namespace Nlp.Core.Schema;

/// <summary>The label inventories the product knows, by name.</summary>
public static class Schemas
{
    /// <summary>ANNOTATION.md: OntoNotes 5 entity labels, 12 event types, 6 relation types.</summary>
    public static readonly AnnotationSchema Domain = new(
        "domain",
        ["PERSON", "NORP", "FAC", "ORG", "GPE", "LOC", "PRODUCT", "EVENT", "WORK_OF_ART", "LAW", "LANGUAGE",
         "DATE", "TIME", "PERCENT", "MONEY", "QUANTITY", "ORDINAL", "CARDINAL"],
        new Dictionary<string, string[]>
        {
            ["MIGRATE"] = ["Migrant", "Origin", "Destination", "Time", "Count"],
            ["TRAVEL"] = ["Traveler", "Origin", "Destination", "Time"],
            ["DEPORT"] = ["Agent", "Deportee", "Origin", "Destination", "Time", "Count"],
            ["ARREST"] = ["Agent", "Detainee", "Place", "Time", "Count"],
            ["IMPRISON"] = ["Agent", "Prisoner", "Place", "Time", "Count"],
            ["EXECUTE"] = ["Agent", "Victim", "Place", "Time", "Count"],
            ["FOUND"] = ["Agent", "Organization", "Place", "Time"],
            ["DISSOLVE"] = ["Agent", "Organization", "Place", "Time"],
            ["AGREEMENT"] = ["Party", "Place", "Time"],
            ["RECRUIT"] = ["Agent", "Recruit", "Place", "Time", "Count"],
            ["DECREE"] = ["Agent", "Law", "Target", "Time"],
            ["ATTACK"] = ["Attacker", "Target", "Place", "Time"],
        },
        new Dictionary<string, RelationSignature>
        {
            ["MEMBER_OF"] = Sig(["PERSON", "NORP"], ["ORG"]),
            ["LEADER_OF"] = Sig(["PERSON"], ["ORG", "GPE"]),
            ["LOCATED_IN"] = Sig(["ORG", "FAC", "GPE", "LOC"], ["GPE", "LOC"]),
            ["ORIGIN"] = Sig(["PERSON", "NORP"], ["GPE"]),
            ["RESIDES_IN"] = Sig(["PERSON", "NORP"], ["GPE", "LOC"]),
            ["AUTHOR_OF"] = Sig(["PERSON"], ["WORK_OF_ART"]),
        });

    /// <summary>CoNLL-2003 English NER.</summary>
    public static readonly AnnotationSchema Conll2003 = new(
        "conll2003", ["PER", "ORG", "LOC", "MISC"],
        new Dictionary<string, string[]>(), new Dictionary<string, RelationSignature>());

    /// <summary>CoNLL04 entities and relations (Roth and Yih 2004).</summary>
    public static readonly AnnotationSchema Conll04 = new(
        "conll04", ["Peop", "Org", "Loc", "Other"],
        new Dictionary<string, string[]>(),
        new Dictionary<string, RelationSignature>
        {
            ["Live_In"] = Sig(["Peop"], ["Loc"]),
            ["Work_For"] = Sig(["Peop"], ["Org"]),
            ["OrgBased_In"] = Sig(["Org"], ["Loc"]),
            ["Located_In"] = Sig(["Loc"], ["Loc"]),
            ["Kill"] = Sig(["Peop"], ["Peop"]),
        });

    public static IReadOnlyList<AnnotationSchema> All { get; } = [Domain, Conll2003, Conll04];

    /// <summary>Looks a schema up by name; throws with the list of known names.</summary>
    public static AnnotationSchema ByName(string name) =>
        All.FirstOrDefault(s => string.Equals(s.Name, name, StringComparison.OrdinalIgnoreCase))
        ?? throw new ArgumentException($"unknown schema '{name}' (known: {string.Join(", ", All.Select(s => s.Name))})");

    public static bool TryByName(string? name, out AnnotationSchema schema)
    {
        schema = All.FirstOrDefault(s => string.Equals(s.Name, name, StringComparison.OrdinalIgnoreCase))!;
        return schema is not null;
    }

    private static RelationSignature Sig(string[] heads, string[] tails) => new(heads.ToHashSet(), tails.ToHashSet());
}
