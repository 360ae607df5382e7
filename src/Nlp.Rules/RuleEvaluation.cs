using System.Collections.Immutable;
using Nlp.Core.Model;
using Nlp.Core.Scoring;

namespace Nlp.Rules;

/// <summary>
/// Scores the rules alone on gold documents for the seven labels: gold is filtered to those labels, the
/// prediction is the rules' output on the bare text, and Nlp.Core's <see cref="Scorer"/> counts exact matches.
/// </summary>
public static class RuleEvaluation
{
    public static EvaluationReport Score(IEnumerable<Document> gold)
    {
        var golds = gold.Select(OnlyNumericEntities).ToList();
        var predicted = golds.Select(Predict).ToList();
        return Scorer.Score(golds, predicted);
    }

    /// <summary>
    /// Scores the "numbers" stage on bare text against the gold of the seven labels: the same counts as
    /// <see cref="Score"/>, plus the calibration of the confidences (expected calibration error).
    /// </summary>
    public static EvaluationReport ScoreStage(IEnumerable<Document> gold, NumericEntityStage? stage = null)
    {
        stage ??= new NumericEntityStage();
        var golds = gold.Select(OnlyNumericEntities).ToList();
        return Scorer.Score(golds, golds.Select(g => stage.Process(g.WithoutAnnotations())).ToList());
    }

    /// <summary>A gold document with only its DATE, TIME, CARDINAL, ORDINAL, PERCENT, MONEY and QUANTITY entities.</summary>
    public static Document OnlyNumericEntities(Document gold) =>
        gold.WithoutAnnotations() with { Entities = gold.Entities.Where(e => NumericLabels.Contains(e.Label)).ToImmutableArray() };

    /// <summary>The rules' entities on the document's text, without confidence (calibration measures them).</summary>
    public static Document Predict(Document doc) => doc.WithoutAnnotations() with
    {
        Entities = NumericRecognizer.Recognize(doc).Select(m => new Entity(null, m.Span, m.Label, null, m.Value)).ToImmutableArray(),
    };
}
