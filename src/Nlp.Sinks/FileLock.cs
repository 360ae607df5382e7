using System.Diagnostics;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;

namespace Nlp.Sinks;

/// <summary>
/// One writer per output: an exclusive lock held by an open handle on PATH (FileShare.None, which .NET takes as
/// flock(LOCK_EX) on Unix and a sharing lock on Windows), so the system releases it when the process ends, even
/// when it is killed. A locked file cannot be read by another process, so who holds it is written to a side file,
/// PATH.owner, for the message the second run prints. Neither file is ever deleted: a run waiting on a deleted
/// lock file would lock a file nobody else sees, and two runs would write at once.
/// </summary>
public sealed class FileLock : IDisposable
{
    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(200);

    private FileStream? _handle;

    private FileLock(string path, FileStream handle)
    {
        Path = path;
        _handle = handle;
    }

    public string Path { get; }
    public string OwnerPath => Path + ".owner";

    /// <summary>This process as a lock owner: process id, host and start time.</summary>
    /// <summary>
    /// Takes the lock on <paramref name="path"/> for <paramref name="what"/> (named in messages). Held by someone else:
    /// throws <see cref="ResourceLockedException"/> at once, or with <paramref name="wait"/> tells
    /// <paramref name="onWaiting"/> once and polls until it is free (or <paramref name="cancel"/> fires).
    /// </summary>
    public static FileLock Acquire(string path, string what, bool wait = false, Action<string>? onWaiting = null, CancellationToken cancel = default)
    {
        path = System.IO.Path.GetFullPath(path);
        if (System.IO.Path.GetDirectoryName(path) is { Length: > 0 } dir) Directory.CreateDirectory(dir);
        bool told = false;
        while (true)
        {
            if (TryOpen(path) is { } handle)
            {
                var held = new FileLock(path, handle);
                held.WriteOwner();
                return held;
            }
            string owner = ReadOwner(path + ".owner") ?? "another run (its owner is not recorded)";
            if (!wait) throw new ResourceLockedException($"{what} is in use by {owner}; wait for it to finish, or run with --wait");
            if (!told) onWaiting?.Invoke($"{what} is in use by {owner}: waiting for it to finish (--wait)");
            told = true;
            if (cancel.WaitHandle.WaitOne(Poll))
                throw new ResourceLockedException($"{what} is in use by {owner}: stopped waiting (interrupted)");
        }
    }

    /// <summary>The handle that holds the lock, or null when another handle holds it.</summary>
    private static FileStream? TryOpen(string path)
    {
        try
        {
            return new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        }
        catch (IOException) when (File.Exists(path))
        {
            // A sharing violation (EWOULDBLOCK under flock): someone holds it. Other errors (no permission, no
            // such folder) are not hidden, since waiting would not end them.
            return null;
        }
    }

    private void WriteOwner()
    {
        var owner = new JObject { ["process_id"] = Environment.ProcessId, ["host"] = Environment.MachineName, ["started"] = StartTime() };
        File.WriteAllText(OwnerPath, owner.ToString(Formatting.None) + "\n");
    }

    private static string? ReadOwner(string ownerPath)
    {
        try
        {
            var o = JObject.Parse(File.ReadAllText(ownerPath));
            return $"process {(long?)o["process_id"]} on {(string?)o["host"]}, started {(string?)o["started"]}";
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or JsonException)
        {
            return null;
        }
    }

    private static string StartTime()
    {
        using var me = Process.GetCurrentProcess();
        return Readable(me.StartTime.ToUniversalTime());
    }

    /// <summary>A time in messages naming a run: to the second, in UTC.</summary>
    public static string Readable(DateTime utc) => utc.ToString("yyyy-MM-dd HH:mm:ss", System.Globalization.CultureInfo.InvariantCulture) + " UTC";

    public void Dispose()
    {
        _handle?.Dispose();
        _handle = null;
    }
}

/// <summary>An output or database another run is writing; the message names that run's process.</summary>
public sealed class ResourceLockedException(string message) : IOException(message);
