using System.Collections.Immutable;
using Newtonsoft.Json.Linq;
using Nlp.Core.Model;

namespace Nlp.Corpora.Conversion;

/// <summary>
/// CoNLL04 documents relabelled to the domain schema of ANNOTATION.md, so that the public corpus can serve as extra
/// training data for the domain relation model: Peop → PERSON, Org → ORG, Loc → GPE (mostly cities and countries);
/// Live_In → RESIDES_IN, Located_In and OrgBased_In → LOCATED_IN, Work_For → MEMBER_OF. Other entities and Kill
/// relations have no counterpart and are dropped, with the relations that touch a dropped entity.
/// </summary>
public static class Conll04DomainMapping
{
    static readonly IReadOnlyDictionary<string, string> Labels = new Dictionary<string, string>
    {
        ["Peop"] = "PERSON", ["Org"] = "ORG", ["Loc"] = "GPE",
    };

    static readonly IReadOnlyDictionary<string, string> RelationTypes = new Dictionary<string, string>
    {
        ["Live_In"] = "RESIDES_IN", ["Located_In"] = "LOCATED_IN", ["OrgBased_In"] = "LOCATED_IN", ["Work_For"] = "MEMBER_OF",
    };

    public static Document Map(Document doc)
    {
        var entities = doc.Entities
            .Where(e => Labels.ContainsKey(e.Label))
            .Select(e => e with { Label = Labels[e.Label] })
            .ToImmutableArray();
        var kept = entities.Select(e => e.Span).ToHashSet();
        var relations = doc.Relations
            .Where(r => RelationTypes.ContainsKey(r.Type) && kept.Contains(r.Head) && kept.Contains(r.Tail))
            .Select(r => r with { Type = RelationTypes[r.Type] })
            .ToImmutableArray();
        var meta = doc.Meta is null ? new JObject() : (JObject)doc.Meta.DeepClone();
        meta["schema"] = "domain";
        meta["mapped_from"] = "conll04";
        return doc with { Entities = entities, Relations = relations, Events = [], Meta = meta };
    }
}
