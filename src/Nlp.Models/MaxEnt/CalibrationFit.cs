using Nlp.Core.Scoring;

namespace Nlp.Models.MaxEnt;

/// <summary>
/// Fits a <see cref="PlattCalibrator"/> on raw probabilities of the FINAL model on held-out gold documents (dev), and
/// measures how well such a calibrator transfers: documents are split in two halves, a calibrator fitted on one half
/// is scored (ECE, ten bins) on the decisions of the other, and the two are pooled. The shipped calibrator uses all.
/// Used by the tagger (span marginals) and the event and relation trainers.
/// </summary>
public static class CalibrationFit
{
    public readonly record struct Point(int Document, double Raw, bool Correct);

    /// <param name="rawThreshold">only decisions at or above it are scored (the ones that become output); all are fitted on</param>
    /// <returns>the calibrator fitted on all points; the ECE of the raw probabilities and the cross-fitted ECE over the
    /// scored decisions (null when there are none), and how many decisions were scored</returns>
    public static (PlattCalibrator Calibrator, double? RawEce, double? CrossFittedEce, int Decisions) Fit(IReadOnlyList<Point> points,
        double rawThreshold, double probabilityFloor = PlattCalibrator.DefaultFloor)
    {
        var all = PlattCalibrator.Fit(points.Select(p => (p.Raw, p.Correct)).ToList(), probabilityFloor);
        var raw = new CalibrationBins();
        var crossed = new CalibrationBins();
        for (int half = 0; half < 2; half++)
        {
            var fit = PlattCalibrator.Fit(points.Where(p => p.Document % 2 != half).Select(p => (p.Raw, p.Correct)).ToList(), probabilityFloor);
            foreach (var p in points.Where(p => p.Document % 2 == half && p.Raw >= rawThreshold))
            {
                raw.Add(p.Raw, p.Correct);
                crossed.Add(fit.Calibrate(p.Raw), p.Correct);
            }
        }
        return (all, raw.ExpectedCalibrationError, crossed.ExpectedCalibrationError, crossed.Count);
    }
}
