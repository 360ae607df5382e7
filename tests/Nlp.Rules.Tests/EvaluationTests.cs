using Nlp.Core.Formats;

namespace Nlp.Rules.Tests;

/// <summary>
/// Floors on the rules' exact-match F1 on dev (the rules were tuned on train). Deterministic: no model, no seed.
/// The floors sit a few points under the measured scores (docs/RESULTS.md, "Numbers and dates") so a regression fails, not a rewording.
/// </summary>
public class EvaluationTests
{
    private static readonly Lazy<Nlp.Core.Scoring.EvaluationReport> Dev =
        new(() => RuleEvaluation.Score(JsonlReader.ReadAll(TestPaths.TrainingData("dev.jsonl"))));

    [Theory]
    [InlineData("DATE", 90.0)]
    [InlineData("CARDINAL", 88.0)]
    public void Dev_F1_stays_above_the_floor(string label, double floor)
    {
        var c = Dev.Value.Entities.PerLabel[label];
        Assert.True(c.F1 >= floor, $"{label} dev F1 {c.F1:F1} (P {c.Precision:F1}, R {c.Recall:F1}) fell below {floor}");
    }

    [Fact]
    public void Stage_confidences_are_calibrated_on_dev()
    {
        var report = RuleEvaluation.ScoreStage(JsonlReader.ReadAll(TestPaths.TrainingData("dev.jsonl")));
        // The stage on bare text is the rules: the same counts, now with confidences.
        Assert.Equal(Dev.Value.Entities.Micro, report.Entities.Micro);
        double? ece = report.EntityCalibration.ExpectedCalibrationError;
        Assert.NotNull(ece);
        Assert.True(ece < 0.06, $"dev ECE {ece:F3}");
    }

    [Fact]
    public void Gold_is_filtered_to_the_seven_labels()
    {
        var report = Dev.Value;
        Assert.All(report.Entities.PerLabel.Keys, l => Assert.True(NumericLabels.Contains(l), l));
    }

    [Fact]
    public void Keyword_gates_change_nothing()
    {
        foreach (var doc in JsonlReader.ReadAll(TestPaths.TrainingData("dev.jsonl")))
        {
            var gated = NumericRecognizer.Recognize(doc.Text, null, useGates: true);
            var full = NumericRecognizer.Recognize(doc.Text, null, useGates: false);
            Assert.Equal(full.Select(m => (m.Span, m.Label)), gated.Select(m => (m.Span, m.Label)));
        }
    }

    [Fact]
    public void Scoring_is_deterministic()
    {
        var again = RuleEvaluation.Score(JsonlReader.ReadAll(TestPaths.TrainingData("dev.jsonl")));
        Assert.Equal(Dev.Value.Entities.Micro, again.Entities.Micro);
    }
}
