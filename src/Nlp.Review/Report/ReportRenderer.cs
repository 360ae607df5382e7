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
        var html = new StringWriter();
        Write(html, () => docs, title);
        return html.ToString();
    }

    /// <summary>Writes the report reading the documents twice: once for the summary and the chart, once for the
    /// documents themselves, so that only one document is in memory at a time.</summary>
    public static void Write(TextWriter output, Func<IEnumerable<Document>> read, string title)
    {
        var rows = new List<SummaryRow>();
        var timeline = new EventTimeline();
        foreach (var doc in read())
        {
            rows.Add(SummaryRow.Of(doc));
            timeline.Add(doc);
        }
        output.Write("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">");
        output.Write("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">");
        output.Write($"<title>{Html.Encode(title)}</title><style>{EmbeddedAssets.Read("report.css")}</style></head><body>\n");
        output.Write($"<h1>{Html.Encode(title)}</h1>\n");
        output.Write($"<p>{rows.Count} documents, {rows.Sum(r => r.Entities)} entities, {rows.Sum(r => r.Events)} events, {rows.Sum(r => r.Relations)} relations.</p>\n");
        output.Write(SummaryTable(rows));
        output.Write("<h2>Event types over time</h2>\n");
        output.Write(TimelineChart.Svg(timeline.ByYear));
        int index = 0;
        foreach (var doc in read())
        {
            var html = new StringBuilder();
            AppendDocument(html, doc, index++);
            output.Write(html);
        }
        output.Write("</body></html>\n");
    }

    private sealed record SummaryRow(string Id, string? Title, int Characters, int Entities, int Events, int Relations, double? Lowest)
    {
        public static SummaryRow Of(Document d) =>
            new(d.Id, d.Meta?["title"]?.ToString(), d.Text.Length, d.Entities.Length, d.Events.Length, d.Relations.Length, ReportRenderer.Lowest(d));
    }

    private static string SummaryTable(List<SummaryRow> rows)
    {
        var html = new StringBuilder();
        html.Append("<table class=\"summary\"><thead><tr><th>document</th><th>title</th><th>characters</th><th>entities</th>")
            .Append("<th>events</th><th>relations</th><th>lowest confidence</th></tr></thead><tbody>\n");
        for (int i = 0; i < rows.Count; i++)
        {
            var r = rows[i];
            html.Append($"<tr><td><a href=\"#doc-{i}\">").Append(Html.Encode(r.Id)).Append("</a></td><td>")
                .Append(Html.Encode(r.Title)).Append($"</td><td>{r.Characters}</td><td>{r.Entities}</td>")
                .Append($"<td>{r.Events}</td><td>{r.Relations}</td><td>{Html.Confidence(r.Lowest)}</td></tr>\n");
        }
        return html.Append("</tbody></table>\n").ToString();
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
