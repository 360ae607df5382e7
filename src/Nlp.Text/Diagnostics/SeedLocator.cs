namespace Nlp.Text.Diagnostics;

/// <summary>
/// Finds the team's seed texts (the folder shared/seeds beside the repository) by searching upward from the given
/// directories — the current directory and the program's own, typically — so that tests and the bench command
/// work from any build output folder.
/// </summary>
public static class SeedLocator
{
    public const string RelativePath = "shared/seeds";

    public static string? Find(params string[] startDirectories)
    {
        foreach (var start in startDirectories)
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                var candidate = Path.Combine(dir.FullName, RelativePath);
                if (Directory.Exists(candidate)) return candidate;
            }
        }
        return null;
    }

    /// <summary>Searches from the current directory, then from the running program's directory.</summary>
    public static string? FindFromHere() => Find(Environment.CurrentDirectory, AppContext.BaseDirectory);

    /// <summary>The seed files (.txt), ordered by name.</summary>
    public static IReadOnlyList<string> SeedFiles(string directory) =>
        Directory.GetFiles(directory, "*.txt").Order(StringComparer.Ordinal).ToList();
}
