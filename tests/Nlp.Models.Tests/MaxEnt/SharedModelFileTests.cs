using Nlp.Models.MaxEnt;

namespace Nlp.Models.Tests.MaxEnt;

/// <summary>Model parts are parsed once per file content and shared by the pipelines of all workers.</summary>
public class SharedModelFileTests
{
    sealed record Parsed(string Text);

    static string TempFile(string text)
    {
        string path = Path.Combine(Path.GetTempPath(), "nlp-shared-" + Guid.NewGuid().ToString("N") + ".txt");
        File.WriteAllText(path, text);
        return path;
    }

    [Fact]
    public void The_same_content_is_parsed_once_and_shared_even_from_two_folders()
    {
        string content = "lexicon " + Guid.NewGuid();
        string a = TempFile(content), b = TempFile(content);
        int loads = 0;
        Parsed Load(string path) { loads++; return new Parsed(File.ReadAllText(path)); }

        var first = SharedModelFile.Load(a, Load);
        var second = SharedModelFile.Load(a, Load);
        var third = SharedModelFile.Load(b, Load);
        Assert.Same(first, second);
        Assert.Same(first, third);
        Assert.Equal(1, loads);
        GC.KeepAlive(first);
    }

    [Fact]
    public void A_changed_file_is_read_again()
    {
        string path = TempFile("before " + Guid.NewGuid());
        var before = SharedModelFile.Load(path, p => new Parsed(File.ReadAllText(p)));
        File.WriteAllText(path, "after " + Guid.NewGuid());
        var after = SharedModelFile.Load(path, p => new Parsed(File.ReadAllText(p)));
        Assert.NotSame(before, after);
        Assert.StartsWith("after", after.Text);
    }

    [Fact]
    public void A_missing_file_gets_the_loaders_own_error()
    {
        string path = Path.Combine(Path.GetTempPath(), "nlp-shared-missing-" + Guid.NewGuid().ToString("N"), "lexicon.tsv.gz");
        var e = Assert.Throws<DirectoryNotFoundException>(() => SharedModelFile.Load(path, Lexicon.Load));
        Assert.Contains("lexicon.tsv.gz", e.Message);
    }

    [Fact]
    public void A_shared_lexicon_answers_several_threads_at_once_as_it_answers_one()
    {
        var entries = new Dictionary<string, LexicalInfo>(StringComparer.Ordinal);
        var words = Enumerable.Range(0, 2000).Select(i => "word" + i).ToArray();
        foreach (var w in words) entries[w] = new LexicalInfo(w, 1, 2, false, w, []);
        var alone = new Lexicon(entries, new Dictionary<string, string>()).Analyze("word7");
        var shared = new Lexicon(entries, new Dictionary<string, string>());
        Parallel.For(0, 4, _ => { foreach (var w in words) Assert.Equal(w, shared.Analyze(w.ToUpperInvariant()).Lemma); });
        Assert.Equal(alone, shared.Analyze("word7"));
    }
}
