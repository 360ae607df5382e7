using Nlp.Core.Formats;
using Nlp.Core.Model;
using Nlp.Core.Schema;
using Nlp.Review.Editing;
using Nlp.Review.Report;

namespace Nlp.Review.Server;

/// <summary>
/// What the page receives, as JSON. Offsets are UTF-16 indices into the original text (JavaScript's string
/// indices); the page draws the text from <c>text</c> cut at the <c>segments</c>' offsets, as plain text nodes.
/// </summary>
internal static class DocumentViews
{
    // Keys for labels in the legend: digits, then letters the page does not use as commands.
    private const string LabelKeys = "1234567890bcfghijklnoptuvwy";

    public static object Summary(int index, ReviewedDocument d)
    {
        var doc = d.Current;
        return new
        {
            index,
            id = d.Id,
            title = doc.Meta?["title"]?.ToString(),
            entities = doc.Entities.Length,
            events = doc.Events.Length,
            relations = doc.Relations.Length,
            lowest = ReportRenderer.Lowest(doc),
            reviewed = ReviewedDocument.LayerNames(d.Reviewed),
            touched = d.Touched,
            labels = doc.Entities.Select(e => e.Label).Distinct().Order(StringComparer.Ordinal),
            eventTypes = doc.Events.Select(e => e.Type).Distinct().Order(StringComparer.Ordinal),
        };
    }

    public static object Detail(int index, ReviewedDocument d, ReaderOptions reader, bool canUndo)
    {
        var doc = d.Current;
        var schema = reader.SchemaFor(doc);
        object SpanView(Span s) => new { start = s.Start, end = s.End, text = doc.TextOf(s), entity = doc.Entities.Select((e, i) => (e, i)).Where(x => x.e.Span == s).Select(x => x.i).DefaultIfEmpty(-1).First() };
        return new
        {
            index,
            id = d.Id,
            title = doc.Meta?["title"]?.ToString(),
            text = doc.Text,
            reviewed = ReviewedDocument.LayerNames(d.Reviewed),
            reviewedAt = d.ReviewedAt,
            touched = d.Touched,
            canUndo,
            entities = doc.Entities.Select((e, i) => new { index = i, start = e.Start, end = e.End, label = e.Label, confidence = e.Confidence, text = doc.TextOf(e.Span), color = LabelColors.For(e.Label, schema.EntityLabels) }),
            events = doc.Events.Select((ev, i) => new
            {
                index = i, type = ev.Type, start = ev.Trigger.Start, end = ev.Trigger.End, text = doc.TextOf(ev.Trigger), confidence = ev.Confidence,
                arguments = ev.Arguments.Select((a, k) => new { index = k, role = a.Role, start = a.Start, end = a.End, text = doc.TextOf(a.Span), confidence = a.Confidence }),
            }),
            relations = doc.Relations.Select((r, i) => new { index = i, type = r.Type, head = SpanView(r.Head), tail = SpanView(r.Tail), confidence = r.Confidence }),
            segments = TextSegments.Of(doc).Select(s => new { start = s.Start, end = s.End, entities = s.Entities, triggers = s.Triggers }),
            schema = Schema(schema),
        };
    }

    public static object Schema(AnnotationSchema schema) => new
    {
        name = schema.Name,
        entityLabels = schema.EntityLabels.Select((l, i) => new { label = l, color = LabelColors.For(l, schema.EntityLabels), key = i < LabelKeys.Length ? LabelKeys[i].ToString() : null }),
        eventRoles = schema.EventRoles,
        relations = schema.Relations.ToDictionary(r => r.Key, r => new { heads = r.Value.HeadLabels.Order(), tails = r.Value.TailLabels.Order() }),
    };

    /// <summary>The queue: every prediction below the threshold in a layer not yet reviewed, lowest confidence first.</summary>
    public static IEnumerable<object> Queue(IReadOnlyList<ReviewedDocument> documents, double threshold)
    {
        var items = new List<(double Confidence, object Item)>();
        for (int d = 0; d < documents.Count; d++)
        {
            var doc = documents[d].Current;
            var done = documents[d].Reviewed;
            void Add(double? c, string kind, int index, int? argument, string what, Span span)
            {
                if (c is { } v && v < threshold)
                    items.Add((v, new
                    {
                        document = d, documentId = doc.Id, kind, index, argument, confidence = v, what, text = doc.TextOf(span),
                        before = doc.Text[Math.Max(0, span.Start - 80)..span.Start], after = doc.Text[span.End..Math.Min(doc.Text.Length, span.End + 80)],
                    }));
            }
            if (!done.HasFlag(Layer.Entities))
                for (int i = 0; i < doc.Entities.Length; i++) Add(doc.Entities[i].Confidence, "entity", i, null, doc.Entities[i].Label, doc.Entities[i].Span);
            if (!done.HasFlag(Layer.Events))
                for (int i = 0; i < doc.Events.Length; i++)
                {
                    var ev = doc.Events[i];
                    Add(ev.Confidence, "event", i, null, ev.Type, ev.Trigger);
                    for (int k = 0; k < ev.Arguments.Length; k++)
                        Add(ev.Arguments[k].Confidence, "argument", i, k, $"{ev.Type} \"{doc.TextOf(ev.Trigger)}\" {ev.Arguments[k].Role}", ev.Arguments[k].Span);
                }
            if (!done.HasFlag(Layer.Relations))
                for (int i = 0; i < doc.Relations.Length; i++)
                {
                    var r = doc.Relations[i];
                    Add(r.Confidence, "relation", i, null, $"{doc.TextOf(r.Head)} → {r.Type} → {doc.TextOf(r.Tail)}", r.Head.Start <= r.Tail.Start ? new Span(r.Head.Start, Math.Max(r.Head.End, r.Tail.End)) : new Span(r.Tail.Start, Math.Max(r.Head.End, r.Tail.End)));
                }
        }
        return items.OrderBy(x => x.Confidence).Select(x => x.Item);
    }
}
