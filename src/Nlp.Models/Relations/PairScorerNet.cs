using TorchSharp;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;
using TorchSharp.Modules;

namespace Nlp.Models.Relations;

/// <summary>
/// The network of <see cref="PairScorer"/>: the pair's pooled encoder vectors, the two entity labels as embeddings
/// and the signed distance bucket, through one hidden layer with dropout, to a score per class (none first).
/// </summary>
internal sealed class PairScorerNet : Module<Tensor, Tensor, Tensor>
{
    readonly Embedding labels;
    readonly Embedding distances;
    readonly Dropout inputDropout;
    readonly Linear hidden;
    readonly Dropout dropout;
    readonly Linear output;

    public const int LabelWidth = 16, DistanceWidth = 16;

    public PairScorerNet(int vectorWidth, int entityLabels, int distanceBuckets, int hiddenSize, int classes, double dropoutRate)
        : base("pair_scorer")
    {
        labels = Embedding(entityLabels, LabelWidth);
        distances = Embedding(distanceBuckets, DistanceWidth);
        inputDropout = Dropout(dropoutRate / 2);
        hidden = Linear(vectorWidth + 2 * LabelWidth + DistanceWidth, hiddenSize);
        dropout = Dropout(dropoutRate);
        output = Linear(hiddenSize, classes);
        RegisterComponents();
    }

    /// <param name="vectors">[batch, vectorWidth] pooled encoder vectors</param>
    /// <param name="ids">[batch, 3]: head label, tail label, distance bucket</param>
    /// <returns>[batch, classes] scores (logits)</returns>
    public override Tensor forward(Tensor vectors, Tensor ids)
    {
        // The caller holds a dispose scope per batch: the intermediate tensors go with it.
        var input = cat([inputDropout.forward(vectors), labels.forward(ids.select(1, 0)), labels.forward(ids.select(1, 1)),
            distances.forward(ids.select(1, 2))], 1);
        return output.forward(dropout.forward(functional.relu(hidden.forward(input))));
    }
}
