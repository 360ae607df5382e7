namespace Nlp.Text.Loading;

/// <summary>
/// Expands command-line inputs into document files: a file as it is, a folder recursively (files with an
/// extension the loader knows), a glob pattern ("docs/*.txt") in its folder. Sorted, so runs are repeatable.
/// </summary>
public static class InputFiles
{
    public static readonly string[] KnownExtensions = [".txt", ".text", ".md", ".markdown", ".html", ".htm", ".xhtml", ".pdf", ".jsonl"];

    public static IReadOnlyList<string> Expand(IEnumerable<string> inputs)
    {
        var files = new List<string>();
        foreach (var input in inputs)
        {
            if (Directory.Exists(input))
            {
                files.AddRange(Directory.EnumerateFiles(input, "*", SearchOption.AllDirectories)
                    .Where(f => KnownExtensions.Contains(Path.GetExtension(f).ToLowerInvariant()))
                    .Order(StringComparer.Ordinal));
            }
            else if (input.IndexOfAny(['*', '?']) >= 0)
            {
                string dir = Path.GetDirectoryName(input) is { Length: > 0 } d ? d : ".";
                if (!Directory.Exists(dir)) throw new DocumentLoadException(input, $"folder {dir} does not exist");
                files.AddRange(Directory.EnumerateFiles(dir, Path.GetFileName(input)).Order(StringComparer.Ordinal));
            }
            else files.Add(input); // a missing file is reported by the loader, with the others going on
        }
        return files.Distinct().ToList();
    }
}
