namespace Nlp.Models.Tagging;

/// <summary>Progress of one training epoch.</summary>
public sealed record EpochReport(int Epoch, int Epochs, double Loss, double DevF1, double TokensPerSecond,
    double ElapsedSeconds, double EtaSeconds, bool IsBest);

/// <summary>Platt parameters and ECE on dev before calibration and after (cross-fitted: fit on one half, measured on the other).</summary>
public sealed record TaggerCalibrationInfo(double A, double B, double? EceRaw, double? EceCalibratedCrossFit, int Entities);

/// <summary>What a tagger's manifest holds besides the common fields: its CRF heads and their tags, from which the
/// architecture is rebuilt (with the recipe's settings).</summary>
public sealed record TaggerPayload(TaggerPayload.Head[] Heads)
{
    public sealed record Head(string Name, string[] Tags);
}
