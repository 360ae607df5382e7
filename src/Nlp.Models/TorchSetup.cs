using Nlp.Models.Native;
using TorchSharp;

namespace Nlp.Models;

/// <summary>Process-wide TorchSharp setup for reproducible runs.</summary>
public static class TorchSetup
{
    /// <summary>
    /// Loads TorchSharp (see <see cref="TorchNative.EnsureLoaded"/>) and seeds its global RNG, which
    /// drives parameter initialisation, dropout and torch.rand*; optionally fixes the intra-op thread
    /// count, since CPU reductions can be split differently across threads and so differ in the last bits.
    /// </summary>
    /// <param name="seed">Seed for torch.manual_seed.</param>
    /// <param name="threads">If set, the number of intra-op threads (torch.set_num_threads); 1 gives the
    /// most repeatable results, null leaves libtorch's default (one per core).</param>
    public static void Seed(int seed, int? threads = null)
    {
        TorchNative.EnsureLoaded();
        if (threads is { } n)
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(n, 1, nameof(threads));
            torch.set_num_threads(n);
        }
        torch.manual_seed(seed);
    }
}
