using Nlp.Corpora.Annotation;

namespace Nlp.Corpora.Tests;

/// <summary>Passages of our own writing: synthetic ones train, dev-other ones only evaluate, each in its own folder.</summary>
public sealed class PassageKindTests : IDisposable
{
    readonly string _root = Directory.CreateTempSubdirectory("nlp-passages-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    string Folder(string name, string script)
    {
        var dir = Path.Combine(_root, name);
        Directory.CreateDirectory(dir);
        File.WriteAllText(Path.Combine(dir, "a.ann"), script);
        return dir;
    }

    const string Synthetic = "## passage s-001 synthetic genre=memoir\n> In 1931 we moved to Moscow.\nENT DATE 1931\nENT GPE Moscow\n";
    const string DevOther = "## passage o-001 dev-other genre=nkvd-order\n> In 1943 the Kalmyks were deported.\nENT DATE 1943\nENT NORP Kalmyks\n";

    [Fact]
    public void Headers_name_the_kind_and_genre()
    {
        var errors = new List<CompileError>();
        var script = AnnotationScript.Parse("a.ann", (Synthetic + DevOther + "## passage seed-001\n").Split('\n'), errors);
        Assert.Empty(errors);
        Assert.Equal([PassageKind.Synthetic, PassageKind.DevOther, PassageKind.Seed], script.Blocks.Select(b => b.Kind));
        Assert.Equal(["memoir", "nkvd-order", null], script.Blocks.Select(b => b.Genre));
        AnnotationScript.Parse("b.ann", ["## passage x-001 synthetic style=memoir", "## passage x-002 invented"], errors);
        Assert.Equal([1, 2], errors.Select(e => e.Line));
    }

    [Fact]
    public void Dev_other_passages_compile_apart_with_their_flags()
    {
        var seeds = Folder("seeds", "");
        var result = new TrainingDataBuilder(seeds, Folder("annotations", Synthetic), Folder("dev-other", DevOther)).Build();
        Assert.Empty(result.Errors);
        Assert.Equal(["s-001"], result.Synthetic.Select(d => d.Id));
        var other = Assert.Single(result.DevOther);
        Assert.Equal("o-001", other.Id);
        Assert.True((bool)other.Meta!["dev_other"]!);
        Assert.Equal("nkvd-order", (string?)other.Meta["genre"]);
        Assert.Equal("memoir", (string?)result.Synthetic[0].Meta!["genre"]);
    }

    [Fact]
    public void A_dev_other_passage_among_training_scripts_is_refused_and_the_reverse()
    {
        var seeds = Folder("seeds", "");
        var result = new TrainingDataBuilder(seeds, Folder("annotations", DevOther), Folder("dev-other", Synthetic)).Build();
        Assert.Empty(result.Synthetic);
        Assert.Empty(result.DevOther);
        Assert.Contains(result.Errors, e => e.Reason.Contains("belong in the dev-other folder"));
        Assert.Contains(result.Errors, e => e.Reason.Contains("holds only 'dev-other' passages"));
    }
}
