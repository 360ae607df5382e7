using Nlp.Models.Tagging;

namespace Nlp.Models.Tests.Tagging;

/// <summary>Gazetteer lookup features, its file format, the builder's sources, and a tagger that reads one.</summary>
public class GazetteerTests
{
    static readonly string[] Classes = ["person", "place"];

    static Gazetteer Small() => new(Classes, new Dictionary<string, int>
    {
        ["oslo"] = 2, ["new york"] = 2, ["york"] = 1 | 2, ["anna"] = 1,
    });

    static float[] FeaturesOf(Gazetteer g, params string[] surfaces)
    {
        var into = new float[surfaces.Length * g.FeatureCount];
        g.Features(surfaces, into, 0, g.FeatureCount);
        return into;
    }

    [Fact]
    public void Capitalized_phrases_mark_their_first_and_following_tokens()
    {
        var g = Small();
        // Columns: person-begin, person-inside, place-begin, place-inside.
        var f = FeaturesOf(g, "Anna", "left", "New", "York", "for", "Oslo");
        Assert.Equal([1, 0, 0, 0], f[0..4]);            // Anna: first name
        Assert.Equal([0, 0, 0, 0], f[4..8]);            // left
        Assert.Equal([0, 0, 1, 0], f[8..12]);           // New begins "new york"
        Assert.Equal([1, 0, 1, 1], f[12..16]);          // York continues "new york" and is itself a person and a place
        Assert.Equal([0, 0, 1, 0], f[20..24]);          // Oslo
    }

    [Fact]
    public void Lowercase_words_do_not_match_names()
    {
        var f = FeaturesOf(Small(), "anna", "saw", "oslo");
        Assert.All(f, v => Assert.Equal(0, v));
    }

    [Fact]
    public void Save_and_load_round_trip_and_bad_lines_are_named()
    {
        string dir = Path.Combine(Path.GetTempPath(), "nlp-models-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        string path = Path.Combine(dir, Gazetteer.FileName);
        Small().Save(path);
        var loaded = Gazetteer.Load(path);
        Assert.Equal(Classes, loaded.Classes);
        Assert.Equal(4, loaded.PhraseCount);
        Assert.Equal(3, loaded.ClassesOf("york"));

        string bad = Path.Combine(dir, "bad.tsv.gz");
        using (var gzip = new System.IO.Compression.GZipStream(File.Create(bad), System.IO.Compression.CompressionLevel.Fastest))
        using (var w = new StreamWriter(gzip)) w.Write("# classes\tperson\noslo\t1\nparis\n");
        var e = Assert.Throws<InvalidDataException>(() => Gazetteer.Load(bad));
        Assert.Contains("bad.tsv.gz:3", e.Message);
    }

    [Fact]
    public void Builder_reads_wordnet_iso_codes_and_name_lists()
    {
        string dir = Path.Combine(Path.GetTempPath(), "nlp-models-tests", Guid.NewGuid().ToString("N"));
        string wordNet = Directory.CreateDirectory(Path.Combine(dir, "wordnet")).FullName;
        string iso = Directory.CreateDirectory(Path.Combine(dir, "iso")).FullName;
        // data.noun: offset, lexicographer file (15 location, 18 person, 27 substance), pos, word count (hex), words.
        File.WriteAllLines(Path.Combine(wordNet, "data.noun"),
        [
            "  1 licence header line",
            "00000001 15 n 02 Karaganda 0 Qaraghandy 0 000 | a city",
            "00000002 18 n 01 Stalin 0 000 | a dictator",
            "00000003 27 n 01 He 0 000 | helium",
            "00000004 15 n 01 New_Jersey 0 000 | a state",
        ]);
        File.WriteAllText(Path.Combine(iso, "iso_3166-1.json"), """{"3166-1": [{"name": "Korea, Republic of", "common_name": "South Korea"}]}""");
        File.WriteAllText(Path.Combine(iso, "iso_3166-3.json"), """{"3166-3": [{"name": "USSR, Union of Soviet Socialist Republics"}]}""");
        File.WriteAllText(Path.Combine(iso, "iso_3166-2.json"), """{"3166-2": [{"name": "Karagandy oblysy"}, {"name": "IN"}]}""");
        File.WriteAllText(Path.Combine(iso, "iso_639-2.json"), """{"639-2": [{"name": "Catalan; Valencian"}]}""");
        string names = Path.Combine(dir, "names.txt");
        File.WriteAllLines(names, ["Olga", "Ivan"]);

        var g = GazetteerBuilder.Build(new GazetteerSources(wordNet, iso, [names]));
        int Bit(string cls) => 1 << Array.IndexOf(GazetteerBuilder.Classes, cls);
        Assert.Equal(Bit("wordnet-location"), g.ClassesOf("karaganda"));
        Assert.Equal(Bit("wordnet-location"), g.ClassesOf("new jersey"));
        Assert.Equal(Bit("wordnet-person"), g.ClassesOf("stalin"));
        Assert.Equal(0, g.ClassesOf("he"));                     // substances are left out
        Assert.Equal(Bit("country"), g.ClassesOf("korea"));     // the part before the comma
        Assert.Equal(Bit("country"), g.ClassesOf("south korea"));
        Assert.Equal(Bit("country"), g.ClassesOf("ussr"));
        Assert.Equal(Bit("subdivision"), g.ClassesOf("karagandy oblysy"));
        Assert.Equal(0, g.ClassesOf("in"));                     // two capitals: a code, not a name
        Assert.Equal(Bit("language"), g.ClassesOf("valencian"));
        Assert.Equal(Bit("first-name"), g.ClassesOf("olga"));
    }

    [Fact]
    public void A_tagger_with_a_gazetteer_saves_it_and_loads_it_back()
    {
        var gazetteer = new Gazetteer(Classes, new Dictionary<string, int> { ["anna"] = 1, ["oslo"] = 2, ["paris"] = 2 });
        var result = EntityTaggerTrainer.Fit(TaggerTestData.Tiny(), TaggerTestData.Tiny(), TaggerTestData.TinySettings(epochs: 25),
            threads: 1, gazetteer: gazetteer);
        Assert.Equal(gazetteer.FeatureCount, result.Best.Settings.GazetteerFeatures);
        Assert.True(result.BestDev.Entities.Micro.F1 > 90, $"dev F1 {result.BestDev.Entities.Micro.F1}");

        string dir = Path.Combine(Path.GetTempPath(), "nlp-models-tests", Guid.NewGuid().ToString("N"));
        result.Save(dir, "tiny-gazetteer");
        using (var loaded = EntityTagger.Load(dir))
        {
            Assert.Equal(gazetteer.PhraseCount, loaded.Gazetteer!.PhraseCount);
            TaggerTestData.AssertSamePredictions(result.Best, loaded);
        }

        TaggerTestData.AssertLoadRefusedWithout(dir, Gazetteer.FileName);
    }
}
