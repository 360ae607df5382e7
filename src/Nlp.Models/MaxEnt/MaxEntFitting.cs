namespace Nlp.Models.MaxEnt;

/// <summary>
/// Trains a <see cref="MaxEntClassifier"/> with the optimizer a trainer's settings name: "lbfgs", the regularized
/// log loss minimized over the whole data (<see cref="MaxEntBatchTrainer"/>: one optimum, the same model for every
/// seed), or "sgd", AdaGrad epochs with weight averaging (<see cref="MaxEntTrainer"/>: depends on the seed's example
/// order). Shared by the event and relation trainers, so both accept the same names.
/// </summary>
public static class MaxEntFitting
{
    public const string Lbfgs = "lbfgs", Sgd = "sgd";

    public sealed record Options(string Optimizer, double L2, int MinFeatureCount, int Seed, int Epochs, double LearningRate, int MaxIterations);

    /// <param name="progress">one line per epoch (SGD) or one at the end (L-BFGS), prefixed with <paramref name="name"/>; null: quiet</param>
    /// <param name="prior">a warm start from this classifier (<see cref="MaxEntTrainer.Fit"/>, <see cref="MaxEntBatchTrainer.Fit"/>); null: from zero</param>
    public static MaxEntClassifier Fit(Options options, IReadOnlyList<(IReadOnlyList<string> Features, string Label)> data,
        IReadOnlyList<string> labels, string name, Action<string>? progress, MaxEntClassifier? prior = null)
    {
        switch (options.Optimizer)
        {
            case Lbfgs:
                var batch = new MaxEntBatchTrainer(new MaxEntBatchSettings
                {
                    L2 = options.L2, MaxIterations = options.MaxIterations, MinFeatureCount = options.MinFeatureCount,
                });
                int iterations = 0;
                double last = double.NaN;
                var classifier = batch.Fit(data, labels, (i, loss) => { iterations = i; last = loss; }, prior);
                progress?.Invoke($"{name}: L-BFGS stopped after {iterations} iterations at objective {last:F5}");
                return classifier;
            case Sgd:
                var trainer = new MaxEntTrainer(new MaxEntSettings
                {
                    Epochs = options.Epochs, LearningRate = options.LearningRate, L2 = options.L2,
                    MinFeatureCount = options.MinFeatureCount, Seed = options.Seed,
                });
                return trainer.Fit(data, labels,
                    progress is null ? null : (epoch, loss) => progress($"{name}: epoch {epoch}/{options.Epochs} loss {loss:F4}"), prior);
            default:
                throw new ArgumentException($"optimizer '{options.Optimizer}': expected {Lbfgs} or {Sgd}");
        }
    }
}
