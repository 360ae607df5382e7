namespace Nlp.Models.Native;

/// <summary>How <see cref="TorchNative.EnsureLoaded"/> got TorchSharp's native library to load.</summary>
public enum TorchNativeMode
{
    /// <summary>Not Linux x64: nothing to patch, TorchSharp loads as usual.</summary>
    NotApplicable,
    /// <summary>The library needed no change (already patched earlier, or the system libstdc++ is new enough).</summary>
    AlreadyCompatible,
    /// <summary>The copy in the app's output directory was patched in place by this call.</summary>
    PatchedInPlace,
    /// <summary>The output copy could not be patched (read-only, missing, or in the NuGet cache), so a
    /// patched copy in a per-user cache directory was loaded explicitly and TorchSharp redirected to it.</summary>
    LoadedPatchedCopy,
}

/// <summary>Outcome of <see cref="TorchNative.EnsureLoaded"/>.</summary>
/// <param name="Mode">Which route was taken.</param>
/// <param name="LibraryPath">The libLibTorchSharp.so actually loaded (null when not applicable).</param>
/// <param name="Weakened">Requirements whose weak flag this call set (empty if nothing changed).</param>
/// <param name="Details">Human-readable notes on what was looked at and why, for logs and error reports.</param>
public sealed record TorchNativeStatus(
    TorchNativeMode Mode, string? LibraryPath, IReadOnlyList<VersionRequirement> Weakened, string Details);

/// <summary>TorchSharp's native library could not be made to load; the message says why and what was tried.</summary>
public sealed class TorchNativeException(string message, Exception? inner = null) : InvalidOperationException(message, inner);
