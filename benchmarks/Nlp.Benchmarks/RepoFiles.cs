namespace Nlp.Benchmarks;

/// <summary>Files of the checkout the benchmarks read: found by walking up from the working directory to Nlp.sln.</summary>
public static class RepoFiles
{
    public static string Path(string relative)
    {
        for (var dir = new DirectoryInfo(Directory.GetCurrentDirectory()); dir is not null; dir = dir.Parent)
            if (File.Exists(System.IO.Path.Combine(dir.FullName, "Nlp.sln"))) return System.IO.Path.Combine(dir.FullName, relative);
        throw new DirectoryNotFoundException($"no Nlp.sln above {Directory.GetCurrentDirectory()}: run from inside the checkout");
    }
}
