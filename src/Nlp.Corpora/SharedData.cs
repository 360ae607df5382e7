namespace Nlp.Corpora;

/// <summary>
/// Finds the team's shared folder (seeds and corpora), which sits beside the repository as
/// <c>../shared</c>: searched upward from the working directory and from the program's own directory.
/// NLP_SHARED overrides the search.
/// </summary>
public static class SharedData
{
    public static string? TryLocate(string relative)
    {
        var env = Environment.GetEnvironmentVariable("NLP_SHARED");
        if (!string.IsNullOrEmpty(env))
        {
            var p = Path.Combine(env, relative);
            return Path.Exists(p) ? p : null;
        }
        foreach (var start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                var candidate = Path.Combine(dir.FullName, "shared", relative);
                if (Path.Exists(candidate)) return candidate;
            }
        }
        return null;
    }

    public static string Locate(string relative) =>
        TryLocate(relative) ?? throw new DirectoryNotFoundException(
            $"cannot find shared/{relative}: expected a 'shared' folder beside the repository (or set NLP_SHARED)");
}
