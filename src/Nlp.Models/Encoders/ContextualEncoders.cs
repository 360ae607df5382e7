namespace Nlp.Models.Encoders;

/// <summary>The pretrained encoders this build knows, by the name a model's settings record.</summary>
public static class ContextualEncoders
{
    /// <summary>Names this build knows; any <see cref="MiniLmVariant"/> name (minilm-lN-v2[-int8], N = 1..6) works too.</summary>
    public static IReadOnlyList<string> Known { get; } = [MiniLmEncoder.EncoderName, "minilm-l6-v2-int8", "minilm-l4-v2-int8"];

    /// <summary>Threads each encoder session uses (ONNX Runtime's intra-op threads).</summary>
    public static int Threads { get; set; } = 1;

    /// <summary>The MiniLM form a name stands for, or null for none ("", "none"); an unknown name is refused with the
    /// known ones. Checks a name without loading the encoder.</summary>
    public static MiniLmVariant? Variant(string? name)
    {
        if (name is null or "" or "none") return null;
        return name == "minilm" ? new MiniLmVariant(MiniLmEncoder.FullLayers, Int8: false) : MiniLmVariant.TryParse(name)
            ?? throw new InvalidDataException($"unknown encoder '{name}' (this build knows: {string.Join(", ", Known)})");
    }

    /// <summary>The encoder of that name, or null for none; an unknown name is refused with the known ones. Taggers
    /// loaded in one process share one encoder of a name (<see cref="SharedEncoders"/>); dispose what this returns.</summary>
    public static IContextualEncoder? Create(string? name)
    {
        if (Variant(name) is not { } variant) return null;
        int threads = Threads;
        return SharedEncoders.Acquire(variant.Name, threads, () => new MiniLmEncoder(variant, threads));
    }
}
