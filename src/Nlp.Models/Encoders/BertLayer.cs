using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace Nlp.Models.Encoders;

/// <summary>
/// One BERT encoder layer in TorchSharp, the ops of MiniLM's ONNX graph: self-attention (12 heads over 384), its
/// output projection added to the input and LayerNorm'd, then a 1536-wide feed-forward with exact (erf) GELU added and
/// LayerNorm'd again (eps 1e-12, the checkpoint's). It takes the pretrained weights of a layer of the graph
/// (<see cref="Onnx.OnnxModelEditor.LayerWeights"/>), so that the tagger can fine-tune the encoder's top layers while
/// the lower ones stay frozen in ONNX Runtime. Dropout (BERT's 0.1) applies to the two sublayer outputs in training.
/// </summary>
public sealed class BertLayer : Module<Tensor, Tensor, Tensor>
{
    public const int Hidden = 384, Heads = 12, Intermediate = 1536;
    const double LayerNormEps = 1e-12;
    /// <summary>Added to the attention scores of padding positions: what the exported graph adds ((1 - mask) × -10000).</summary>
    const float MaskedScore = -10000f;

    // Field names become state-dict keys of the tagger: keep them stable.
    readonly Linear query, key, value, attention_output, intermediate, output;
    readonly LayerNorm attention_norm, output_norm;
    readonly Dropout dropout;

    public BertLayer(double dropoutRate = 0.1) : base(nameof(BertLayer))
    {
        query = Linear(Hidden, Hidden);
        key = Linear(Hidden, Hidden);
        value = Linear(Hidden, Hidden);
        attention_output = Linear(Hidden, Hidden);
        attention_norm = LayerNorm(Hidden, LayerNormEps);
        intermediate = Linear(Hidden, Intermediate);
        output = Linear(Intermediate, Hidden);
        output_norm = LayerNorm(Hidden, LayerNormEps);
        dropout = Dropout(dropoutRate);
        RegisterComponents();
    }

    /// <summary>hidden [windows, positions, 384], mask [windows, positions] (true where a position holds a piece) →
    /// [windows, positions, 384].</summary>
    public override Tensor forward(Tensor hidden, Tensor mask)
    {
        using var scope = NewDisposeScope();
        long windows = hidden.shape[0], positions = hidden.shape[1];
        const int headSize = Hidden / Heads;
        Tensor Split(Tensor x) => x.view(windows, positions, Heads, headSize).transpose(1, 2);
        var q = Split(query.call(hidden));
        var k = Split(key.call(hidden));
        var v = Split(value.call(hidden));
        var scores = q.matmul(k.transpose(-1, -2)).div(Math.Sqrt(headSize));
        var padding = mask.logical_not().to_type(scores.dtype).mul(MaskedScore).view(windows, 1, 1, positions);
        var context = functional.softmax(scores + padding, -1).matmul(v).transpose(1, 2).reshape(windows, positions, Hidden);
        var attended = attention_norm.call(hidden + dropout.call(attention_output.call(context)));
        var fed = output.call(functional.gelu(intermediate.call(attended)));
        return output_norm.call(attended + dropout.call(fed)).MoveToOuterDisposeScope();
    }

    /// <summary>Copies a layer's weights as <see cref="Onnx.OnnxModelEditor.LayerWeights"/> reads them (matrices [in, out]).</summary>
    public void Load(IReadOnlyDictionary<string, (long[] Dims, float[] Values)> weights)
    {
        using var noGrad = no_grad();
        void Copy(Parameter into, string name, bool transpose = false)
        {
            if (!weights.TryGetValue(name, out var w)) throw new InvalidDataException($"the encoder layer lacks its weight {name}");
            using var source = tensor(w.Values, w.Dims);
            using var oriented = transpose ? source.t() : source.alias();
            if (!oriented.shape.SequenceEqual(into.shape))
                throw new InvalidDataException($"the encoder weight {name} is [{string.Join(", ", w.Dims)}], expected [{string.Join(", ", into.shape)}] (transposed: {transpose})");
            into.copy_(oriented);
        }
        void Dense(Linear layer, string name)
        {
            Copy(layer.weight!, name + ".weight", transpose: true);
            Copy(layer.bias!, name + ".bias");
        }
        void Norm(LayerNorm layer, string name)
        {
            Copy(layer.weight!, name + ".weight");
            Copy(layer.bias!, name + ".bias");
        }
        Dense(query, "attention.self.query");
        Dense(key, "attention.self.key");
        Dense(value, "attention.self.value");
        Dense(attention_output, "attention.output.dense");
        Norm(attention_norm, "attention.output.LayerNorm");
        Dense(intermediate, "intermediate.dense");
        Dense(output, "output.dense");
        Norm(output_norm, "output.LayerNorm");
    }
}
