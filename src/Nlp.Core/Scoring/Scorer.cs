using Nlp.Core.Formats;
using Nlp.Core.Model;

namespace Nlp.Core.Scoring;

/// <summary>
/// Scores predictions against gold documents as ANNOTATION.md says: entities, triggers and relations on
/// exact offsets and label; an argument when its event's trigger is correct, its role matches and its
/// span overlaps the gold span (and, strictly, with exact offsets); micro P/R/F1 and per label; expected
/// calibration error of the confidences over ten equal-width bins. Documents are paired by id.
/// </summary>
public static class Scorer
{
    public static EvaluationReport Score(IEnumerable<Document> gold, IEnumerable<Document> predicted)
    {
        var report = new EvaluationReport();
        var predById = new Dictionary<string, Document>();
        foreach (var p in predicted)
            if (!predById.TryAdd(p.Id, p)) throw new DocumentFormatException($"predictions: document {p.Id} appears twice");

        var goldIds = new HashSet<string>();
        foreach (var g in gold)
        {
            if (!goldIds.Add(g.Id)) throw new DocumentFormatException($"gold: document {g.Id} appears twice");
            report.Documents++;
            predById.TryGetValue(g.Id, out var p);
            if (p is not null && p.Text != g.Text)
                throw new DocumentFormatException($"document {g.Id}: the prediction's text differs from the gold text, so offsets cannot be compared");
            ScoreDocument(g, p ?? g.WithoutAnnotations(), report);
        }
        var unknown = predById.Keys.Where(id => !goldIds.Contains(id)).Take(5).ToList();
        if (unknown.Count > 0)
            throw new DocumentFormatException($"predictions for documents that are not in the gold file: {string.Join(", ", unknown)}");
        return report;
    }

    public static void ScoreDocument(Document gold, Document pred, EvaluationReport report)
    {
        ScoreEntities(gold, pred, report);
        ScoreEvents(gold, pred, report);
        ScoreRelations(gold, pred, report);
    }

    private static void ScoreEntities(Document gold, Document pred, EvaluationReport report)
    {
        var goldSet = new HashSet<(Span, string)>(gold.Entities.Select(e => (e.Span, e.Label)));
        var matched = new HashSet<(Span, string)>();
        foreach (var e in pred.Entities)
        {
            bool correct = goldSet.Contains((e.Span, e.Label)) && matched.Add((e.Span, e.Label));
            if (correct) report.Entities.AddTruePositive(e.Label); else report.Entities.AddFalsePositive(e.Label);
            if (e.Confidence is { } c) { report.EntityCalibration.Add(c, correct); report.Points.Add(new("entities", e.Label, c, correct)); }
        }
        foreach (var key in goldSet.Where(k => !matched.Contains(k))) report.Entities.AddFalseNegative(key.Item2);
    }

    private static void ScoreEvents(Document gold, Document pred, EvaluationReport report)
    {
        // Each gold event can be matched by one predicted event with the same trigger span and type.
        var unmatchedGold = gold.Events.ToList();
        foreach (var pe in pred.Events)
        {
            int gi = unmatchedGold.FindIndex(ge => ge.Trigger == pe.Trigger && ge.Type == pe.Type);
            Event? ge = gi >= 0 ? unmatchedGold[gi] : null;
            if (gi >= 0) unmatchedGold.RemoveAt(gi);

            if (ge is not null) report.Triggers.AddTruePositive(pe.Type); else report.Triggers.AddFalsePositive(pe.Type);
            if (pe.Confidence is { } c) { report.TriggerCalibration.Add(c, ge is not null); report.Points.Add(new("triggers", pe.Type, c, ge is not null)); }
            ScoreArguments(ge, pe, report);
        }
        foreach (var ge in unmatchedGold)
        {
            report.Triggers.AddFalseNegative(ge.Type);
            foreach (var a in ge.Arguments)
            {
                report.ArgumentsOverlap.AddFalseNegative($"{ge.Type}.{a.Role}");
                report.ArgumentsStrict.AddFalseNegative($"{ge.Type}.{a.Role}");
            }
        }
    }

    private static void ScoreArguments(Event? gold, Event pred, EvaluationReport report)
    {
        var goldArgs = gold?.Arguments.ToList() ?? [];
        var overlapLeft = new List<Argument>(goldArgs);
        var strictLeft = new List<Argument>(goldArgs);
        // Exact matches are paired first, so that an overlapping neighbour does not take another's gold argument.
        var ordered = pred.Arguments.OrderByDescending(a => goldArgs.Any(g => g.Role == a.Role && g.Span == a.Span));
        foreach (var a in ordered)
        {
            string key = $"{pred.Type}.{a.Role}";
            int oi = overlapLeft.FindIndex(g => g.Role == a.Role && g.Span.Overlaps(a.Span));
            bool overlapCorrect = oi >= 0;
            if (overlapCorrect)
            {
                // Prefer the exact gold span when several overlap.
                int exact = overlapLeft.FindIndex(g => g.Role == a.Role && g.Span == a.Span);
                overlapLeft.RemoveAt(exact >= 0 ? exact : oi);
                report.ArgumentsOverlap.AddTruePositive(key);
            }
            else report.ArgumentsOverlap.AddFalsePositive(key);
            if (a.Confidence is { } c) { report.ArgumentCalibration.Add(c, overlapCorrect); report.Points.Add(new("arguments", key, c, overlapCorrect)); }

            int si = strictLeft.FindIndex(g => g.Role == a.Role && g.Span == a.Span);
            if (si >= 0) { strictLeft.RemoveAt(si); report.ArgumentsStrict.AddTruePositive(key); }
            else report.ArgumentsStrict.AddFalsePositive(key);
        }
        if (gold is null) return;
        foreach (var g in overlapLeft) report.ArgumentsOverlap.AddFalseNegative($"{gold.Type}.{g.Role}");
        foreach (var g in strictLeft) report.ArgumentsStrict.AddFalseNegative($"{gold.Type}.{g.Role}");
    }

    private static void ScoreRelations(Document gold, Document pred, EvaluationReport report)
    {
        var goldSet = new HashSet<(string, Span, Span)>(gold.Relations.Select(r => (r.Type, r.Head, r.Tail)));
        var matched = new HashSet<(string, Span, Span)>();
        foreach (var r in pred.Relations)
        {
            var key = (r.Type, r.Head, r.Tail);
            bool correct = goldSet.Contains(key) && matched.Add(key);
            if (correct) report.Relations.AddTruePositive(r.Type); else report.Relations.AddFalsePositive(r.Type);
            if (r.Confidence is { } c) { report.RelationCalibration.Add(c, correct); report.Points.Add(new("relations", r.Type, c, correct)); }
        }
        foreach (var key in goldSet.Where(k => !matched.Contains(k))) report.Relations.AddFalseNegative(key.Item1);
    }
}
