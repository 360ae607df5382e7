using Nlp.Core.Model;

namespace Nlp.Review.Report;

/// <summary>One piece of a document's text between two consecutive span boundaries, with the entities and
/// event triggers covering it (indices into the document's lists).</summary>
public sealed record TextSegment(int Start, int End, IReadOnlyList<int> Entities, IReadOnlyList<int> Triggers);

/// <summary>
/// Cuts the ORIGINAL text at every entity, trigger and argument boundary, so that overlapping and nested spans render
/// without moving a character: the report and the review page both draw the text from these pieces, by offsets,
/// and never from re-joined or re-encoded strings.
/// </summary>
public static class TextSegments
{
    public static IReadOnlyList<TextSegment> Of(Document doc)
    {
        var cuts = new SortedSet<int> { 0, doc.Text.Length };
        foreach (var e in doc.Entities) { cuts.Add(e.Start); cuts.Add(e.End); }
        foreach (var ev in doc.Events) { cuts.Add(ev.Trigger.Start); cuts.Add(ev.Trigger.End); }
        // Arguments need not be entities: cut there too, so that selecting an event can highlight all its spans.
        foreach (var a in doc.Events.SelectMany(e => e.Arguments)) { cuts.Add(a.Start); cuts.Add(a.End); }

        var segments = new List<TextSegment>();
        int? previous = null;
        foreach (int cut in cuts)
        {
            if (previous is { } start && cut > start)
            {
                var piece = new Span(start, cut);
                segments.Add(new TextSegment(start, cut,
                    Covering(doc.Entities.Select(e => e.Span), piece),
                    Covering(doc.Events.Select(e => e.Trigger), piece)));
            }
            previous = cut;
        }
        return segments;
    }

    private static List<int> Covering(IEnumerable<Span> spans, Span piece) =>
        spans.Select((s, i) => (s, i)).Where(x => x.s.Contains(piece)).Select(x => x.i).ToList();
}
