
namespace Nlp.Corpora;

/// <summary>The team's seed texts (shared/seeds beside the repository), found by <see cref="SharedData"/>.</summary>
public static class SeedLocator
{
    public const string RelativePath = "shared/seeds";

    /// <summary>Searches from the current directory, then from the running program's directory (or NLP_SHARED).</summary>
    public static string? FindFromHere() => SharedData.TryLocate("seeds");

    /// <summary>The seed files (.txt), ordered by name.</summary>
    public static IReadOnlyList<string> SeedFiles(string directory) =>
        Directory.GetFiles(directory, "*.txt").Order(StringComparer.Ordinal).ToList();
}
