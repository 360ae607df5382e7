using Nlp.Models.Native;
using TorchSharp;
using Xunit.Abstractions;

namespace Nlp.Models.Tests;

/// <summary>The real libLibTorchSharp.so of this test's output directory, after EnsureLoaded.</summary>
public class TorchNativeTests(ITestOutputHelper output)
{
    [Fact]
    public void Loaded_library_has_no_strong_requirement_the_system_libstdcxx_lacks()
    {
        var status = TorchNative.EnsureLoaded();
        Assert.NotNull(status.LibraryPath);

        var provided = LibStdCxxProbe.ProvidedVersions();
        Assert.NotNull(provided);
        var reqs = ElfVersionNeedPatcher.ReadRequirements(File.ReadAllBytes(status.LibraryPath));

        // TorchSharp 0.107 asks for GLIBCXX_3.4.32; on Debian 12 (max 3.4.30) it must now be weak.
        var glibcxx32 = Assert.Single(reqs, r => r.Version == "GLIBCXX_3.4.32");
        Assert.True(glibcxx32.IsWeak || provided.Contains("GLIBCXX_3.4.32"), $"{status.LibraryPath}: {glibcxx32}\n{status.Details}");
        Assert.DoesNotContain(reqs, r => !r.IsWeak && r.File.StartsWith("libstdc++") && !provided.Contains(r.Version));
    }

    [Fact]
    public void Library_loaded_is_the_output_copy_unless_forced_to_use_a_cached_copy()
    {
        var status = TorchNative.EnsureLoaded();
        if (status.Mode == TorchNativeMode.LoadedPatchedCopy)
        {
            Assert.Equal("copy", Environment.GetEnvironmentVariable(TorchNative.ModeEnvironmentVariable));
            return;
        }
        // Normal route: the file in this test's bin/, where the runtime itself looks for it.
        string expected = Path.Combine(AppContext.BaseDirectory, "runtimes", "linux-x64", "native", TorchNative.LibraryFileName);
        Assert.Equal(Path.GetFullPath(expected), status.LibraryPath);
    }

    [Fact]
    public void Patched_library_differs_from_the_package_original_only_in_flag_bytes()
    {
        var status = TorchNative.EnsureLoaded();
        string? original = NativeLocator.FindInNuGetCache(typeof(torch).Assembly, TorchNative.LibraryFileName);
        Assert.NotNull(original); // the restore put it there

        byte[] before = File.ReadAllBytes(original);
        byte[] after = File.ReadAllBytes(status.LibraryPath!);
        Assert.Equal(before.Length, after.Length);
        var flagOffsets = ElfVersionNeedPatcher.ReadRequirements(after).Select(r => r.FlagsOffset).ToHashSet();
        var diffs = Enumerable.Range(0, before.Length).Where(i => before[i] != after[i]).ToList();
        Assert.All(diffs, i => Assert.Contains((long)i, flagOffsets));

        // And the NuGet cache itself was left pristine.
        Assert.False(Assert.Single(ElfVersionNeedPatcher.ReadRequirements(before), r => r.Version == "GLIBCXX_3.4.32").IsWeak);
    }

    [Fact]
    public void EnsureLoaded_is_idempotent_and_torch_works()
    {
        var first = TorchNative.EnsureLoaded();
        var second = TorchNative.EnsureLoaded();
        Assert.Same(first, second);
        output.WriteLine($"{first.Mode}: {first.LibraryPath}\n{first.Details}");

        using var scope = torch.NewDisposeScope();
        var t = torch.arange(1, 5, dtype: torch.float32).reshape(2, 2);
        Assert.Equal(54f, t.matmul(t).sum().item<float>()); // [[1,2],[3,4]]^2 = [[7,10],[15,22]]
    }
}
