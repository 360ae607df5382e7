using System.Runtime.InteropServices;
using System.Text;
using TorchSharp;

namespace Nlp.Models.Native;

/// <summary>
/// Makes TorchSharp's native library loadable on this machine, then initialises TorchSharp.
/// Call <see cref="EnsureLoaded"/> before the first use of anything in TorchSharp.
/// </summary>
/// <remarks>
/// Why this exists: libLibTorchSharp.so (TorchSharp 0.107) needs GLIBCXX_3.4.32, which Debian 12's
/// libstdc++ (up to 3.4.30) lacks, for one link-only symbol; see <see cref="ElfVersionNeedPatcher"/>
/// and <see cref="LibStdCxxWeakeningPolicy"/>. Once torch's static constructor has failed, TorchSharp
/// is unusable for the rest of the process (and on failure TorchSharp 0.107 also copies all ~480 MB of
/// libtorch into bin/.../cpu/ while hunting for another copy), so the fix must happen first.
///
/// Route, in order:
///  1. Find the libLibTorchSharp.so the runtime would load (<see cref="NativeLocator"/>): normally
///     bin/&lt;cfg&gt;/&lt;tfm&gt;/runtimes/linux-x64/native/ of the app or test project.
///  2. If it is an ordinary output copy, patch it in place (temp file + atomic rename). The NuGet
///     cache copy is never touched; MSBuild re-copies the pristine file into a fresh bin/.
///  3. If that copy is read-only, missing or inside a NuGet package folder, write a patched copy to a
///     per-user cache, pre-load libtorch_cpu/libtorch by absolute path (the copy's $ORIGIN RUNPATH
///     cannot find them) and load the copy by absolute path. Verified with LD_DEBUG=files:
///     TorchSharp's own NativeLibrary.TryLoad("LibTorchSharp", assembly) ignores DllImport resolvers;
///     it first fails on the unpatched output copy, then tries the bare name "libLibTorchSharp.so",
///     which ld.so matches against the soname of our already-loaded copy. The [DllImport]s do go
///     through the resolver we register on the TorchSharp assembly, so they bind to our handle directly.
///  4. Load the chosen file ourselves first: a dlopen failure then surfaces with ld.so's own message
///     instead of TorchSharp's generic "doesn't contain a reference to libtorch-cpu" text.
///  5. torch.InitializeDeviceType(CPU).
/// Set NLP_TORCH_NATIVE_MODE=copy to force route 3 (used to test it; the output copy is left as is).
/// </remarks>
public static class TorchNative
{
    public const string LibraryFileName = "libLibTorchSharp.so";
    public const string ModeEnvironmentVariable = "NLP_TORCH_NATIVE_MODE";
    const string LibraryName = "LibTorchSharp"; // the name in TorchSharp's [DllImport]s

    static readonly Lock Gate = new();
    static TorchNativeStatus? _status;
    static string? _failure;

    /// <summary>Idempotent and thread-safe; the first call does the work, later calls return its result
    /// (or throw its error again).</summary>
    /// <exception cref="TorchNativeException">The library could not be located, fixed or loaded.</exception>
    public static TorchNativeStatus EnsureLoaded()
    {
        lock (Gate)
        {
            if (_status is not null) return _status;
            if (_failure is not null) throw new TorchNativeException(_failure);
            try
            {
                return _status = Load();
            }
            catch (Exception e)
            {
                var error = e as TorchNativeException ?? new TorchNativeException($"Loading TorchSharp's native library failed: {e.Message}", e);
                _failure = error.Message;
                throw error;
            }
        }
    }

