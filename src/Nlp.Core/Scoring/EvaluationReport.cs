namespace Nlp.Core.Scoring;

/// <summary>The scores of ANNOTATION.md's Scoring section for one gold/prediction pair of collections.</summary>
public sealed class EvaluationReport
{
    public int Documents { get; internal set; }
    public LabelledScores Entities { get; } = new();
    public LabelledScores Triggers { get; } = new();
    /// <summary>Arguments whose span overlaps the gold span (the primary argument score), per "TYPE.Role".</summary>
    public LabelledScores ArgumentsOverlap { get; } = new();
    /// <summary>Arguments with exact offsets, per "TYPE.Role".</summary>
    public LabelledScores ArgumentsStrict { get; } = new();
    public LabelledScores Relations { get; } = new();

    public CalibrationBins EntityCalibration { get; } = new();
    public CalibrationBins TriggerCalibration { get; } = new();
    public CalibrationBins ArgumentCalibration { get; } = new();
    public CalibrationBins RelationCalibration { get; } = new();

    /// <summary>Every prediction that carried a confidence, in the order scored: what a calibrator is fitted on.</summary>
    public List<ConfidencePoint> Points { get; } = new();

    public CalibrationBins OverallCalibration
    {
        get
        {
            var all = new CalibrationBins();
            foreach (var c in new[] { EntityCalibration, TriggerCalibration, ArgumentCalibration, RelationCalibration }) all.Add(c);
            return all;
        }
    }

    public IEnumerable<(string Name, LabelledScores Scores, CalibrationBins? Calibration)> Sections()
    {
        yield return ("entities", Entities, EntityCalibration);
        yield return ("triggers", Triggers, TriggerCalibration);
        yield return ("arguments (overlap)", ArgumentsOverlap, ArgumentCalibration);
        yield return ("arguments (strict)", ArgumentsStrict, null);
        yield return ("relations", Relations, RelationCalibration);
    }
}
