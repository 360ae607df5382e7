using System.Text;
using Nlp.Core.Formats;
using Nlp.Core.Model;
using Nlp.Core.Schema;

namespace Nlp.Review.Report;

/// <summary>
/// The static report of <c>nlp show</c>: one self-contained HTML file (inline style sheet and SVG, no script, nothing
/// loaded from elsewhere) with a summary table, a chart of event types over time, and per document the text with
/// its entities coloured by label, the events as cards and the relations. Every string of the documents is
/// HTML-encoded, so a document containing markup or a script shows it as text; confidences are in hover titles.
/// </summary>
public static class ReportRenderer
{
    public static string Render(IReadOnlyList<Document> docs, string title)
    {
        var html = new StringBuilder();
        html.Append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">")
            .Append("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">")
            .Append("<title>").Append(Html.Encode(title)).Append("</title><style>")
            .Append(EmbeddedAssets.Read("report.css")).Append("</style></head><body>\n");
        html.Append("<h1>").Append(Html.Encode(title)).Append("</h1>\n");
        html.Append($"<p>{docs.Count} documents, {docs.Sum(d => d.Entities.Length)} entities, {docs.Sum(d => d.Events.Length)} events, {docs.Sum(d => d.Relations.Length)} relations.</p>\n");
        AppendSummary(html, docs);
        html.Append("<h2>Event types over time</h2>\n").Append(TimelineChart.Svg(EventTimeline.Count(docs)));
        for (int i = 0; i < docs.Count; i++) AppendDocument(html, docs[i], i);
        html.Append("</body></html>\n");
        return html.ToString();
    }

    private static void AppendSummary(StringBuilder html, IReadOnlyList<Document> docs)
    {
        html.Append("<table class=\"summary\"><thead><tr><th>document</th><th>title</th><th>characters</th><th>entities</th>")
            .Append("<th>events</th><th>relations</th><th>lowest confidence</th></tr></thead><tbody>\n");
        for (int i = 0; i < docs.Count; i++)
        {
            var d = docs[i];
            html.Append($"<tr><td><a href=\"#doc-{i}\">").Append(Html.Encode(d.Id)).Append("</a></td><td>")
                .Append(Html.Encode(d.Meta?["title"]?.ToString())).Append($"</td><td>{d.Text.Length}</td><td>{d.Entities.Length}</td>")
                .Append($"<td>{d.Events.Length}</td><td>{d.Relations.Length}</td><td>{Html.Confidence(Lowest(d))}</td></tr>\n");
        }
        html.Append("</tbody></table>\n");
    }

    /// <summary>The lowest confidence of any entity, event, argument or relation; null when none has one.</summary>
    public static double? Lowest(Document d) =>
        d.Entities.Select(e => e.Confidence)
            .Concat(d.Events.Select(e => e.Confidence))
            .Concat(d.Events.SelectMany(e => e.Arguments).Select(a => a.Confidence))
            .Concat(d.Relations.Select(r => r.Confidence))
            .Where(c => c is not null).DefaultIfEmpty(null).Min();

    private static void AppendDocument(StringBuilder html, Document doc, int index)
    {
        var schema = ReaderOptions.Default.SchemaFor(doc);
        html.Append($"<section class=\"document\" id=\"doc-{index}\"><h2>").Append(Html.Encode(doc.Id)).Append("</h2>\n");
        if (doc.Meta?["title"] is { } t) html.Append("<p class=\"meta\">").Append(Html.Encode(t.ToString())).Append("</p>\n");
        AppendLegend(html, doc, schema);
        html.Append("<div class=\"text\">");
        foreach (var piece in TextSegments.Of(doc)) AppendPiece(html, doc, piece, schema);
        html.Append("</div>\n");
        AppendEvents(html, doc);
        AppendRelations(html, doc);
        html.Append("</section>\n");
    }

    private static void AppendLegend(StringBuilder html, Document doc, AnnotationSchema schema)
    {
        html.Append("<p class=\"legend\">");
        foreach (var label in doc.Entities.Select(e => e.Label).Distinct().Order(StringComparer.Ordinal))
            html.Append($"<span class=\"ent\" style=\"background:{LabelColors.For(label, schema.EntityLabels)}\">").Append(Html.Encode(label)).Append("</span> ");
        if (doc.Events.Length > 0) html.Append("<span class=\"trigger\">event trigger</span>");
        html.Append("</p>\n");
    }

    private static void AppendPiece(StringBuilder html, Document doc, TextSegment piece, AnnotationSchema schema)
    {
        string text = Html.Encode(doc.Text[piece.Start..piece.End]);
        if (piece.Entities.Count == 0 && piece.Triggers.Count == 0)
        {
            html.Append(text);
            return;
        }
        var entities = piece.Entities.Select(i => doc.Entities[i]).ToList();
        var triggers = piece.Triggers.Select(i => doc.Events[i]).ToList();
        var titles = entities.Select(e => $"{e.Label} {Html.Confidence(e.Confidence)}")
            .Concat(triggers.Select(e => $"{e.Type} trigger {Html.Confidence(e.Confidence)}"));
        // The innermost (shortest) entity gives the colour; nesting shows in the title.
        var colour = entities.OrderBy(e => e.Span.Length).Select(e => LabelColors.For(e.Label, schema.EntityLabels)).FirstOrDefault();
        html.Append("<span class=\"").Append(entities.Count > 0 ? "ent" : "").Append(triggers.Count > 0 ? " trigger" : "").Append('"');
        if (colour is not null) html.Append($" style=\"background:{colour}\"");
        html.Append(" title=\"").Append(Html.Encode(string.Join("; ", titles))).Append("\">").Append(text).Append("</span>");
    }

    private static void AppendEvents(StringBuilder html, Document doc)
    {
        if (doc.Events.Length == 0) return;
        html.Append("<div class=\"events\">");
        foreach (var ev in doc.Events)
        {
            html.Append($"<div class=\"card\" title=\"confidence {Html.Confidence(ev.Confidence)}\"><b>").Append(Html.Encode(ev.Type))
                .Append("</b> <q>").Append(Html.Encode(doc.TextOf(ev.Trigger))).Append($"</q> <small>{Html.Confidence(ev.Confidence)}</small><ul>");
            foreach (var a in ev.Arguments)
                html.Append($"<li title=\"confidence {Html.Confidence(a.Confidence)}\">").Append(Html.Encode(a.Role)).Append(": ")
                    .Append(Html.Encode(doc.TextOf(a.Span))).Append("</li>");
            html.Append("</ul></div>");
        }
        html.Append("</div>\n");
    }

    private static void AppendRelations(StringBuilder html, Document doc)
    {
        if (doc.Relations.Length == 0) return;
        html.Append("<ul class=\"relations\">");
        foreach (var r in doc.Relations)
            html.Append($"<li title=\"confidence {Html.Confidence(r.Confidence)}\">").Append(Html.Encode(doc.TextOf(r.Head)))
                .Append(" → <b>").Append(Html.Encode(r.Type)).Append("</b> → ").Append(Html.Encode(doc.TextOf(r.Tail))).Append("</li>");
        html.Append("</ul>\n");
    }
}
