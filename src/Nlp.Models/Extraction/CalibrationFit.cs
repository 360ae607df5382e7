using Nlp.Core.Scoring;

namespace Nlp.Models.Extraction;

/// <summary>
/// Fits a <see cref="PlattCalibrator"/> on raw probabilities of the FINAL model on held-out gold documents (dev), and
/// measures how well such a calibrator transfers: documents are split in two halves, a calibrator fitted on one half
/// is scored (ECE, ten bins) on the decisions of the other, and the two are pooled. The shipped calibrator uses all.
/// </summary>
public static class CalibrationFit
{
    public readonly record struct Point(int Document, double Raw, bool Correct);

    public static (PlattCalibrator Calibrator, double? CrossFittedEce, int Decisions) Fit(IReadOnlyList<Point> points, double rawThreshold)
    {
        var all = PlattCalibrator.Fit(points.Select(p => (p.Raw, p.Correct)).ToList());
        var bins = new CalibrationBins();
        for (int half = 0; half < 2; half++)
        {
            var fit = PlattCalibrator.Fit(points.Where(p => p.Document % 2 != half).Select(p => (p.Raw, p.Correct)).ToList());
            foreach (var p in points.Where(p => p.Document % 2 == half && p.Raw >= rawThreshold))
                bins.Add(fit.Calibrate(p.Raw), p.Correct);
        }
        return (all, bins.ExpectedCalibrationError, bins.Count);
    }
}
