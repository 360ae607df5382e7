using Newtonsoft.Json.Linq;
using Nlp.Core.Manifests;
using Nlp.Models.Encoders;
using Nlp.Models.Tagging;
using Nlp.Models.Tests.Tagging;
using static TorchSharp.torch;

namespace Nlp.Models.Tests.Encoders;

/// <summary>
/// A tagger that fine-tunes the encoder's top layer: the layer starts from the pretrained weights and moves in
/// training (at its own learning rate), it is saved with the tagger in a format older readers refuse, and a loaded
/// model predicts what the trained one did; training is deterministic for a seed.
/// </summary>
public class TunedEncoderTaggerTests
{
    static readonly MiniLmVariant Variant = new(2, Int8: true);

    static TaggerTrainingResult Train(int seed = 1) =>
         EntityTaggerTrainer.Fit(TaggerTestData.Tiny(), TaggerTestData.Tiny(), TaggerTestData.TinySettings(epochs: 2) with { Seed = seed, EncoderLearningRate = 1e-3 },
            threads: 1, tunable: new TunableEncoder(Variant, tunedLayers: 1));

    static Dictionary<string, float[]> Tuned(EntityTagger tagger) => tagger.Module.state_dict()
        .Where(p => p.Key.StartsWith("encoder_layers.", StringComparison.Ordinal))
        .ToDictionary(p => p.Key, p => p.Value.data<float>().ToArray());

    [Fact]
    public void The_tuned_layer_starts_pretrained_learns_and_is_saved_with_the_tagger()
    {
        var result = Train();
        Assert.Equal(1, result.Best.Settings.TunedEncoderLayers);
        Assert.Equal("minilm-l2-v2-int8", result.Best.Settings.Encoder);
        Assert.Equal(384, result.Best.Settings.ContextualFeatures);

        var tuned = Tuned(result.Last);
        Assert.Equal(16, tuned.Count);
        var pretrained = new Nlp.Models.Encoders.Onnx.OnnxModelEditor(MiniLmEncoder.PackageGraph()).LayerWeights(1);
        var query = tuned["encoder_layers.0.query.weight"];
        double moved = query.Zip(Transposed(pretrained["attention.self.query.weight"])).Max(p => Math.Abs(p.First - p.Second));
        Assert.InRange(moved, 1e-6, 0.05);   // it learned, a little: the learning rate is small

        string dir = Path.Combine(Path.GetTempPath(), "nlp-models-tests", Guid.NewGuid().ToString("N"));
        result.Save(dir, "tiny-tuned");
        var manifest = JObject.Parse(File.ReadAllText(Path.Combine(dir, ModelManifest.FileName)));
        Assert.Equal(ModelManifest.TunedEncoderFormatVersion, (int)manifest["format_version"]!);
        // A format-2 reader reads a manifest of its format or one readable by it: this one is neither.
        Assert.Equal([ModelManifest.TunedEncoderFormatVersion], manifest["readable_by"]!.Values<int>());
        Assert.Equal(1, (int)manifest["recipe"]!["settings"]!["tuned_encoder_layers"]!);
        using var loaded = EntityTagger.Load(dir);
        Assert.Equal(1, loaded.Lexicons.Tunable?.TunedLayers);
        Assert.Null(loaded.Lexicons.Encoder);
        Assert.Equal(Tuned(result.Best).Values, Tuned(loaded).Values);
        TaggerTestData.AssertSamePredictions(result.Best, loaded);
    }

    [Fact]
    public void Training_is_deterministic_for_a_seed()
    {
        Assert.Equal(Tuned(Train().Last).Values, Tuned(Train().Last).Values);
    }

    [Fact]
    public void A_sentence_longer_than_a_token_window_keeps_every_token_s_pieces_in_its_slices()
    {
        using var tunable = new TunableEncoder(Variant, tunedLayers: 1);
        var words = Enumerable.Range(0, 300).Select(i => i % 7 == 0 ? "Oslo" : i % 5 == 0 ? "spetsposelentsy" : "word").ToArray();
        var pieces = tunable.Encode([words])[0];
        Assert.True(pieces.Windows.Count > 1);
        var owners = Owners(pieces);
        Assert.Equal(Enumerable.Range(0, 300), owners.Keys.Order());
        var left = Owners(pieces.Slice(0, 256));
        var right = Owners(pieces.Slice(200, 300));
        Assert.Equal(Enumerable.Range(0, 256), left.Keys.Order());
        Assert.Equal(Enumerable.Range(0, 100), right.Keys.Order());
        Assert.All(left, p => Assert.Equal(owners[p.Key], p.Value));
        Assert.All(right, p => Assert.Equal(owners[p.Key + 200], p.Value));

        // The tagger reads such a sentence in token windows; every entity still points into the text.
        var tagger = Train().Best;
        var doc = TaggerTestData.Doc("long", string.Join(' ', words.Select(w => w + "/O"))).WithoutAnnotations();
        var predicted = tagger.Predict(doc);
        Assert.All(predicted.Entities, e => Assert.True(e.Start >= 0 && e.End <= doc.Text.Length && e.Start < e.End));
    }

    /// <summary>Each token's pieces, as the states they carry (the first float of each).</summary>
    static Dictionary<int, List<float>> Owners(SentencePieces pieces)
    {
        var owners = new Dictionary<int, List<float>>();
        foreach (var w in pieces.Windows)
            for (int p = 0; p < w.Positions; p++)
                if (w.TokenOfPosition[p] >= 0)
                {
                    if (!owners.TryGetValue(w.TokenOfPosition[p], out var list)) owners[w.TokenOfPosition[p]] = list = [];
                    list.Add(w.States[p * 384]);
                }
        return owners;
    }

    static float[] Transposed((long[] Dims, float[] Values) w)
    {
        int rows = (int)w.Dims[0], cols = (int)w.Dims[1];
        var t = new float[w.Values.Length];
        for (int r = 0; r < rows; r++)
            for (int c = 0; c < cols; c++) t[c * rows + r] = w.Values[r * cols + c];
        return t;
    }
}