    static TorchNativeStatus Load()
    {
        var log = new StringBuilder();
        if (!OperatingSystem.IsLinux() || RuntimeInformation.ProcessArchitecture != Architecture.X64)
        {
            InitializeTorch(null, log.AppendLine("Not linux-x64: no patching needed."));
            return new TorchNativeStatus(TorchNativeMode.NotApplicable, null, [], log.ToString());
        }

        var torchSharp = typeof(torch).Assembly;
        var dirs = NativeLocator.SearchDirectories(torchSharp);
        string? target = NativeLocator.Find(dirs, LibraryFileName);
        var policy = LibStdCxxWeakeningPolicy.ForThisSystem();
        bool forceCopy = string.Equals(Environment.GetEnvironmentVariable(ModeEnvironmentVariable), "copy", StringComparison.OrdinalIgnoreCase);
        log.AppendLine($"libstdc++ in use: {LibStdCxxProbe.FindLoadedLibrary() ?? "(not found)"}");
        log.AppendLine($"Searched for {LibraryFileName} in: {string.Join(", ", dirs)}");
        log.AppendLine($"Found: {target ?? "(none)"}");

        // Route 2: patch the output copy in place.
        if (target is not null && !forceCopy && !NativeLocator.IsInNuGetPackageFolder(target))
        {
            try
            {
                var result = ElfVersionNeedPatcher.PatchFile(target, policy.ShouldWeaken);
                ThrowIfUnfixable(policy, result, target);
                log.AppendLine(result.Changed ? $"Patched in place: made weak {string.Join(", ", result.Weakened)}." : "Already compatible.");
                LoadOrExplain(target, log);
                InitializeTorch(target, log);
                return new TorchNativeStatus(result.Changed ? TorchNativeMode.PatchedInPlace : TorchNativeMode.AlreadyCompatible,
                    target, result.Weakened, log.ToString());
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                log.AppendLine($"Could not patch {target} in place ({e.Message}); falling back to a patched copy.");
            }
        }

        // Route 3: patched copy in a cache directory, loaded explicitly.
        string source = target ?? NativeLocator.FindInNuGetCache(torchSharp, LibraryFileName)
            ?? throw new TorchNativeException(
                $"{LibraryFileName} was not found, so TorchSharp cannot load. Does the app reference the TorchSharp and " +
                $"libtorch-cpu-linux-x64 packages (through Nlp.Models)?{Environment.NewLine}{log}");
        byte[] bytes = File.ReadAllBytes(source);
        var patched = ElfVersionNeedPatcher.Patch(bytes, policy.ShouldWeaken);
        ThrowIfUnfixable(policy, patched, source);
        string copy = PatchedCopyCache.Store(bytes, LibraryFileName);
        log.AppendLine($"Source {source}; patched copy {copy} (made weak: {string.Join(", ", patched.Weakened.Select(r => r.ToString()).DefaultIfEmpty("nothing"))}).");

        // The copy's RUNPATH is $ORIGIN, i.e. the cache directory: pre-load what it needs from libtorch by
        // absolute path, so ld.so then satisfies its DT_NEEDED entries by soname from the loaded set.
        var depDirs = new[] { Path.GetDirectoryName(source)! }.Concat(dirs).ToList();
        foreach (string dep in new[] { "libtorch_cpu.so", "libtorch.so" })
        {
            string depPath = NativeLocator.Find(depDirs, dep) ?? throw new TorchNativeException(
                $"{dep} (package libtorch-cpu-linux-x64) was not found next to {source} or in {string.Join(", ", dirs)}.{Environment.NewLine}{log}");
            LoadOrExplain(depPath, log);
        }
        IntPtr handle = LoadOrExplain(copy, log);
        try
        {
            NativeLibrary.SetDllImportResolver(torchSharp, (name, _, _) => name == LibraryName ? handle : IntPtr.Zero);
        }
        catch (InvalidOperationException)
        {
            // Someone else registered a resolver first. The runtime's own probing still ends with a bare-name
            // dlopen("libLibTorchSharp.so"), which finds our copy by its soname (see remarks).
            log.AppendLine("A DllImport resolver was already set on TorchSharp; relying on the already-loaded soname.");
        }
        InitializeTorch(copy, log);
        return new TorchNativeStatus(TorchNativeMode.LoadedPatchedCopy, copy, patched.Weakened, log.ToString());
    }

    static void ThrowIfUnfixable(LibStdCxxWeakeningPolicy policy, VersionNeedPatchResult result, string path)
    {
        var unfixable = policy.Unfixable(result.Requirements).ToList();
        if (unfixable.Count == 0) return;
        throw new TorchNativeException(
            $"{path} needs {string.Join(", ", unfixable.Select(r => $"{r.Version} (for {string.Join(", ", r.Symbols ?? ["unknown symbols"])})"))} " +
            $"from libstdc++, which this system's {LibStdCxxProbe.FindLoadedLibrary()} does not provide. These are real " +
            "functions, so the requirement cannot safely be made weak: install a newer libstdc++ or use a TorchSharp built for it.");
    }

    static IntPtr LoadOrExplain(string path, StringBuilder log)
    {
        try
        {
            return NativeLibrary.Load(path);
        }
        catch (DllNotFoundException e)
        {
            throw new TorchNativeException($"The dynamic loader refused {path}: {e.Message}{Environment.NewLine}{log}", e);
        }
    }

    static void InitializeTorch(string? path, StringBuilder log)
    {
        try
        {
            torch.InitializeDeviceType(DeviceType.CPU);
        }
        catch (Exception e)
        {
            throw new TorchNativeException(
                $"TorchSharp failed to initialise{(path is null ? "" : $" after {path} was loaded")}: {e.GetBaseException().Message}{Environment.NewLine}{log}", e);
        }
    }
}
