using Nlp.Models.Encoders;
using Nlp.Models.Encoders.Onnx;
using static TorchSharp.torch;

namespace Nlp.Models.Tests.Encoders;

/// <summary>
/// The TorchSharp copy of a MiniLM layer computes what ONNX Runtime computes: fed the fp32 piece states of the first
/// 3 layers, the 4th layer loaded from the graph's initializers gives the states of the graph cut after 4 layers.
/// Windows of different widths go through in one padded batch, so padding must not leak into real positions.
/// </summary>
public class BertLayerTests
{
    static readonly string[][] Sentences =
    [
        ["In", "1930", "the", "Kulak", "families", "were", "deported", "to", "Narym", "by", "the", "OGPU", "."],
        ["Moscow", "decided"],
        ["Ibárruri", "spoke", "in", "Kraków", "about", "spetsposelentsy", "."],
    ];

    [Fact]
    public void The_fourth_layer_in_torch_matches_onnx_runtime_fp32()
    {
        Models.TorchSetup.Seed(1, 1);
        using var three = new MiniLmEncoder(new MiniLmVariant(3, Int8: false));
        using var four = new MiniLmEncoder(new MiniLmVariant(4, Int8: false));
        var below = three.EncodePieces(Sentences).SelectMany(s => s.Windows).ToList();
        var expected = four.EncodePieces(Sentences).SelectMany(s => s.Windows).ToList();

        using var layer = new BertLayer();
        layer.Load(new OnnxModelEditor(MiniLmEncoder.PackageGraph()).LayerWeights(3));
        layer.eval();
        int width = below.Max(w => w.Positions);
        var states = new float[below.Count * width * BertLayer.Hidden];
        var mask = new bool[below.Count * width];
        for (int w = 0; w < below.Count; w++)
        {
            below[w].States.CopyTo(states, w * width * BertLayer.Hidden);
            for (int p = 0; p < below[w].Positions; p++) mask[w * width + p] = true;
        }
        using var noGrad = no_grad();
        using var output = layer.call(tensor(states, [below.Count, width, BertLayer.Hidden]), tensor(mask, [below.Count, width]));
        var actual = output.data<float>().ToArray();

        double worst = 0;
        for (int w = 0; w < below.Count; w++)
            for (int i = 0; i < expected[w].States.Length; i++)
                worst = Math.Max(worst, Math.Abs(actual[w * width * BertLayer.Hidden + i] - expected[w].States[i]));
        Assert.True(worst < 1e-3, $"largest difference {worst}");
        Assert.NotEqual(below[0].States, expected[0].States);   // the layer did change its input
    }

    [Fact]
    public void Layer_weights_are_read_by_their_checkpoint_names_with_matrices_in_by_out()
    {
        var weights = new OnnxModelEditor(MiniLmEncoder.PackageGraph()).LayerWeights(3);
        Assert.Equal([384L, 384L], weights["attention.self.query.weight"].Dims);
        Assert.Equal([384L, 1536L], weights["intermediate.dense.weight"].Dims);
        Assert.Equal([1536L, 384L], weights["output.dense.weight"].Dims);
        Assert.Equal(16, weights.Count);
        Assert.Throws<ArgumentOutOfRangeException>(() => new OnnxModelEditor(MiniLmEncoder.PackageGraph()).LayerWeights(6));
    }
}
