using Nlp.Core.Formats;
using Nlp.Corpora.Annotation;
using Nlp.Corpora.Statistics;
using Xunit.Abstractions;

namespace Nlp.Corpora.Tests;

/// <summary>The consistency checks of training-data/: everything compiles, validates and is up to date.</summary>
public class TrainingDataTests(ITestOutputHelper output)
{
    private static readonly string DataDir = Path.Combine(RepoRoot(), "training-data");

    private static TrainingDataBuilder.Result Build() =>
        new TrainingDataBuilder(SharedData.Locate("seeds"), Path.Combine(DataDir, "annotations"), Path.Combine(DataDir, "dev-other")).Build();

    static string RepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Nlp.sln"))) return dir.FullName;
        throw new DirectoryNotFoundException("cannot find the repository root (Nlp.sln) above " + AppContext.BaseDirectory);
    }

    [Fact]
    public void AnnotationScriptsCompileWithoutErrorsAndCoverEverySeedPassage()
    {
        var result = Build();
        Assert.Empty(result.Errors.Select(e => e.ToString()));
        Assert.Empty(result.Unannotated.Select(p => p.Id));
        var seedsInDev = result.Dev.Select(d => (string)d.Meta!["source"]!).Distinct().Count();
        Assert.Equal(3, seedsInDev);
    }

    [Fact]
    public void CommittedJsonlFilesAreWhatTheScriptsCompileTo()
    {
        var result = Build();
        foreach (var (name, docs) in new[] { ("train", result.Train), ("dev", result.Dev), ("synthetic", result.Synthetic), ("dev-other", result.DevOther) })
        {
            var expected = docs.Select(d => DocumentJson.Serialize(d)).ToList();
            var actual = File.ReadAllLines(Path.Combine(DataDir, $"{name}.jsonl")).ToList();
            Assert.True(expected.SequenceEqual(actual), $"training-data/{name}.jsonl is out of date: run 'nlp annotations build'");
        }
    }

    [Theory]
    [InlineData("train.jsonl")]
    [InlineData("dev.jsonl")]
    [InlineData("synthetic.jsonl")]
    [InlineData("dev-other.jsonl")]
    public void EveryFileValidatesAgainstTheDomainSchema(string file)
    {
        // The validator checks labels, roles of each event type and relation ends.
        var reader = new JsonlReader(new ReaderOptions { Schema = Nlp.Core.Schema.Schemas.Domain });
        var docs = reader.Read(Path.Combine(DataDir, file)).ToList();
        Assert.NotEmpty(docs);
        Assert.Empty(reader.Warnings);
        Assert.All(docs.SelectMany(d => d.Events), e => Assert.All(e.Arguments,
            a => Assert.True(Nlp.Core.Schema.Schemas.Domain.RoleBelongsTo(e.Type, a.Role), $"{e.Type}.{a.Role}")));
    }

    [Fact]
    public void SeedsGiveTheExpectedVolumeOfAnnotations()
    {
        var counts = new AnnotationCounts();
        foreach (var d in JsonlReader.ReadAll(Path.Combine(DataDir, "train.jsonl")).Concat(JsonlReader.ReadAll(Path.Combine(DataDir, "dev.jsonl"))))
            counts.Add(d);
        Assert.True(counts.EntityCount >= 2500, $"{counts.EntityCount} entity mentions");
        Assert.True(counts.EventCount >= 300, $"{counts.EventCount} event mentions");
    }

    [Fact]
    public void StringsWithSeveralLabelsAreListedForReview()
    {
        var result = Build();
        var findings = LabelConsistency.Find(result.Train.Concat(result.Dev).Concat(result.Synthetic));
        foreach (var f in findings) output.WriteLine(f.ToString());
        // A review list, not errors; it stays short because the annotators harmonised their labels. What remains
        // (training-data/label-review.txt) are words with two readings: a people or its language ("Russian"), a
        // count or an age ("sixteen"), a city or a ship ("Bremen"), a person or a city ("Gorky").
        Assert.True(findings.Count < 40, $"{findings.Count} strings carry more than one label: review training-data/label-review.txt");
    }
}
