namespace Nlp.Text.Loading;

/// <summary>
/// Expands command-line inputs into document files: a file as it is, a folder recursively (files with an
/// extension the loader knows), a glob pattern ("docs/*.txt") in its folder. Sorted, so runs are repeatable.
/// Symbolic links are followed, but each real file is listed once: a link back to a folder being read (a loop)
/// or to a folder already read is not entered, and says so in <see cref="InputScan.Notices"/>. A folder that
/// cannot be listed is skipped and named in <see cref="InputScan.Unreadable"/>; the rest is still read.
/// </summary>
public static class InputFiles
{
    public static readonly string[] KnownExtensions = [".txt", ".text", ".md", ".markdown", ".html", ".htm", ".xhtml", ".pdf", ".jsonl"];

    /// <summary>The files only; loops and unreadable folders are silently left out (see <see cref="Scan"/>).</summary>
    public static IReadOnlyList<string> Expand(IEnumerable<string> inputs) => Scan(inputs).Files;

    public static InputScan Scan(IEnumerable<string> inputs)
    {
        var scan = new Walk();
        foreach (var input in inputs)
        {
            if (Directory.Exists(input)) scan.Folder(input);
            else if (input.IndexOfAny(['*', '?']) >= 0)
            {
                string dir = Path.GetDirectoryName(input) is { Length: > 0 } d ? d : ".";
                if (!Directory.Exists(dir)) throw new DocumentLoadException(input, $"folder {dir} does not exist");
                foreach (var file in Directory.EnumerateFiles(dir, Path.GetFileName(input)).Order(StringComparer.Ordinal))
                    scan.File(file);
            }
            else scan.File(input); // a missing file is reported by the loader, with the others going on
        }
        return new InputScan(scan.Files, scan.Unreadable, scan.Notices);
    }

    private sealed class Walk
    {
        // Real paths (every symbolic link resolved) of what is already listed: the identity of a file or folder.
        private readonly HashSet<string> _realFiles = new(StringComparer.Ordinal);
        private readonly HashSet<string> _realFolders = new(StringComparer.Ordinal);

        public List<string> Files { get; } = [];
        public List<InputProblem> Unreadable { get; } = [];
        public List<string> Notices { get; } = [];

        public void File(string path)
        {
            string? real = TryRealPath(path);
            if (real is null || _realFiles.Add(real)) Files.Add(path);
        }

        /// <summary>Depth first with an explicit stack (deep trees do not recurse); files sorted by path at the end.</summary>
        public void Folder(string root)
        {
            string? rootReal = TryRealPath(root);
            if (rootReal is null || !_realFolders.Add(rootReal)) return;
            var found = new List<string>();
            var stack = new Stack<(string Path, string Real)>();
            stack.Push((root, rootReal));
            while (stack.Count > 0)
            {
                var (dir, dirReal) = stack.Pop();
                List<FileSystemInfo> entries;
                try
                {
                    entries = new DirectoryInfo(dir).EnumerateFileSystemInfos("*", ListOneFolder)
                        .OrderBy(e => e.Name, StringComparer.Ordinal).ToList();
                }
                catch (Exception e) when (e is UnauthorizedAccessException or IOException)
                {
                    Unreadable.Add(new InputProblem(dir, $"cannot read folder: {Reason(e)}; its files were skipped"));
                    continue;
                }
                // In name order, so that of a folder and a link to it the first by name is the one read; pushed
                // in reverse, so that they are also entered in name order.
                var subfolders = new List<(string, string)>();
                foreach (var entry in entries)
                {
                    if (entry is DirectoryInfo sub)
                    {
                        string subPath = Path.Join(dir, sub.Name); // as the user named the folder: relative stays relative
                        if (Subfolder(sub, subPath, dirReal) is { } subReal) subfolders.Add((subPath, subReal));
                    }
                    else if (KnownExtensions.Contains(Path.GetExtension(entry.Name).ToLowerInvariant()))
                    {
                        string? real = entry.LinkTarget is null ? Path.Join(dirReal, entry.Name) : TryRealPath(entry.FullName);
                        if (real is null || _realFiles.Add(real)) found.Add(Path.Join(dir, entry.Name));
                        else Notices.Add($"{Path.Join(dir, entry.Name)}: skipped, a symbolic link to {real}, which is already read");
                    }
                }
                for (int i = subfolders.Count - 1; i >= 0; i--) stack.Push(subfolders[i]);
            }
            Files.AddRange(found.Order(StringComparer.Ordinal));
        }

        /// <summary>The real path of a subfolder to enter, or null when it is a link to a folder read already.</summary>
        private string? Subfolder(DirectoryInfo sub, string subPath, string parentReal)
        {
            string path = Path.Join(parentReal, sub.Name);
            if (sub.LinkTarget is not null)
            {
                string? real = TryRealPath(sub.FullName);
                if (real is null)
                {
                    Unreadable.Add(new InputProblem(subPath, "cannot follow the symbolic link (a link to itself?); skipped"));
                    return null;
                }
                if (IsWithin(parentReal, real))
                {
                    Notices.Add($"{subPath}: skipped, a symbolic link to {real}, a folder that contains it (a loop)");
                    return null;
                }
                path = real;
            }
            if (_realFolders.Add(path)) return path;
            Notices.Add($"{subPath}: skipped, a symbolic link to {path}, which is already read");
            return null;
        }

        private string? TryRealPath(string path)
        {
            try
            {
                return RealPath(Path.GetFullPath(path), 0);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                return null; // a loop of links or an unreadable link: the loader names the file when it fails to read it
            }
        }
    }

    /// <summary>Hidden files included, errors not swallowed: an unreadable folder must be reported, not skipped silently.</summary>
    private static readonly EnumerationOptions ListOneFolder = new()
    {
        RecurseSubdirectories = false,
        IgnoreInaccessible = false,
        AttributesToSkip = 0,
        ReturnSpecialDirectories = false,
    };

    private static bool IsWithin(string folder, string candidateAncestor) =>
        folder == candidateAncestor
        || folder.StartsWith(candidateAncestor.EndsWith(Path.DirectorySeparatorChar) ? candidateAncestor : candidateAncestor + Path.DirectorySeparatorChar, StringComparison.Ordinal);

    /// <summary>
    /// The path with every symbolic link along it resolved, like POSIX realpath (the BCL resolves one link at a
    /// time, not the folders above it). Only components that are links cost more than a string join.
    /// </summary>
    internal static string RealPath(string fullPath, int depth)
    {
        if (depth > 40) throw new IOException($"{fullPath}: too many levels of symbolic links");
        string root = Path.GetPathRoot(fullPath) ?? "";
        string current = root;
        foreach (var part in fullPath[root.Length..].Split(Path.DirectorySeparatorChar, StringSplitOptions.RemoveEmptyEntries))
        {
            string next = Path.Join(current, part);
            var info = new FileInfo(next);
            if (info.LinkTarget is not null)
                next = info.ResolveLinkTarget(returnFinalTarget: true) is { } target ? RealPath(target.FullName, depth + 1) : next;
            current = next;
        }
        return current;
    }

    private static string Reason(Exception e) => e is UnauthorizedAccessException ? "permission denied" : e.Message;
}

/// <summary>What <see cref="InputFiles.Scan"/> found: the files, the folders it could not read, and links it did not follow.</summary>
public sealed record InputScan(IReadOnlyList<string> Files, IReadOnlyList<InputProblem> Unreadable, IReadOnlyList<string> Notices);

public sealed record InputProblem(string Path, string Reason);
