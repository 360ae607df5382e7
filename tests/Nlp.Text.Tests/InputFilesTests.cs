using Nlp.Text.Loading;

namespace Nlp.Text.Tests;

/// <summary>The input walk over folders real archives hold: link loops, duplicate links, unreadable and deep folders, odd names.</summary>
public sealed class InputFilesTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("nlp-input-files-").FullName;

    public void Dispose()
    {
        foreach (var path in Directory.EnumerateFileSystemEntries(_dir, "*", new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = 0 }))
            if (File.GetAttributes(path).HasFlag(FileAttributes.Directory) && new DirectoryInfo(path).LinkTarget is null)
                File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        Directory.Delete(_dir, recursive: true);
    }

    private string Touch(string relative)
    {
        var path = Path.Combine(_dir, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, "Deported in 1944.");
        return path;
    }

    [Fact]
    public void A_link_to_a_parent_folder_is_a_loop_reported_once_and_each_file_listed_once()
    {
        var a = Touch("a.txt");
        var b = Touch("sub/b.txt");
        Directory.CreateSymbolicLink(Path.Combine(_dir, "sub", "up"), "..");

        var scan = InputFiles.Scan([_dir]);

        Assert.Equal([a, b], scan.Files);
        var notice = Assert.Single(scan.Notices);
        Assert.Contains(Path.Combine(_dir, "sub", "up"), notice);
        Assert.Contains("(a loop)", notice);
        Assert.Empty(scan.Unreadable);
    }

    [Fact]
    public void Links_to_a_folder_or_a_file_already_read_do_not_duplicate_them()
    {
        var original = Touch("letters/1937.txt");
        Directory.CreateSymbolicLink(Path.Combine(_dir, "mirror"), "letters");
        File.CreateSymbolicLink(Path.Combine(_dir, "letters", "copy.txt"), "1937.txt");
        var outside = Directory.CreateTempSubdirectory("nlp-input-outside-").FullName;
        try
        {
            File.WriteAllText(Path.Combine(outside, "far.md"), "Far away.");
            Directory.CreateSymbolicLink(Path.Combine(_dir, "elsewhere"), outside); // a link that is no duplicate is followed

            var scan = InputFiles.Scan([_dir, original]);

            Assert.Equal([Path.Combine(_dir, "elsewhere", "far.md"), original], scan.Files);
            Assert.Equal(2, scan.Notices.Count);
            Assert.All(scan.Notices, n => Assert.Contains("already read", n));
        }
        finally
        {
            Directory.Delete(outside, recursive: true);
        }
    }

    [Fact]
    public void An_unreadable_subfolder_is_reported_and_the_others_still_listed()
    {
        var good = Touch("good/a.txt");
        Touch("locked/b.txt");
        var locked = Path.Combine(_dir, "locked");
        File.SetUnixFileMode(locked, UnixFileMode.None);
        if (CannotObserve(locked)) return; // root lists everything: checked as an ordinary user instead

        var scan = InputFiles.Scan([_dir]);

        Assert.Equal([good], scan.Files);
        var problem = Assert.Single(scan.Unreadable);
        Assert.Equal(locked, problem.Path);
        Assert.Equal("cannot read folder: permission denied; its files were skipped", problem.Reason);
    }

    private static bool CannotObserve(string folder)
    {
        try
        {
            Directory.EnumerateFileSystemEntries(folder).ToList();
            return true;
        }
        catch (UnauthorizedAccessException)
        {
            return false;
        }
    }

    [Fact]
    public void A_link_that_points_to_itself_is_skipped_and_named()
    {
        var good = Touch("a.txt");
        var self = Path.Combine(_dir, "self.txt");
        File.CreateSymbolicLink(self, "self.txt");

        var scan = InputFiles.Scan([_dir]);

        // Listed, so that the loader names it when it fails to read it ("cannot read: … symbolic links").
        Assert.Equal([good, self], scan.Files);
        var e = Assert.Throws<DocumentLoadException>(() => DocumentLoader.Load(self).ToList());
        Assert.StartsWith("cannot read", e.Reason);
    }

    [Fact]
    public void A_deep_folder_is_read_to_the_bottom()
    {
        var deep = Path.Combine([_dir, .. Enumerable.Repeat("level", 200), "bottom.txt"]); // ~1.3 KB of path
        Directory.CreateDirectory(Path.GetDirectoryName(deep)!);
        File.WriteAllText(deep, "At the bottom in 1950.");

        Assert.Equal([deep], InputFiles.Scan([_dir]).Files);
    }

    [Fact]
    public void Names_with_spaces_quotes_and_non_ascii_are_listed_and_loaded_under_their_name()
    {
        string[] names = ["it's a \"quoted\" name.txt", "Приказ № 00447.txt", "東京 1946.md", " leading space.txt"];
        foreach (var name in names) Touch(name);

        var scan = InputFiles.Scan([_dir]);

        Assert.Equal(names.Select(n => Path.Combine(_dir, n)).Order(StringComparer.Ordinal), scan.Files);
        Assert.Equal(names.Select(Path.GetFileNameWithoutExtension).Order(StringComparer.Ordinal),
            scan.Files.Select(f => Assert.Single(DocumentLoader.Load(f)).Id));
        Assert.Equal([Path.Combine(_dir, names[1])], InputFiles.Scan([Path.Combine(_dir, "Приказ*.txt")]).Files);
    }
}
