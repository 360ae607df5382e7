namespace Nlp.Core.Scoring;

/// <summary>
/// Expected calibration error over ten equal-width confidence bins: the gap between mean confidence
/// and accuracy in each bin, weighted by the bin's share of predictions.
/// </summary>
public sealed class CalibrationBins
{
    public const int BinCount = 10;
    private readonly int[] _count = new int[BinCount];
    private readonly int[] _correct = new int[BinCount];
    private readonly double[] _confidence = new double[BinCount];

    public int Count => _count.Sum();

    public void Add(double confidence, bool correct)
    {
        // Bins are [0,0.1), [0.1,0.2), … [0.9,1.0]: a confidence of exactly 1 belongs to the last.
        int bin = Math.Min(BinCount - 1, (int)(confidence * BinCount));
        _count[bin]++;
        _confidence[bin] += confidence;
        if (correct) _correct[bin]++;
    }

    public void Add(CalibrationBins other)
    {
        for (int b = 0; b < BinCount; b++)
        {
            _count[b] += other._count[b];
            _correct[b] += other._correct[b];
            _confidence[b] += other._confidence[b];
        }
    }

    /// <summary>The expected calibration error (0 to 1); null when no prediction carried a confidence.</summary>
    public double? ExpectedCalibrationError
    {
        get
        {
            int total = Count;
            if (total == 0) return null;
            double ece = 0;
            for (int b = 0; b < BinCount; b++)
            {
                if (_count[b] == 0) continue;
                double accuracy = (double)_correct[b] / _count[b];
                double meanConfidence = _confidence[b] / _count[b];
                ece += (double)_count[b] / total * Math.Abs(accuracy - meanConfidence);
            }
            return ece;
        }
    }

    public IEnumerable<(double Low, double High, int Count, double Accuracy, double MeanConfidence)> Bins()
    {
        for (int b = 0; b < BinCount; b++)
            if (_count[b] > 0)
                yield return (b / 10.0, (b + 1) / 10.0, _count[b], (double)_correct[b] / _count[b], _confidence[b] / _count[b]);
    }
}
