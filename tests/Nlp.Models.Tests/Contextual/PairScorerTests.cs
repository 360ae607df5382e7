using Nlp.Core.Manifests;
using Nlp.Core.Model;
using Nlp.Core.Schema;
using Nlp.Models.MaxEnt;
using Nlp.Models.Relations;
using Nlp.Models.Tests.MaxEnt;

namespace Nlp.Models.Tests.Contextual;

/// <summary>The dense pair scorer of the relation model (issue 18): its input, its mix with the classifier, its files
/// and its determinism.</summary>
public class PairScorerTests
{
    const string Encoder = "minilm-l4-v2-int8";

    static RelationTrainerSettings Settings(int seed = 13) => new()
    {
        Seed = seed, FeatureSet = 2, CalibrationFolds = 2, PairScorerEncoder = Encoder, PairScorerEpochs = 4, PairScorerHidden = 16,
        PairScorerWeights = [0.5],
    };

    static RelationModel Train(RelationTrainerSettings settings) =>
        new RelationTrainer(Schemas.Domain, TinyCorpus.Lexicon(), settings).Fit(TinyCorpus.Relations(), null, new ModelManifest { Kind = RelationModel.Kind });

    static IEnumerable<string> Describe(Document d) => d.Relations.Select(r => $"{r.Type} {r.Head} {r.Tail} {r.Confidence}");

    static string TempDir(string what) => Path.Combine(Path.GetTempPath(), $"nlp-{what}-" + Guid.NewGuid().ToString("N"));

    [Fact]
    public void The_input_pools_each_mention_the_tokens_between_them_and_their_product()
    {
        // "[[Ivanov|PERSON]] was a member of the [[NKVD|ORG]] and lived in [[Moscow|GPE]]." with 2-d vectors t -> (t, -t).
        var doc = TinyCorpus.Relations()[0];
        const int dim = 2;
        var vectors = Enumerable.Range(0, doc.Tokens!.Value.Length).SelectMany(t => new float[] { t, -t }).ToArray();
        var view = new DocumentView(doc) { TokenVectors = vectors };
        var labels = PairScorer.LabelIndexOf(["GPE", "ORG", "PERSON"]);
        var e = PairScorer.Input(view, 1, 0, dim, labels, cls: 3);  // head NKVD (token 6), tail Ivanov (token 0)
        Assert.Equal([6f, -6f], e.Vectors[..2]);                    // the head's mean
        Assert.Equal([0f, -0f], e.Vectors[2..4]);                    // the tail's mean
        Assert.Equal([5f, -1f], e.Vectors[4..6]);                    // max over tokens 1..5 ("was a member of the")
        Assert.Equal([0f, 0f], e.Vectors[6..8].Select(Math.Abs));   // the product
        Assert.Equal((2L, 3L, 3L), (e.HeadLabel, e.TailLabel, e.Class));
        Assert.Equal(9 + 4, e.Distance);                             // tail first, 5 tokens between: bucket 4 of the second half
        Assert.Equal(0, labels("NORP"));                             // a label it was not trained with
    }

    [Fact]
    public void The_plain_forward_pass_gives_the_network_s_probabilities()
    {
        TorchSetup.Seed(7);
        var net = new PairScorerNet(vectorWidth: 8, entityLabels: 4, distanceBuckets: 18, hiddenSize: 5, classes: 3, dropoutRate: 0.3);
        net.eval();
        var rng = new Random(7);
        var example = new PairScorer.Example(Enumerable.Range(0, 8).Select(_ => (float)rng.NextDouble() - 0.5f).ToArray(), 2, 3, 11, 0);
        using var noGrad = TorchSharp.torch.no_grad();
        var expected = TorchSharp.torch.nn.functional.softmax(net.forward(TorchSharp.torch.tensor(example.Vectors, [1, 8]),
            TorchSharp.torch.tensor(new long[] { 2, 3, 11 }, [1, 3])), 1).data<float>().ToArray();
        var actual = new PairScorerForward(net).Probabilities(example);
        Assert.Equal(3, actual.Length);
        for (int c = 0; c < 3; c++) Assert.Equal(expected[c], actual[c], 5);
    }

    [Fact]
    public void A_relation_model_with_a_pair_scorer_mixes_it_in_saves_it_and_predicts_the_same_when_loaded()
    {
        using var model = Train(Settings());
        Assert.NotNull(model.DenseScorer);
        Assert.Equal(0.5, model.DenseScorer!.Weight);
        Assert.Equal(Encoder, model.Manifest.Recipe.Encoder);
        Assert.Null(model.Context);   // no context clusters asked for
        // The scorer changes the probabilities the thresholds see.
        var view = model.View(TinyCorpus.Relations()[0]);
        var mixed = model.ScorePairs(view).Select(s => s.Probability).ToList();
        var alone = model.WithScorer(null).ScorePairs(view).Select(s => s.Probability).ToList();
        Assert.NotEqual(alone, mixed);

        var dir = TempDir("pair-scorer");
        try
        {
            var saved = model.Save(dir);
            Assert.True(File.Exists(Path.Combine(dir, PairScorer.FileName)));
            Assert.Contains(PairScorer.FileName, saved.Files.Keys);
            Assert.Equal(0.5, (double)saved.Payload[PairScorer.PayloadKey]!["weight"]!);
            using var loaded = RelationModel.Load(dir);
            Assert.NotNull(loaded.DenseScorer);
            foreach (var d in TinyCorpus.Relations())
                Assert.Equal(Describe(model.Predict(d)), Describe(loaded.Predict(d)));
            Assert.Equal(mixed, loaded.ScorePairs(loaded.View(TinyCorpus.Relations()[0])).Select(s => s.Probability).ToList());
            // Without its weights the folder is refused, by name.
            File.Delete(Path.Combine(dir, PairScorer.FileName));
            var e = Assert.Throws<InvalidDataException>(() => RelationModel.Load(dir));
            Assert.Contains(PairScorer.FileName, e.Message);
        }
        finally { Directory.Delete(dir, true); }
    }

    [Fact]
    public void The_same_seed_gives_the_same_weights_and_version_and_another_seed_another()
    {
        string Version(int seed)
        {
            using var model = Train(Settings(seed));
            var dir = TempDir("pair-scorer-seed");
            try
            {
                model.Save(dir);
                return ManifestFile.Read(dir).Version + " " + Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(File.ReadAllBytes(Path.Combine(dir, PairScorer.FileName))));
            }
            finally { Directory.Delete(dir, true); }
        }
        var first = Version(13);
        Assert.Equal(first, Version(13));
        Assert.NotEqual(first, Version(14));
    }

    [Fact]
    public void The_trainer_keeps_the_mixing_weight_with_the_best_out_of_fold_f1_and_reports_each()
    {
        using var model = Train(Settings() with { PairScorerWeights = [0, 0.5, 1] });
        var report = model.Manifest.Scores["calibration"]!;
        var tried = (Newtonsoft.Json.Linq.JObject)report["pair_scorer_out_of_fold_f1"]!;
        Assert.Equal(3, tried.Count);
        double best = tried.Properties().Max(p => (double)p.Value);
        double chosen = model.DenseScorer!.Weight;
        Assert.Equal(best, (double)tried[$"set {model.FeatureSet}, weight {chosen}"]!);
        Assert.Equal(chosen, (double)report["pair_scorer_weight"]!);
    }
}
