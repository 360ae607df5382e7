namespace Nlp.Models.Encoders;

/// <summary>
/// A MiniLM variant whose top <see cref="TunedLayers"/> layers a tagger fine-tunes: the lower layers stay frozen and
/// run in ONNX Runtime (the variant cut below the tuned ones, int8 when the variant is), giving piece states per
/// window (<see cref="SentencePieces"/>); the tuned layers run in TorchSharp inside the tagger (<see cref="BertLayer"/>),
/// start from the package's fp32 weights (<see cref="TunedWeights"/>) and are saved with the tagger. The name is the
/// whole variant's ("minilm-l4-v2-int8" with 1 tuned layer runs its first 3 layers here and the 4th in the tagger).
/// </summary>
public sealed class TunableEncoder : IDisposable
{
    readonly MiniLmEncoder _lower;
    int _disposed;

    public TunableEncoder(MiniLmVariant variant, int tunedLayers, int threads = 1)
    {
        if (tunedLayers < 1 || tunedLayers >= variant.Layers)
            throw new ArgumentException($"{variant.Name} has {variant.Layers} layers: fine-tune 1 to {variant.Layers - 1} of them (the lowest stays frozen)");
        Variant = variant;
        TunedLayers = tunedLayers;
        _lower = new MiniLmEncoder(variant with { Layers = variant.Layers - tunedLayers }, threads);
    }

    /// <summary>The encoder of a tagger's settings: its name and the count of tuned layers.</summary>
    public static TunableEncoder Create(string? name, int tunedLayers) =>
        new(ContextualEncoders.Variant(name) ?? throw new InvalidDataException("fine-tuning encoder layers needs an encoder (--encoder)"),
            tunedLayers, ContextualEncoders.Threads);

    public MiniLmVariant Variant { get; }
    public int TunedLayers { get; }
    public string Name => Variant.Name;
    public int Dimension => _lower.Dimension;

    /// <summary>Per sentence, the frozen layers' piece states of its windows.</summary>
    public IReadOnlyList<SentencePieces> Encode(IReadOnlyList<IReadOnlyList<string>> sentences)
    {
        ObjectDisposedException.ThrowIf(_disposed != 0, this);
        return _lower.EncodePieces(sentences);
    }

    /// <summary>The pretrained fp32 weights of the tuned layers, lowest first, read from the package's graph.</summary>
    public IReadOnlyList<Dictionary<string, (long[] Dims, float[] Values)>> TunedWeights()
    {
        var graph = new Onnx.OnnxModelEditor(MiniLmEncoder.PackageGraph());
        return Enumerable.Range(Variant.Layers - TunedLayers, TunedLayers).Select(graph.LayerWeights).ToList();
    }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0) _lower.Dispose();
    }
}
