using System.Reflection;

namespace Nlp.Models.Native;

/// <summary>
/// Finds the native files that .NET will load for TorchSharp, the way the runtime itself looks.
/// </summary>
/// <remarks>
/// For an app or test project, the build copies the package natives to
/// bin/&lt;cfg&gt;/&lt;tfm&gt;/runtimes/linux-x64/native/ (not next to the .dll, since no RuntimeIdentifier is
/// set), lists them in the .deps.json, and the host turns that into the NATIVE_DLL_SEARCH_DIRECTORIES
/// property: the directories the runtime probes first for [DllImport("LibTorchSharp")] and for
/// TorchSharp's own NativeLibrary.TryLoad("LibTorchSharp", assembly). So the first of those
/// directories holding the file is the copy that would be loaded; the assembly and app directories
/// follow as a fallback for hosts that do not set the property.
/// </remarks>
internal static class NativeLocator
{
    public const string NativeRid = "linux-x64";

    /// <summary>Directories in the order the runtime would probe them, without duplicates.</summary>
    public static IReadOnlyList<string> SearchDirectories(Assembly torchSharp)
    {
        var dirs = new List<string>();
        if (AppContext.GetData("NATIVE_DLL_SEARCH_DIRECTORIES") is string list)
            dirs.AddRange(list.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries));
        foreach (string? baseDir in new[] { Path.GetDirectoryName(torchSharp.Location), AppContext.BaseDirectory })
        {
            if (string.IsNullOrEmpty(baseDir)) continue;
            dirs.Add(baseDir);
            dirs.Add(Path.Combine(baseDir, "runtimes", NativeRid, "native"));
        }
        return dirs.Select(d => Path.GetFullPath(d).TrimEnd(Path.DirectorySeparatorChar))
                   .Distinct(StringComparer.Ordinal).ToList();
    }

    /// <summary>First existing <paramref name="fileName"/> in <paramref name="dirs"/>, or null.</summary>
    public static string? Find(IEnumerable<string> dirs, string fileName) =>
        dirs.Select(d => Path.Combine(d, fileName)).FirstOrDefault(File.Exists);

    /// <summary>
    /// True if <paramref name="file"/> sits inside a NuGet package folder (global packages folder,
    /// fallback folder, ...): runtimes/&lt;rid&gt;/native/ three levels under a directory holding the
    /// .nupkg.metadata marker that NuGet writes on extraction. Those files are shared by every
    /// project on the machine and verified by hash, so we never modify them.
    /// </summary>
    public static bool IsInNuGetPackageFolder(string file)
    {
        var dir = new DirectoryInfo(Path.GetDirectoryName(Path.GetFullPath(file))!);
        var packageRoot = dir.Parent?.Parent?.Parent;
        return packageRoot is not null
               && (File.Exists(Path.Combine(packageRoot.FullName, ".nupkg.metadata"))
                   || packageRoot.EnumerateFiles("*.nupkg.sha512").Any());
    }

    /// <summary>The TorchSharp package's copy in the NuGet global packages folder, if restored there.</summary>
    public static string? FindInNuGetCache(Assembly torchSharp, string fileName)
    {
        string? root = Environment.GetEnvironmentVariable("NUGET_PACKAGES");
        if (string.IsNullOrEmpty(root))
            root = Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
        // Package version = informational version without any "+commit" suffix (0.107.0).
        string? version = torchSharp.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0];
        if (version is null) return null;
        string path = Path.Combine(root, "torchsharp", version, "runtimes", NativeRid, "native", fileName);
        return File.Exists(path) ? path : null;
    }
}
