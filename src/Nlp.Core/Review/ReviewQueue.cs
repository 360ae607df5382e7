using Newtonsoft.Json.Linq;
using Nlp.Core.Formats;
using Nlp.Core.Model;

namespace Nlp.Core.Review;

/// <summary>One predicted item to check: where it is, what was predicted, how sure each profile was, and its score.</summary>
/// <param name="Layer">"entities", "events", "arguments" or "relations"</param>
/// <param name="Spans">the item's spans (entity; trigger; trigger and argument; head and tail), UTF-16 offsets in memory</param>
/// <param name="Label">label, event type, "TYPE.Role" or relation type</param>
/// <param name="Confidence">the first prediction's calibrated confidence, null when it does not have the item</param>
/// <param name="OtherConfidence">the second prediction's, null when it does not have the item or none was given</param>
/// <param name="Score">the chance that the item is wrong, as far as the confidences tell: what checking it is worth</param>
public sealed record ReviewItem(string Layer, IReadOnlyList<Span> Spans, string Label, double? Confidence, double? OtherConfidence, bool Disagreement, double Score);

/// <summary>A document's place in the queue: its items, most doubtful first, and their summed scores (the errors a review is expected to fix).</summary>
public sealed record ReviewEntry(Document Document, IReadOnlyList<ReviewItem> Items)
{
    public double ExpectedErrors => Items.Sum(i => i.Score);
    public int Disagreements => Items.Count(i => i.Disagreement);
}

/// <summary>
/// Active learning's order: which predictions a user should correct first so that a retrain learns most. Each predicted
/// entity, event, argument and relation is scored by the chance that it is wrong, 1 − its calibrated confidence (the
/// confidences are calibrated, so this is an honest estimate; an item without one counts as 0.5). Given a second
/// prediction of the same documents (another profile), an item both predict scores 1 − the mean of the two
/// confidences, and an item only one predicts is a disagreement, one of the two is wrong: 0.5 + (1 − confidence) / 2,
/// so it comes before every item the two agree on with confidence above one half. Documents come in the order of
/// their expected errors (the sum of their items' scores), items within a document by score.
/// </summary>
public static class ReviewQueue
{
    public const double MissingConfidence = 0.5;

    /// <summary>The queue; <paramref name="other"/>, when given, holds the same documents (matched by id, the same text) predicted by another profile.</summary>
    public static List<ReviewEntry> Build(IReadOnlyList<Document> predicted, IReadOnlyList<Document>? other = null)
    {
        Dictionary<string, Document>? others = null;
        if (other is not null)
        {
            others = new Dictionary<string, Document>(StringComparer.Ordinal);
            foreach (var d in other) others.TryAdd(d.Id, d);
        }
        var entries = new List<ReviewEntry>();
        foreach (var doc in predicted)
        {
            Document? second = null;
            if (others is not null)
            {
                if (!others.TryGetValue(doc.Id, out second))
                    throw new InvalidDataException($"document '{doc.Id}' is not in the second prediction");
                if (second.Text != doc.Text) throw new InvalidDataException($"document '{doc.Id}' has another text in the second prediction");
            }
            entries.Add(new ReviewEntry(doc, Items(doc, second)));
        }
        // Stable: documents with equal expected errors keep their input order.
        return entries.OrderByDescending(e => e.ExpectedErrors).ToList();
    }

    static List<ReviewItem> Items(Document doc, Document? second)
    {
        var first = Candidates(doc);
        if (second is null)
            return first.Values.Select(c => new ReviewItem(c.Layer, c.Spans, c.Label, c.Confidence, null, false, 1 - (c.Confidence ?? MissingConfidence)))
                .OrderByDescending(i => i.Score).ToList();
        var other = Candidates(second);
        var items = new List<ReviewItem>();
        foreach (var (key, c) in first)
        {
            if (other.TryGetValue(key, out var o))
            {
                double mean = ((c.Confidence ?? MissingConfidence) + (o.Confidence ?? MissingConfidence)) / 2;
                items.Add(new ReviewItem(c.Layer, c.Spans, c.Label, c.Confidence, o.Confidence, false, 1 - mean));
            }
            else items.Add(new ReviewItem(c.Layer, c.Spans, c.Label, c.Confidence, null, true, Disputed(c.Confidence)));
        }
        foreach (var (key, o) in other)
            if (!first.ContainsKey(key))
                items.Add(new ReviewItem(o.Layer, o.Spans, o.Label, null, o.Confidence, true, Disputed(o.Confidence)));
        return items.OrderByDescending(i => i.Score).ToList();
    }

    static double Disputed(double? confidence) => 0.5 + (1 - (confidence ?? MissingConfidence)) / 2;

    sealed record Candidate(string Layer, Span[] Spans, string Label, double? Confidence);

    /// <summary>Every predicted item keyed by what makes two predictions of it the same: layer, spans and label.</summary>
    static Dictionary<string, Candidate> Candidates(Document doc)
    {
        var items = new Dictionary<string, Candidate>(StringComparer.Ordinal);
        void Add(Candidate c) => items.TryAdd($"{c.Layer}|{string.Join("|", c.Spans.Select(s => $"{s.Start}-{s.End}"))}|{c.Label}", c);
        foreach (var e in doc.Entities) Add(new("entities", [e.Span], e.Label, e.Confidence));
        foreach (var ev in doc.Events)
        {
            Add(new("events", [ev.Trigger], ev.Type, ev.Confidence));
            foreach (var a in ev.Arguments) Add(new("arguments", [ev.Trigger, a.Span], $"{ev.Type}.{a.Role}", a.Confidence));
        }
        foreach (var r in doc.Relations) Add(new("relations", [r.Head, r.Tail], r.Type, r.Confidence));
        return items;
    }

    /// <summary>A queue line: the document's id and figures, and its items with code-point offsets and their text, as the file format counts them.</summary>
    public static JObject ToJson(ReviewEntry entry, int rank)
    {
        var doc = entry.Document;
        var map = new OffsetMap(doc.Text);
        JObject Span(Span s) => new() { ["start"] = map.ToCodePoint(s.Start), ["end"] = map.ToCodePoint(s.End), ["text"] = doc.TextOf(s) };
        return new JObject
        {
            ["rank"] = rank,
            ["document_id"] = doc.Id,
            ["expected_errors"] = Math.Round(entry.ExpectedErrors, 3),
            ["items"] = entry.Items.Count,
            ["disagreements"] = entry.Disagreements,
            ["queue"] = new JArray(entry.Items.Select(i => new JObject
            {
                ["layer"] = i.Layer,
                ["label"] = i.Label,
                ["spans"] = new JArray(i.Spans.Select(Span)),
                ["confidence"] = i.Confidence,
                ["other_confidence"] = i.OtherConfidence,
                ["disagreement"] = i.Disagreement,
                ["score"] = Math.Round(i.Score, 4),
            })),
        };
    }
}
