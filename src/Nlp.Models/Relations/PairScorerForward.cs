using System.Numerics.Tensors;
using static TorchSharp.torch;

namespace Nlp.Models.Relations;

/// <summary>
/// The forward pass of a trained <see cref="PairScorerNet"/> (dropout off) in plain C#: each pair's scores come from
/// the same sums in the same order whatever the thread count, so <c>predict</c> (2 torch threads) and <c>extract</c>
/// (one per worker) give the same confidences to the last digit; libtorch's matrix product splits its sums by thread.
/// </summary>
internal sealed class PairScorerForward
{
    readonly float[] _labels, _distances, _hidden, _hiddenBias, _output, _outputBias;
    readonly int _inputWidth, _hiddenSize, _classes;

    public PairScorerForward(PairScorerNet net)
    {
        using var noGrad = no_grad();
        var state = net.state_dict();
        float[] Read(string name) => state[name].contiguous().data<float>().ToArray();
        _labels = Read("labels.weight");
        _distances = Read("distances.weight");
        _hidden = Read("hidden.weight");
        _hiddenBias = Read("hidden.bias");
        _output = Read("output.weight");
        _outputBias = Read("output.bias");
        _hiddenSize = _hiddenBias.Length;
        _classes = _outputBias.Length;
        _inputWidth = _hidden.Length / _hiddenSize;
    }

    /// <summary>The probability of each class for one pair.</summary>
    public float[] Probabilities(PairScorer.Example e)
    {
        const int label = PairScorerNet.LabelWidth, distance = PairScorerNet.DistanceWidth;
        var input = new float[_inputWidth];
        e.Vectors.CopyTo(input, 0);
        int at = e.Vectors.Length;
        _labels.AsSpan((int)e.HeadLabel * label, label).CopyTo(input.AsSpan(at));
        _labels.AsSpan((int)e.TailLabel * label, label).CopyTo(input.AsSpan(at + label));
        _distances.AsSpan((int)e.Distance * distance, distance).CopyTo(input.AsSpan(at + 2 * label));
        var hidden = new float[_hiddenSize];
        for (int j = 0; j < _hiddenSize; j++)
            hidden[j] = Math.Max(0, TensorPrimitives.Dot(_hidden.AsSpan(j * _inputWidth, _inputWidth), input) + _hiddenBias[j]);
        var scores = new float[_classes];
        for (int c = 0; c < _classes; c++)
            scores[c] = TensorPrimitives.Dot(_output.AsSpan(c * _hiddenSize, _hiddenSize), hidden) + _outputBias[c];
        TensorPrimitives.SoftMax(scores, scores);
        return scores;
    }
}
