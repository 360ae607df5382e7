using Nlp.Models.Tagging;

namespace Nlp.Models.Tests.Tagging;

/// <summary>Word vectors: what skip-gram learns, its determinism, the file format, the features, and a tagger that reads them.</summary>
public class WordVectorTests
{
    /// <summary>Animals and cities in sentences of their own kind: words of one kind share their contexts.</summary>
    static List<string[]> KindsCorpus()
    {
        var random = new Random(7);
        string[] animals = ["cat", "dog", "horse", "cow"], cities = ["paris", "london", "rome", "oslo"];
        string[] animalFrames = ["the {0} ate grass and slept in the barn", "a hungry {0} ran across the farm", "we fed the {0} some hay"];
        string[] cityFrames = ["they flew to {0} and visited its museums", "the mayor of {0} opened a new station", "trains from {0} arrive downtown"];
        var sentences = new List<string[]>();
        for (int i = 0; i < 1500; i++)
        {
            bool animal = i % 2 == 0;
            var frame = (animal ? animalFrames : cityFrames)[random.Next(3)];
            var word = (animal ? animals : cities)[random.Next(4)];
            sentences.Add(string.Format(frame, word).Split(' '));
        }
        return sentences;
    }

    static readonly WordVectorSettings Small = new() { Dimension = 16, MinCount = 2, Epochs = 3, Subsample = 0, Seed = 3 };

    static float Cosine(WordVectors v, string a, string b)
    {
        var x = v.Vector(a);
        var y = v.Vector(b);
        float dot = 0, nx = 0, ny = 0;
        for (int k = 0; k < x.Length; k++) { dot += x[k] * y[k]; nx += x[k] * x[k]; ny += y[k] * y[k]; }
        return dot / MathF.Sqrt(nx * ny);
    }

    [Fact]
    public void Words_used_alike_get_closer_vectors_than_words_used_differently()
    {
        var vectors = WordVectorTrainer.Fit(KindsCorpus(), Small);
        Assert.Equal(16, vectors.Dimension);
        foreach (var (same, other) in new[] { ("dog", "paris"), ("london", "cow") })
        {
            string kin = same == "dog" ? "cat" : "rome";
            Assert.True(Cosine(vectors, same, kin) > Cosine(vectors, same, other) + 0.2,
                $"{same}~{kin} {Cosine(vectors, same, kin):F2} vs {same}~{other} {Cosine(vectors, same, other):F2}");
        }
    }

    [Fact]
    public void The_same_seed_gives_the_same_vectors_and_another_seed_does_not()
    {
        var corpus = KindsCorpus();
        var a = WordVectorTrainer.Fit(corpus, Small);
        var b = WordVectorTrainer.Fit(corpus, Small);
        var c = WordVectorTrainer.Fit(corpus, Small with { Seed = 4 });
        Assert.Equal(a.Words, b.Words);
        Assert.True(a.Vector("cat").SequenceEqual(b.Vector("cat")));
        Assert.False(a.Vector("cat").SequenceEqual(c.Vector("cat")));
    }

    [Fact]
    public void Rare_words_get_no_vector_and_too_little_text_is_refused()
    {
        var corpus = KindsCorpus();
        corpus.Add(["a", "unicorn", "appeared"]);
        var vectors = WordVectorTrainer.Fit(corpus, Small);
        Assert.True(vectors.Vector("unicorn").IsEmpty);
        Assert.Throws<ArgumentException>(() => WordVectorTrainer.Fit([["one", "sentence"]], Small));
    }

    [Fact]
    public void Features_are_the_vector_a_known_flag_and_the_capitalized_share_looked_up_by_word_key()
    {
        // Values the 8-bit storage holds exactly (each the largest in its vector, or zero; shares in 1/255ths).
        var vectors = new WordVectors(["moscow", "0000s"], [1, 0, 0, -2], 2, [0.8f, 0.2f]);
        Assert.Equal(4, vectors.FeatureCount);
        var into = new float[3 * 4];
        vectors.Features(["MOSCOW", "Atlantis", "1930s"], into, 0, 4);
        Assert.Equal([1f, 0f, 1f, 0.8f], into[0..4]);   // case does not matter
        Assert.Equal([0f, 0f, 0f, 0f], into[4..8]);     // unknown: zeros, flag off
        Assert.Equal([0f, -2f, 1f, 0.2f], into[8..12]); // digits map to 0, as in the tagger's vocabulary
    }

