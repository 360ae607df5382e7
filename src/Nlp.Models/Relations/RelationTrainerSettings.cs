namespace Nlp.Models.Relations;

/// <summary>Settings of <see cref="RelationTrainer"/> (written to the manifest).</summary>
public sealed record RelationTrainerSettings
{
    public int Seed { get; init; } = 13;
    public int Epochs { get; init; } = 15;
    public double LearningRate { get; init; } = 0.2;
    public double L2 { get; init; } = 1e-4;
    public int MinFeatureCount { get; init; } = 2;
    public int CalibrationFolds { get; init; } = 5;
    public int Threads { get; init; } = 1;
    /// <summary>A fixed threshold; null: chosen for the best F1 on cross-fitted held-out predictions.</summary>
    public double? Threshold { get; init; }
}
