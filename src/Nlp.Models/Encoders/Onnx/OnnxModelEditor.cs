using System.Runtime.InteropServices;

namespace Nlp.Models.Encoders.Onnx;

/// <summary>
/// Rewrites a BERT-style ONNX encoder before ONNX Runtime loads it, to trade a little accuracy for speed:
/// keep only its first layers (their output becomes <c>last_hidden_state</c>), and store the weights of its matrix
/// products as int8 (per output column, symmetric) run by ONNX Runtime's DynamicQuantizeMatMul, which quantizes the
/// activations on the fly: the dynamic quantization of ONNX Runtime's own tools, done here at load so that the
/// shipped package's fp32 model stays the only copy of the weights. Field numbers are those of onnx.proto.
/// </summary>
internal sealed class OnnxModelEditor
{
    // ModelProto
    const int ModelOpsetImport = 8, ModelGraph = 7;
    // OperatorSetIdProto
    const int OpsetDomain = 1, OpsetVersion = 2;
    // GraphProto
    const int GraphNode = 1, GraphInitializer = 5, GraphOutput = 12, GraphValueInfo = 13;
    // NodeProto
    const int NodeInput = 1, NodeOutput = 2, NodeName = 3, NodeOpType = 4, NodeDomain = 7;
    // TensorProto
    const int TensorDims = 1, TensorDataType = 2, TensorName = 8, TensorRawData = 9;
    const int Float = 1, Int8 = 3;
    // ValueInfoProto
    const int ValueName = 1;

    const string OutputName = "last_hidden_state";
    const string MicrosoftDomain = "com.microsoft";

    readonly ProtoMessage _model;
    readonly ProtoMessage _graph;
    List<ProtoMessage> _nodes;
    List<ProtoMessage> _initializers;

    public OnnxModelEditor(byte[] model)
    {
        _model = ProtoMessage.Parse(model);
        _graph = _model.Message(ModelGraph) ?? throw new InvalidDataException("the ONNX model has no graph");
        _nodes = _graph.Messages(GraphNode).ToList();
        _initializers = _graph.Messages(GraphInitializer).ToList();
    }

    /// <summary>Layers of the encoder, counted from the names of its weights (encoder.layer.N.).</summary>
    public int LayerCount => _initializers
        .Select(t => t.String(TensorName) ?? "")
        .Where(n => n.StartsWith("encoder.layer.", StringComparison.Ordinal))
        .Select(n => int.Parse(n.Split('.')[2]))
        .DefaultIfEmpty(-1).Max() + 1;

    /// <summary>
    /// Makes the output of layer <paramref name="layers"/> (1-based) the model's only output, named
    /// last_hidden_state, and drops every node and weight that no longer leads to it (the later layers, the pooler).
    /// </summary>
    public OnnxModelEditor KeepLayers(int layers)
    {
        if (layers < 1 || layers > LayerCount)
            throw new ArgumentOutOfRangeException(nameof(layers), $"the encoder has {LayerCount} layers; keep 1 to {LayerCount}");
        // A layer ends with its output LayerNorm: the node that adds that LayerNorm's bias.
        string bias = $"encoder.layer.{layers - 1}.output.LayerNorm.bias";
        var last = _nodes.Single(n => n.Strings(NodeInput).Contains(bias));
        string tensor = last.Strings(NodeOutput).Single();
        if (tensor != OutputName)
        {
            _nodes.Remove(_nodes.Single(n => n.Strings(NodeOutput).Contains(OutputName)));
            _nodes = _nodes.Select(n => RenameTensor(n, tensor, OutputName)).ToList();
        }
        var outputs = _graph.Messages(GraphOutput).Where(o => o.String(ValueName) == OutputName).ToList();
        _graph.ReplaceAll(GraphOutput, outputs);
        Prune();
        return this;
    }

    /// <summary>
    /// The fp32 weights of one layer (0-based), by the names of the Hugging Face checkpoint the graph was exported
    /// from (<c>attention.self.query.weight</c> …), matrices as [in, out] the way the graph multiplies them. The
    /// biases and LayerNorm parameters keep their names in the graph; a matrix is anonymous there (onnx::MatMul_N), so
    /// it is found as the right operand of the MatMul whose output the layer's named bias is added to.
    /// </summary>
    public Dictionary<string, (long[] Dims, float[] Values)> LayerWeights(int layer)
    {
        if (layer < 0 || layer >= LayerCount)
            throw new ArgumentOutOfRangeException(nameof(layer), $"the encoder has layers 0 to {LayerCount - 1}");
        string prefix = $"encoder.layer.{layer}.";
        var byName = _initializers.ToDictionary(t => t.String(TensorName) ?? "");
        var producer = new Dictionary<string, ProtoMessage>();
        foreach (var node in _nodes)
            foreach (var output in node.Strings(NodeOutput)) producer[output] = node;
        var weights = new Dictionary<string, (long[], float[])>();
        foreach (var (name, tensor) in byName.Where(p => p.Key.StartsWith(prefix, StringComparison.Ordinal)))
        {
            string key = name[prefix.Length..];
            weights[key] = Floats(tensor);
            if (!key.EndsWith(".bias", StringComparison.Ordinal) || key.Contains("LayerNorm", StringComparison.Ordinal)) continue;
            var add = _nodes.Single(n => n.String(NodeOpType) == "Add" && n.Strings(NodeInput).Contains(name));
            string product = add.Strings(NodeInput).Single(i => i != name);
            var matMul = producer[product];
            if (matMul.String(NodeOpType) != "MatMul")
                throw new InvalidDataException($"the bias {name} is not added to a MatMul's output (found {matMul.String(NodeOpType)})");
            weights[key[..^".bias".Length] + ".weight"] = Floats(byName[matMul.Strings(NodeInput).ElementAt(1)]);
        }
        return weights;
    }

