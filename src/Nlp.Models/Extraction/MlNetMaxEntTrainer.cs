using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Trainers;

namespace Nlp.Models.Extraction;

/// <summary>
/// Fits a <see cref="MaxEntClassifier"/> with ML.NET's L-BFGS maximum entropy (<c>LbfgsMaximumEntropy</c>) on the same
/// indexed binary features as <see cref="MaxEntBatchTrainer"/>: each example becomes a sparse vector of ones, the label
/// a key, and ML.NET's per-class weights and biases are copied into our classifier, so that calibration, thresholds
/// and the model files stay as they are. ML.NET minimizes (summed log loss + λ'/2·‖w‖²)/N, biases unpenalized; with
/// λ' = λ·N and its L1 term switched off that is our objective (mean log loss + λ/2·‖w‖²), so both solve one problem.
/// </summary>
public sealed class MlNetMaxEntTrainer(MaxEntBatchSettings settings, bool sdca = false)
{
    public MaxEntBatchSettings Settings { get; } = settings;
    /// <summary>ML.NET's SdcaMaximumEntropy (stochastic dual coordinate ascent) instead of L-BFGS.</summary>
    public bool Sdca { get; } = sdca;

    private sealed class Row
    {
        public uint Label { get; set; }
        public VBuffer<float> Features { get; set; }
    }

    public MaxEntClassifier Fit(IReadOnlyList<(IReadOnlyList<string> Features, string Label)> data, IReadOnlyList<string> labels)
    {
        var (examples, featureIndex) = MaxEntTrainer.Index(data, labels, Settings.MinFeatureCount);
        int n = labels.Count, dim = Math.Max(1, featureIndex.Count);
        var ml = new MLContext(seed: 0);
        // The label is a key over exactly our labels, so ML.NET's class order is ours even when a label never occurs in
        // training. A key read from a .NET object is its 0-based index: ML.NET adds the 1 of its key representation.
        var schema = SchemaDefinition.Create(typeof(Row));
        schema[nameof(Row.Label)].ColumnType = new KeyDataViewType(typeof(uint), n);
        schema[nameof(Row.Features)].ColumnType = new VectorDataViewType(NumberDataViewType.Single, dim);
        var rows = examples.Select(e =>
        {
            var indices = e.Features.Order().ToArray();
            return new Row { Label = (uint)e.Label, Features = new VBuffer<float>(dim, indices.Length, Ones(indices.Length), indices) };
        });
        var view = ml.Data.LoadFromEnumerable(rows, schema);
        var catalog = ml.MulticlassClassification.Trainers;
        // One thread each: the same model on every run.
        var model = Sdca
            ? catalog.SdcaMaximumEntropy(new SdcaMaximumEntropyMulticlassTrainer.Options
            {
                // SDCA's objective is already the mean loss + λ/2·‖w‖².
                L1Regularization = 0, L2Regularization = (float)Settings.L2, NumberOfThreads = 1,
            }).Fit(view).Model
            : catalog.LbfgsMaximumEntropy(new LbfgsMaximumEntropyMulticlassTrainer.Options
            {
                L1Regularization = 0,
                L2Regularization = (float)(Settings.L2 * examples.Length),
                MaximumNumberOfIterations = Settings.MaxIterations,
                HistorySize = Settings.Memory,
                OptimizationTolerance = (float)Settings.Tolerance,
                NumberOfThreads = 1,
            }).Fit(view).Model;

        VBuffer<float>[] perClass = [];
        model.GetWeights(ref perClass, out int classes);
        if (classes != n) throw new InvalidOperationException($"ML.NET fitted {classes} classes for {n} labels");
        var weights = new float[featureIndex.Count * n];
        for (int l = 0; l < n; l++)
            foreach (var (f, v) in perClass[l].Items())
                if (f < featureIndex.Count) weights[f * n + l] = MaxEntClassifier.Quantize(v);
        var bias = model.GetBiases().Select(b => MaxEntClassifier.Quantize(b, keepSmall: true)).ToArray();
        return new MaxEntClassifier(labels, featureIndex, weights, bias);
    }

    private static float[] Ones(int count)
    {
        var ones = new float[count];
        Array.Fill(ones, 1f);
        return ones;
    }
}
