using Newtonsoft.Json.Linq;
using Nlp.Core.Model;

namespace Nlp.Models.Relations;

/// <summary>
/// One relation type that implies another on the same pair, for a head and tail label: the annotation gives a head of
/// an organization both LEADER_OF and MEMBER_OF (training-data/README.md, decision 9; ANNOTATION.md: MEMBER_OF covers
/// leaders). The classifier picks one type per pair, so without the rule the implied relation could never be output.
/// </summary>
public sealed record RelationImplication(string Type, string HeadLabel, string TailLabel, string Implied)
{
    public bool Matches(string type, string headLabel, string tailLabel) =>
        Type == type && HeadLabel == headLabel && TailLabel == tailLabel;
}

/// <summary>The implications a model decodes with, learned from its training data and kept in its manifest.</summary>
public static class RelationImplications
{
    /// <summary>The manifest decoding key; a model without it implies nothing (models trained before it).</summary>
    public const string Key = "implies";

    /// <summary>
    /// Every (type, head label, tail label) seen on at least <paramref name="minSupport"/> gold pairs whose pairs carry
    /// another type at least <paramref name="minShare"/> of the time implies that type (only one way: when both
    /// imply each other, neither is learned, as the classifier could not tell which to choose).
    /// </summary>
    public static IReadOnlyList<RelationImplication> Learn(IEnumerable<Document> documents, int minSupport = 5, double minShare = 0.95)
    {
        var seen = new Dictionary<(string, string, string), int>();
        var together = new Dictionary<(string, string, string, string), int>();
        foreach (var document in documents)
        {
            var labels = LabelOfSpan(document);
            foreach (var pair in document.Relations.GroupBy(r => (r.Head, r.Tail)))
            {
                if (!labels.TryGetValue(pair.Key.Head, out var head) || !labels.TryGetValue(pair.Key.Tail, out var tail)) continue;
                var types = pair.Select(r => r.Type).Distinct().ToList();
                foreach (var type in types)
                {
                    seen[(type, head, tail)] = seen.GetValueOrDefault((type, head, tail)) + 1;
                    foreach (var other in types.Where(t => t != type))
                        together[(type, head, tail, other)] = together.GetValueOrDefault((type, head, tail, other)) + 1;
                }
            }
        }
        bool Implies(string type, string head, string tail, string other) =>
            seen.TryGetValue((type, head, tail), out int n) && n >= minSupport
            && together.GetValueOrDefault((type, head, tail, other)) >= minShare * n;
        return together.Keys
            .Where(k => Implies(k.Item1, k.Item2, k.Item3, k.Item4) && !Implies(k.Item4, k.Item2, k.Item3, k.Item1))
            .Select(k => new RelationImplication(k.Item1, k.Item2, k.Item3, k.Item4))
            .OrderBy(i => i.Type, StringComparer.Ordinal).ThenBy(i => i.HeadLabel, StringComparer.Ordinal)
            .ThenBy(i => i.TailLabel, StringComparer.Ordinal).ThenBy(i => i.Implied, StringComparer.Ordinal)
            .ToList();
    }

    /// <summary>
    /// The type the classifier learns for a pair that carries several: one that implies the others, so that decoding
    /// gives them back; else the first in the document, as before implications.
    /// </summary>
    public static string ClassOf(IReadOnlyList<string> types, string headLabel, string tailLabel, IReadOnlyList<RelationImplication> implications)
    {
        if (types.Count == 1) return types[0];
        foreach (var type in types)
            if (types.All(other => other == type || implications.Any(i => i.Matches(type, headLabel, tailLabel) && i.Implied == other)))
                return type;
        return types[0];
    }

    /// <summary>The label of each entity span of a document (the first mention's, should a span repeat).</summary>
    internal static Dictionary<Span, string> LabelOfSpan(Document document) =>
        document.Entities.GroupBy(e => e.Span).ToDictionary(g => g.Key, g => g.First().Label);

    public static JArray ToJson(IEnumerable<RelationImplication> implications) =>
        new(implications.Select(i => new JObject { ["type"] = i.Type, ["head"] = i.HeadLabel, ["tail"] = i.TailLabel, ["implies"] = i.Implied }));

    public static IReadOnlyList<RelationImplication> FromJson(JToken? json) =>
        json is JArray array
            ? array.Select(t => new RelationImplication(Field(t, "type"), Field(t, "head"), Field(t, "tail"), Field(t, "implies"))).ToList()
            : [];

    static string Field(JToken token, string name) =>
        token.Value<string>(name) ?? throw new InvalidDataException($"relation model manifest: an implication lacks '{name}': {token.ToString(Newtonsoft.Json.Formatting.None)}");
}
