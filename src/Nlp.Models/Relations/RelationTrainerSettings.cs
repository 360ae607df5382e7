using Nlp.Models.MaxEnt;

namespace Nlp.Models.Relations;

/// <summary>Settings of <see cref="RelationTrainer"/> (written to the manifest).</summary>
public sealed record RelationTrainerSettings
{
    public int Seed { get; init; } = 13;
    /// <summary>"lbfgs": the regularized log loss minimized over the whole data (<see cref="MaxEntBatchTrainer"/>, the same
    /// model for every seed); "sgd": AdaGrad epochs with weight averaging (<see cref="MaxEntTrainer"/>, the first trainer).</summary>
    public string Optimizer { get; init; } = "lbfgs";
    /// <summary>SGD only (as is <see cref="LearningRate"/>).</summary>
    public int Epochs { get; init; } = 15;
    /// <summary>L-BFGS only.</summary>
    public int MaxIterations { get; init; } = 300;
    public double LearningRate { get; init; } = 0.2;
    public double L2 { get; init; } = 1e-4;
    public int MinFeatureCount { get; init; } = 2;
    /// <summary>Folds of the cross-fit whose out-of-fold predictions choose thresholds and calibrators: with 10, each fold
    /// model sees 90% of the data, so it behaves nearly like the final model.</summary>
    public int CalibrationFolds { get; init; } = 10;
    public int Threads { get; init; } = 1;
    /// <summary>A fixed threshold; null: chosen for the best F1 on cross-fitted held-out predictions.</summary>
    public double? Threshold { get; init; }
    /// <summary>The feature extractor (<see cref="IPairFeatures.ForSet"/>): 2, the richer one; 1, the first; 0, the one
    /// with the better out-of-fold F1 (the manifest records the set chosen).</summary>
    public int FeatureSet { get; init; }
    /// <summary>At most one relation per unordered entity pair.</summary>
    public bool OnePerPair { get; init; } = true;
    /// <summary>A threshold per relation type with at least <see cref="MinGoldForTypeThreshold"/> out-of-fold gold relations.</summary>
    public bool ThresholdPerType { get; init; } = true;
    public int MinGoldForTypeThreshold { get; init; } = 20;
    /// <summary>A calibrator per relation type that has at least <see cref="MinPointsForTypeCalibration"/> out-of-fold
    /// decisions (right and wrong ones); the others share the common one.</summary>
    public bool CalibratePerType { get; init; } = true;
    public int MinPointsForTypeCalibration { get; init; } = 100;
    /// <summary>
    /// Fit one Platt calibrator on the final model's predictions on dev (the first behaviour), instead of on the
    /// out-of-fold predictions of the training documents; with OOF, dev stays an honest measure of calibration.
    /// </summary>
    public bool CalibrateOnDev { get; init; }
    /// <summary>A pretrained encoder (e.g. "minilm-l4-v2-int8") whose token vectors, clustered by k-means into
    /// <see cref="ContextClusterSizes"/> clusters, the classifier reads as features (<see cref="ContextPairFeatures"/>);
    /// null: none.</summary>
    public string? ContextEncoder { get; init; }
    public int[] ContextClusterSizes { get; init; } = [64, 512];
    /// <summary>Also read a far member of a coordinated list as the list's member nearest the other mention
    /// (<see cref="ListPairFeatures"/>).</summary>
    public bool ListFeatures { get; init; }
    /// <summary>Give every member of a coordinated list the relation one member has (<see cref="RelationModel.ListPartners"/>),
    /// with a confidence calibrated on out-of-fold training predictions; the model records the calibrator. Off: on the
    /// domain data too few list members share their seed's relation for it to pass a threshold (docs/RESULTS.md).</summary>
    public bool PropagateLists { get; init; }
    /// <summary>An encoder (e.g. "minilm-l4-v2-int8") whose token vectors a dense <see cref="PairScorer"/> reads; its
    /// probabilities are mixed with the max-ent classifier's by the weight of <see cref="PairScorerWeights"/> with the
    /// best out-of-fold F1. Null: no pair scorer.</summary>
    public string? PairScorerEncoder { get; init; }
    public int PairScorerHidden { get; init; } = 256;
    public double PairScorerDropout { get; init; } = 0.3;
    public int PairScorerEpochs { get; init; } = 8;
    public double PairScorerLearningRate { get; init; } = 1e-3;
    /// <summary>The mixing weights tried out of fold (0: the max-ent classifier alone, 1: the pair scorer alone).</summary>
    public double[] PairScorerWeights { get; init; } = [0, 0.25, 0.5, 0.75, 1];
    /// <summary>The model folder a finetune started from (<c>--init-from</c>), recorded so the recipe travels with the model; null: trained from scratch.</summary>
    public string? InitFrom { get; init; }
    /// <summary>The share of the replay files' documents a finetune trained on beside the corrections (<c>--replay-fraction</c>; 0: none).</summary>
    public double ReplayFraction { get; init; }
}
