namespace Nlp.Models.Tagging;

/// <summary>
/// The IOB2 tag inventory of a tagger: "O" first, then "B-X", "I-X" for each entity type in ordinal order,
/// so the same entity types always give the same tag indices (saved models rely on this).
/// </summary>
public sealed class BioTagSet
{
    public const string Outside = "O";

    readonly Dictionary<string, int> _index;

    BioTagSet(IReadOnlyList<string> tags, IReadOnlyList<string> types)
    {
        Tags = tags;
        EntityTypes = types;
        _index = tags.Select((t, i) => (t, i)).ToDictionary(p => p.t, p => p.i, StringComparer.Ordinal);
    }

    public IReadOnlyList<string> Tags { get; }
    public IReadOnlyList<string> EntityTypes { get; }
    public int Count => Tags.Count;

    public static BioTagSet FromEntityTypes(IEnumerable<string> entityTypes)
    {
        var types = entityTypes.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        foreach (var t in types)
            if (string.IsNullOrWhiteSpace(t)) throw new ArgumentException("Entity types must be non-empty.", nameof(entityTypes));
        var tags = new List<string> { Outside };
        foreach (var t in types)
        {
            tags.Add("B-" + t);
            tags.Add("I-" + t);
        }
        return new BioTagSet(tags, types);
    }

    /// <summary>Rebuilds a tag set from a saved tag list, refusing anything this class would not have produced.</summary>
    public static BioTagSet FromTags(IReadOnlyList<string> tags)
    {
        var types = new List<string>();
        for (int i = 1; i + 1 < tags.Count; i += 2)
            if (tags[i].StartsWith("B-", StringComparison.Ordinal)) types.Add(tags[i][2..]);
        var rebuilt = FromEntityTypes(types);
        if (!rebuilt.Tags.SequenceEqual(tags, StringComparer.Ordinal))
            throw new InvalidDataException($"Tag list [{string.Join(", ", tags)}] is not an IOB2 tag set of the form O, B-X, I-X, ... in ordinal type order.");
        return rebuilt;
    }

    public int IndexOf(string tag) =>
        _index.TryGetValue(tag, out int i) ? i : throw new KeyNotFoundException($"Unknown tag \"{tag}\".");

    public bool TryIndexOf(string tag, out int index) => _index.TryGetValue(tag, out index);

    public int Begin(string entityType) => IndexOf("B-" + entityType);
    public int Inside(string entityType) => IndexOf("I-" + entityType);

    public bool IsInside(int tag) => tag > 0 && tag % 2 == 0;

    /// <summary>IOB2: I-X may only follow B-X or I-X.</summary>
    public bool IsAllowedTransition(int from, int to) => !IsInside(to) || from == to || from == to - 1;

    /// <summary>IOB2: a sentence cannot start inside an entity.</summary>
    public bool IsAllowedStart(int tag) => !IsInside(tag);
}
