using System.Collections.Concurrent;
using System.Security.Cryptography;

namespace Nlp.Models.MaxEnt;

/// <summary>
/// Read-only model parts (lexicons, max-ent weights, name lists, word vectors) loaded once per process and file
/// content, and shared by every pipeline that loads the same file: each extraction worker builds its own pipeline, and
/// parsing the events model's files alone took 0.7 s of CPU per copy (with the garbage collection of three copies'
/// worth of strings). Keyed by the file's bytes, so a changed file is read again and two folders holding the same file
/// (the events and relations lexicons) share one copy. Held weakly: a part no pipeline uses any more can be collected.
/// Only for types that are immutable once loaded, or safe for concurrent readers.
/// </summary>
internal static class SharedModelFile
{
    static readonly ConcurrentDictionary<(Type Type, string Hash), WeakReference<object>> Loaded = new();
    static readonly Lock Gate = new();

    public static T Load<T>(string path, Func<string, T> load) where T : class
    {
        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return load(path); // the loader reports the problem in its own words
        }
        var key = (typeof(T), Convert.ToHexString(SHA256.HashData(bytes)));
        // One load at a time: a second worker asking for the same file waits for the first's copy instead of parsing its own.
        lock (Gate)
        {
            if (Loaded.TryGetValue(key, out var weak) && weak.TryGetTarget(out var shared)) return (T)shared;
            var loaded = load(path);
            Loaded[key] = new WeakReference<object>(loaded);
            return loaded;
        }
    }
}
