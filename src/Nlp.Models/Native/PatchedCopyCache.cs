using System.Security.Cryptography;

namespace Nlp.Models.Native;

/// <summary>
/// Keeps patched copies of a native library in a per-user cache directory, for when the copy the
/// runtime would load cannot be patched in place (read-only output, NuGet cache, missing file).
/// </summary>
/// <remarks>
/// Copies are content-addressed (directory = hash of the patched bytes), so different TorchSharp
/// versions never collide and an existing copy is reused only if it is byte-identical. We prefer
/// $XDG_CACHE_HOME (~/.cache) over /tmp because /tmp is shared between users (a planted .so would be
/// loaded into our process) and is sometimes mounted noexec, which makes dlopen fail.
/// </remarks>
internal static class PatchedCopyCache
{
    public static string Store(byte[] patched, string fileName)
    {
        string hash = Convert.ToHexStringLower(SHA256.HashData(patched))[..16];
        var errors = new List<string>();
        foreach (string root in CacheRoots())
        {
            string path = Path.Combine(root, hash, fileName);
            try
            {
                Directory.CreateDirectory(Path.GetDirectoryName(path)!);
                if (!File.Exists(path) || !File.ReadAllBytes(path).AsSpan().SequenceEqual(patched))
                    AtomicFile.Replace(path, patched);
                return path;
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                errors.Add($"{path}: {e.Message}");
            }
        }
        throw new TorchNativeException(
            $"Could not write a patched copy of {fileName} to any cache directory:{Environment.NewLine}  " +
            string.Join(Environment.NewLine + "  ", errors));
    }

    static IEnumerable<string> CacheRoots()
    {
        string? xdg = Environment.GetEnvironmentVariable("XDG_CACHE_HOME");
        string home = Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
        if (!string.IsNullOrEmpty(xdg)) yield return Path.Combine(xdg, "nlp-models", "native");
        if (!string.IsNullOrEmpty(home)) yield return Path.Combine(home, ".cache", "nlp-models", "native");
        yield return Path.Combine(Path.GetTempPath(), $"nlp-models-native-{Environment.UserName}");
    }
}