    [Fact]
    public void Words_capitalized_only_at_sentence_starts_have_a_low_capitalized_share()
    {
        var corpus = new List<string[]>();
        for (int i = 0; i < 20; i++)
        {
            corpus.Add(["And", "the", "composer", "met", "Smith", "in", "Oslo", "."]);
            corpus.Add(["Composer", "and", "critic", "Smith", "left", "Oslo", "."]);
        }
        var vectors = WordVectorTrainer.Fit(corpus, Small);
        Assert.True(vectors.CapitalizedShare("And") < 0.1, $"and {vectors.CapitalizedShare("And")}");
        Assert.True(vectors.CapitalizedShare("Composer") < 0.1, $"composer {vectors.CapitalizedShare("Composer")}");
        Assert.True(vectors.CapitalizedShare("oslo") > 0.9, $"oslo {vectors.CapitalizedShare("oslo")}");
        Assert.Null(vectors.CapitalizedShare("Atlantis"));
    }

    [Fact]
    public void Save_and_load_give_back_the_same_vectors_and_damage_is_named()
    {
        var vectors = WordVectorTrainer.Fit(KindsCorpus(), Small);
        string dir = Directory.CreateDirectory(Path.Combine(Path.GetTempPath(), "nlp-models-tests", Guid.NewGuid().ToString("N"))).FullName;
        string path = Path.Combine(dir, WordVectors.FileName);
        vectors.Save(path);
        var loaded = WordVectors.Load(path);
        Assert.Equal(vectors.Words, loaded.Words);
        // Vectors are held as stored (8 bits and a scale per word), so what was trained on is what loads.
        foreach (var word in vectors.Words)
        {
            Assert.True(vectors.Vector(word).SequenceEqual(loaded.Vector(word)), word);
            Assert.Equal(vectors.CapitalizedShare(word), loaded.CapitalizedShare(word));
        }

        string cut = Path.Combine(dir, "cut.bin.gz");
        using (var gzip = new System.IO.Compression.GZipStream(File.Create(cut), System.IO.Compression.CompressionLevel.Fastest))
        {
            using var raw = new System.IO.Compression.GZipStream(File.OpenRead(path), System.IO.Compression.CompressionMode.Decompress);
            var buffer = new byte[200];
            int n = raw.ReadAtLeast(buffer, buffer.Length);
            gzip.Write(buffer, 0, n);
        }
        var e = Assert.Throws<InvalidDataException>(() => WordVectors.Load(cut));
        Assert.Contains("cut.bin.gz", e.Message);
    }

    [Fact]
    public void A_tagger_with_word_vectors_saves_them_and_loads_them_back()
    {
        var corpus = TaggerTestData.Tiny().SelectMany(d => WordVectorCorpus.Sentences(d.Text)).ToList();
        for (int copies = 0; copies < 3; copies++) corpus.AddRange(corpus.ToList());
        var vectors = WordVectorTrainer.Fit(corpus, Small with { MinCount = 1 });
        var result = EntityTaggerTrainer.Fit(TaggerTestData.Tiny(), TaggerTestData.Tiny(), TaggerTestData.TinySettings(epochs: 25),
            threads: 1, wordVectors: vectors);
        Assert.Equal(vectors.FeatureCount, result.Best.Settings.WordVectorFeatures);
        Assert.True(result.BestDev.Entities.Micro.F1 > 90, $"dev F1 {result.BestDev.Entities.Micro.F1}");

        string dir = Path.Combine(Path.GetTempPath(), "nlp-models-tests", Guid.NewGuid().ToString("N"));
        result.Save(dir, "tiny-vectors");
        using (var loaded = EntityTagger.Load(dir))
        {
            Assert.Equal(vectors.Count, loaded.WordVectors!.Count);
            TaggerTestData.AssertSamePredictions(result.Best, loaded);
        }

        TaggerTestData.AssertLoadRefusedWithout(dir, WordVectors.FileName);
    }
}
