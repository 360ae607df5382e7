using System.Text.RegularExpressions;
using Nlp.Core.Model;

namespace Nlp.Review.Report;

/// <summary>
/// Event counts per type and year. An event's year is that of its Time argument (the DATE entity's "normalized"
/// ISO value when the rules gave one, else a four-digit year in the argument's text), else the document's
/// meta.date / meta.year; events with none are counted as "undated".
/// </summary>
public sealed partial class EventTimeline
{
    public const string Undated = "undated";

    /// <summary>Counts per year ("undated" sorts after the digits), then per event type.</summary>
    public SortedDictionary<string, Dictionary<string, int>> ByYear { get; } = new(StringComparer.Ordinal);

    public void Add(Document doc)
    {
        string? docYear = YearIn(doc.Meta?["date"]?.ToString()) ?? YearIn(doc.Meta?["year"]?.ToString());
        foreach (var ev in doc.Events)
        {
            string year = TimeArgumentYear(doc, ev) ?? docYear ?? Undated;
            var counts = ByYear.TryGetValue(year, out var c) ? c : ByYear[year] = new Dictionary<string, int>();
            counts[ev.Type] = counts.GetValueOrDefault(ev.Type) + 1;
        }
    }

    private static string? TimeArgumentYear(Document doc, Event ev)
    {
        foreach (var argument in ev.Arguments.Where(a => a.Role == "Time"))
        {
            var normalized = doc.Entities.FirstOrDefault(e => e.Span == argument.Span)?.Extra?["normalized"]?.ToString();
            if ((YearIn(normalized) ?? YearIn(doc.TextOf(argument.Span))) is { } year) return year;
        }
        return null;
    }

    private static string? YearIn(string? text) =>
        text is not null && Year().Match(text) is { Success: true } m ? m.Value : null;

    [GeneratedRegex(@"(?<!\d)(?:1[5-9]\d\d|20\d\d)(?!\d)")]
    private static partial Regex Year();
}
