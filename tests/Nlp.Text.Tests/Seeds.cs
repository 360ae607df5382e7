using Nlp.Corpora;

namespace Nlp.Text.Tests;

/// <summary>The team's seed texts in shared/seeds, found by searching upward from the test's directories.</summary>
internal static class Seeds
{
    public const string Long = "origins-of-soviet-ethnic-cleansing.txt";
    public const string Defectors = "western-defectors.txt";
    public const string Excerpt = "blacks-reds-russians-excerpt.txt";

    public static readonly string[] All = [Long, Defectors, Excerpt];

    public static string Directory =>
        SeedLocator.FindFromHere()
        ?? throw new InvalidOperationException($"no {SeedLocator.RelativePath} folder above {Environment.CurrentDirectory} or {AppContext.BaseDirectory}");

    public static string Path(string name) => System.IO.Path.Combine(Directory, name);

    public static string Read(string name) => File.ReadAllText(Path(name));
}
