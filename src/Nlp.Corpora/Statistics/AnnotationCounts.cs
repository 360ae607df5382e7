using System.Text;
using Nlp.Core.Model;

namespace Nlp.Corpora.Statistics;

/// <summary>Counts of documents, tokens, entity labels, event types, roles and relation types over a collection.</summary>
public sealed class AnnotationCounts
{
    public int Documents { get; private set; }
    public int Sentences { get; private set; }
    public int Tokens { get; private set; }
    public long Characters { get; private set; }
    public SortedDictionary<string, int> EntityLabels { get; } = new(StringComparer.Ordinal);
    public SortedDictionary<string, int> EventTypes { get; } = new(StringComparer.Ordinal);
    public SortedDictionary<string, int> Roles { get; } = new(StringComparer.Ordinal);
    public SortedDictionary<string, int> RelationTypes { get; } = new(StringComparer.Ordinal);

    public int EntityCount => EntityLabels.Values.Sum();
    public int EventCount => EventTypes.Values.Sum();
    public int ArgumentCount => Roles.Values.Sum();
    public int RelationCount => RelationTypes.Values.Sum();

    public void Add(Document doc)
    {
        Documents++;
        Sentences += doc.Sentences?.Length ?? 0;
        Tokens += doc.Tokens?.Length ?? 0;
        Characters += doc.Text.Length;
        foreach (var e in doc.Entities) Increment(EntityLabels, e.Label);
        foreach (var ev in doc.Events)
        {
            Increment(EventTypes, ev.Type);
            foreach (var a in ev.Arguments) Increment(Roles, $"{ev.Type}.{a.Role}");
        }
        foreach (var r in doc.Relations) Increment(RelationTypes, r.Type);
    }

    /// <summary>A plain-text table, one section per layer.</summary>
    public string Format()
    {
        var sb = new StringBuilder();
        sb.AppendLine($"documents: {Documents}, sentences: {Sentences}, tokens: {Tokens}, characters: {Characters}");
        Section(sb, "entities", EntityCount, EntityLabels);
        Section(sb, "events", EventCount, EventTypes);
        Section(sb, "arguments", ArgumentCount, Roles);
        Section(sb, "relations", RelationCount, RelationTypes);
        return sb.ToString();
    }

    private static void Section(StringBuilder sb, string title, int total, SortedDictionary<string, int> counts)
    {
        sb.AppendLine($"{title}: {total}");
        foreach (var (k, v) in counts) sb.AppendLine($"  {k,-28} {v,8}");
    }

    private static void Increment(SortedDictionary<string, int> d, string key) =>
        d[key] = d.TryGetValue(key, out var n) ? n + 1 : 1;
}
