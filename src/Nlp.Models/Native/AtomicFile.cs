namespace Nlp.Models.Native;

/// <summary>Replaces a file's content without ever exposing a half-written file.</summary>
internal static class AtomicFile
{
    /// <summary>
    /// Writes <paramref name="content"/> to a uniquely named temp file beside <paramref name="path"/>,
    /// copies the old file's mode and timestamp, then renames it over <paramref name="path"/>.
    /// </summary>
    /// <remarks>
    /// Why rename instead of writing in place: a process that already mmapped the old .so keeps its
    /// (now unlinked) inode, whereas truncating a mapped file would crash it with SIGBUS; and two
    /// processes patching at once each rename a complete, identical file, so the last one wins harmlessly.
    /// Why keep the timestamp: MSBuild's copy-local step skips files whose size and mtime match the
    /// package's, so an incremental build leaves our patched copy alone instead of re-copying it.
    /// </remarks>
    public static void Replace(string path, byte[] content)
    {
        string dir = Path.GetDirectoryName(Path.GetFullPath(path))!;
        string temp = Path.Combine(dir, $".{Path.GetFileName(path)}.{Environment.ProcessId}.{Guid.NewGuid():N}.tmp");
        try
        {
            using (var fs = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None))
            {
                fs.Write(content);
                fs.Flush(flushToDisk: true);
            }
            if (File.Exists(path))
            {
                if (!OperatingSystem.IsWindows())
                    File.SetUnixFileMode(temp, File.GetUnixFileMode(path));
                File.SetLastWriteTimeUtc(temp, File.GetLastWriteTimeUtc(path));
            }
            File.Move(temp, path, overwrite: true); // rename(2): atomic within one file system
        }
        catch
        {
            try { File.Delete(temp); } catch { /* best effort: the original is untouched anyway */ }
            throw;
        }
    }
}
