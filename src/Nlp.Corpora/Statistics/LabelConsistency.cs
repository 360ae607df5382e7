using Nlp.Core.Model;

namespace Nlp.Corpora.Statistics;

/// <summary>
/// Lists the strings that carry different entity labels in different places ("Soviet" as NORP here and
/// GPE there), with where each label occurs: a review list, not necessarily errors.
/// </summary>
public static class LabelConsistency
{
    public sealed record Finding(string Text, IReadOnlyDictionary<string, IReadOnlyList<string>> DocumentsByLabel)
    {
        public override string ToString() =>
            $"\"{Text}\": " + string.Join("; ", DocumentsByLabel.Select(kv =>
                $"{kv.Key} ×{kv.Value.Count} ({string.Join(", ", kv.Value.Distinct().Take(3))}{(kv.Value.Distinct().Count() > 3 ? ", …" : "")})"));
    }

    public static IReadOnlyList<Finding> Find(IEnumerable<Document> docs)
    {
        var byText = new Dictionary<string, Dictionary<string, List<string>>>(StringComparer.Ordinal);
        foreach (var doc in docs)
            foreach (var e in doc.Entities)
            {
                // Line breaks and hyphenation of the extraction do not make a different string.
                string key = string.Join(' ', doc.TextOf(e.Span).Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
                if (!byText.TryGetValue(key, out var labels)) byText[key] = labels = new();
                if (!labels.TryGetValue(e.Label, out var where)) labels[e.Label] = where = new();
                where.Add(doc.Id);
            }
        return byText.Where(kv => kv.Value.Count > 1)
            .OrderBy(kv => kv.Key, StringComparer.Ordinal)
            .Select(kv => new Finding(kv.Key, kv.Value.OrderByDescending(l => l.Value.Count)
                .ToDictionary(l => l.Key, l => (IReadOnlyList<string>)l.Value)))
            .ToList();
    }
}
