using System.Security.Cryptography;

namespace Nlp.Core.Manifests;

/// <summary>An input file of a training run: its path, the SHA-256 and size of its bytes (so a model says exactly
/// what it learned from and a rebuild can check it has the same data) and, where counted, its documents.</summary>
public sealed record DataFile(string Path, string Sha256, long? Size = null, int? Documents = null)
{
    /// <summary>Describes a file. The path is recorded relative to the working directory (the repository's root when
    /// trained as docs/TRAINING.md says: "training-data/train.jsonl", "../shared/corpora/…"), not one machine's
    /// absolute folders), or to <paramref name="root"/>; a file further away (a cache in the home folder) by its full path.</summary>
    public static DataFile Of(string path, int? documents = null, string? root = null)
    {
        using var stream = File.OpenRead(path);
        string hash = Convert.ToHexStringLower(SHA256.HashData(stream));
        string full = System.IO.Path.GetFullPath(path);
        string relative = System.IO.Path.GetRelativePath(root ?? Directory.GetCurrentDirectory(), full).Replace('\\', '/');
        return new DataFile(relative.StartsWith("../..", StringComparison.Ordinal) ? full : relative, hash, stream.Length, documents);
    }
}