    static (long[] Dims, float[] Values) Floats(ProtoMessage tensor)
    {
        if ((int)(tensor.First(TensorDataType)?.Number64 ?? 0) != Float || tensor.First(TensorRawData) is not { } raw)
            throw new InvalidDataException($"the weight {tensor.String(TensorName)} is not stored as raw fp32");
        return (tensor.Int64s(TensorDims).ToArray(), MemoryMarshal.Cast<byte, float>(raw.Bytes).ToArray());
    }

    /// <summary>Stores every MatMul whose right operand is a 2-D fp32 weight as int8 with one scale per column.</summary>
    public OnnxModelEditor QuantizeMatMulWeights()
    {
        var weights = _initializers.ToDictionary(t => t.String(TensorName) ?? "");
        var added = new List<ProtoMessage>();
        for (int i = 0; i < _nodes.Count; i++)
        {
            var node = _nodes[i];
            if (node.String(NodeOpType) != "MatMul" || node.String(NodeDomain) is { Length: > 0 }) continue;
            var inputs = node.Strings(NodeInput).ToList();
            if (!weights.TryGetValue(inputs[1], out var weight)) continue;
            var dims = weight.Int64s(TensorDims).ToArray();
            if (dims.Length != 2 || (int)(weight.First(TensorDataType)?.Number64 ?? 0) != Float || weight.First(TensorRawData) is null) continue;
            var (quantized, scales) = Int8Columns.Quantize(
                MemoryMarshal.Cast<byte, float>(weight.First(TensorRawData)!.Bytes), (int)dims[0], (int)dims[1]);
            string name = inputs[1];
            added.Add(Tensor($"{name}_int8", Int8, dims, MemoryMarshal.AsBytes(quantized.AsSpan()).ToArray()));
            added.Add(Tensor($"{name}_scale", Float, [dims[1]], MemoryMarshal.AsBytes(scales.AsSpan()).ToArray()));
            added.Add(Tensor($"{name}_zero", Int8, [dims[1]], new byte[dims[1]]));
            var rewritten = new ProtoMessage();
            foreach (var input in new[] { inputs[0], $"{name}_int8", $"{name}_scale", $"{name}_zero" }) rewritten.Add(NodeInput, input);
            foreach (var output in node.Strings(NodeOutput)) rewritten.Add(NodeOutput, output);
            rewritten.Add(NodeName, (node.String(NodeName) ?? $"matmul{i}") + "_int8");
            rewritten.Add(NodeOpType, "DynamicQuantizeMatMul");
            rewritten.Add(NodeDomain, MicrosoftDomain);
            _nodes[i] = rewritten;
        }
        _initializers.AddRange(added);
        Prune();
        if (!_model.Messages(ModelOpsetImport).Any(o => o.String(OpsetDomain) == MicrosoftDomain))
        {
            var opset = new ProtoMessage();
            opset.Add(OpsetDomain, MicrosoftDomain);
            opset.Add(OpsetVersion, 1L);
            _model.Add(ModelOpsetImport, opset);
        }
        return this;
    }

    public byte[] ToBytes()
    {
        _graph.ReplaceAll(GraphNode, _nodes);
        _graph.ReplaceAll(GraphInitializer, _initializers);
        _model.ReplaceAll(ModelGraph, [_graph]);
        return _model.ToBytes();
    }

    /// <summary>Keeps the nodes the outputs depend on and the weights those nodes read.</summary>
    void Prune()
    {
        var needed = new HashSet<string>(_graph.Messages(GraphOutput).Select(o => o.String(ValueName) ?? ""));
        var kept = new List<ProtoMessage>();
        for (int i = _nodes.Count - 1; i >= 0; i--)   // ONNX nodes are in topological order
        {
            if (!_nodes[i].Strings(NodeOutput).Any(needed.Contains)) continue;
            kept.Add(_nodes[i]);
            foreach (var input in _nodes[i].Strings(NodeInput)) needed.Add(input);
        }
        kept.Reverse();
        _nodes = kept;
        _initializers = _initializers.Where(t => needed.Contains(t.String(TensorName) ?? "")).ToList();
        _graph.ReplaceAll(GraphValueInfo, _graph.Messages(GraphValueInfo).Where(v => needed.Contains(v.String(ValueName) ?? "")));
    }

    static ProtoMessage RenameTensor(ProtoMessage node, string from, string to)
    {
        var renamed = new ProtoMessage();
        foreach (var field in node.Fields)
            renamed.Add((field.Number is NodeInput or NodeOutput) && field.Text == from
                ? ProtoField.OfBytes(field.Number, System.Text.Encoding.UTF8.GetBytes(to))
                : field);
        return renamed;
    }

    static ProtoMessage Tensor(string name, int type, long[] dims, byte[] raw)
    {
        var tensor = new ProtoMessage();
        foreach (var d in dims) tensor.Add(TensorDims, d);
        tensor.Add(TensorDataType, (long)type);
        tensor.Add(TensorName, name);
        tensor.Add(TensorRawData, raw);
        return tensor;
    }
}
