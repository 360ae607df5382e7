namespace Nlp.Rules.Tests;

/// <summary>Where the repository is, seen from the test output folder.</summary>
internal static class TestPaths
{
    public static string RepoRoot { get; } = FindRepoRoot();

    public static string TrainingData(string name) => Path.Combine(RepoRoot, "training-data", name);

    public static string Manifest => Path.Combine(RepoRoot, "models", "rules", "manifest.json");

    private static string FindRepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Nlp.sln"))) return dir.FullName;
        throw new DirectoryNotFoundException("cannot find the repository root (Nlp.sln) above " + AppContext.BaseDirectory);
    }
}

internal static class Rules
{
    /// <summary>What the rules find in a text, as "LABEL text" strings in text order.</summary>
    public static List<string> Found(string text) =>
        NumericRecognizer.Recognize(text).Select(m => $"{m.Label} {m.Span.Of(text)}").ToList();

    public static RuleMatch Single(string text, string mention)
    {
        var matches = NumericRecognizer.Recognize(text).Where(m => m.Span.Of(text) == mention).ToList();
        Assert.True(matches.Count == 1, $"expected one mention \"{mention}\" in: {text}\nfound: {string.Join(" | ", Found(text))}");
        return matches[0];
    }
}
