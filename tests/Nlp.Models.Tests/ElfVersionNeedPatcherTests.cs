using Nlp.Models.Native;

namespace Nlp.Models.Tests;

/// <summary>The patcher and its policy on synthetic ELF files built in memory (no TorchSharp involved).</summary>
public class ElfVersionNeedPatcherTests
{
    const string IosInit = "_ZSt21ios_base_library_initv";

    // What TorchSharp 0.107 needs, reduced to the interesting part: one version Debian 12 has, one it lacks.
    static byte[] TorchSharpLike() => SyntheticElf.Build(
    [
        ("GLIBCXX_3.4.30", ["_ZNSt8ios_base4InitC1Ev"]),
        ("GLIBCXX_3.4.32", [IosInit]),
    ]);

    static readonly LibStdCxxWeakeningPolicy Debian12 =
        new(new HashSet<string> { "GLIBCXX_3.4", "GLIBCXX_3.4.29", "GLIBCXX_3.4.30" });

    [Fact]
    public void Reads_requirements_and_the_symbols_bound_to_them()
    {
        var reqs = ElfVersionNeedPatcher.ReadRequirements(TorchSharpLike());

        Assert.Equal(["GLIBCXX_3.4.30", "GLIBCXX_3.4.32"], reqs.Select(r => r.Version));
        Assert.All(reqs, r => Assert.Equal(SyntheticElf.LibStdCxx, r.File));
        Assert.All(reqs, r => Assert.False(r.IsWeak));
        Assert.Equal([IosInit], reqs[1].Symbols!);
        Assert.Equal(3, reqs[1].Index);
    }

    [Fact]
    public void Patch_sets_weak_only_on_the_missing_version_and_changes_only_its_flag_bytes()
    {
        byte[] original = TorchSharpLike();
        byte[] elf = (byte[])original.Clone();

        var result = ElfVersionNeedPatcher.Patch(elf, Debian12.ShouldWeaken);

        Assert.True(result.Changed);
        var weakened = Assert.Single(result.Weakened);
        Assert.Equal("GLIBCXX_3.4.32", weakened.Version);
        var reread = ElfVersionNeedPatcher.ReadRequirements(elf);
        Assert.False(reread.Single(r => r.Version == "GLIBCXX_3.4.30").IsWeak);
        Assert.True(reread.Single(r => r.Version == "GLIBCXX_3.4.32").IsWeak);

        // Exactly the low byte of that vna_flags differs: 0x0000 -> 0x0002.
        var diffs = Enumerable.Range(0, elf.Length).Where(i => elf[i] != original[i]).ToList();
        Assert.Equal([(int)weakened.FlagsOffset], diffs);
        Assert.Equal(ElfVersionNeedPatcher.VerFlgWeak, elf[weakened.FlagsOffset]);
    }

    [Fact]
    public void Second_patch_is_a_no_op()
    {
        byte[] elf = TorchSharpLike();
        ElfVersionNeedPatcher.Patch(elf, Debian12.ShouldWeaken);
        byte[] once = (byte[])elf.Clone();

        var second = ElfVersionNeedPatcher.Patch(elf, Debian12.ShouldWeaken);

        Assert.False(second.Changed);
        Assert.Empty(second.Weakened);
        Assert.Equal(once, elf);
    }

    [Fact]
    public void PatchFile_writes_once_and_keeps_mode_and_timestamp()
    {
        if (OperatingSystem.IsWindows()) return; // Unix file modes
        string path = Path.Combine(Path.GetTempPath(), $"elf-patch-{Guid.NewGuid():N}.so");
        try
        {
            File.WriteAllBytes(path, TorchSharpLike());
            var stamp = new DateTime(2026, 5, 7, 12, 0, 0, DateTimeKind.Utc);
            File.SetLastWriteTimeUtc(path, stamp);
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute | UnixFileMode.GroupRead);

            Assert.True(ElfVersionNeedPatcher.PatchFile(path, Debian12.ShouldWeaken).Changed);
            Assert.False(ElfVersionNeedPatcher.PatchFile(path, Debian12.ShouldWeaken).Changed);

            Assert.True(ElfVersionNeedPatcher.ReadRequirements(File.ReadAllBytes(path)).Single(r => r.Version == "GLIBCXX_3.4.32").IsWeak);
            Assert.Equal(stamp, File.GetLastWriteTimeUtc(path));
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute | UnixFileMode.GroupRead, File.GetUnixFileMode(path));
            Assert.Empty(Directory.GetFiles(Path.GetTempPath(), $".{Path.GetFileName(path)}.*.tmp")); // no temp file left
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Non_elf_input_is_refused_clearly()
    {
        var e = Assert.Throws<InvalidDataException>(() => ElfVersionNeedPatcher.Patch("#!/bin/sh\necho hi\n"u8.ToArray(), _ => true));
        Assert.Contains("not an ELF file", e.Message);
    }

    [Fact]
    public void Elf32_and_big_endian_are_refused_clearly()
    {
        byte[] elf32 = TorchSharpLike();
        elf32[4] = 1; // ELFCLASS32
        Assert.Contains("64-bit", Assert.Throws<InvalidDataException>(() => ElfVersionNeedPatcher.ReadRequirements(elf32)).Message);

        byte[] bigEndian = TorchSharpLike();
        bigEndian[5] = 2; // ELFDATA2MSB
        Assert.Contains("little-endian", Assert.Throws<InvalidDataException>(() => ElfVersionNeedPatcher.ReadRequirements(bigEndian)).Message);
    }

    [Fact]
    public void Truncated_file_is_refused_not_misread()
    {
        byte[] elf = TorchSharpLike();
        Assert.Throws<InvalidDataException>(() => ElfVersionNeedPatcher.ReadRequirements(elf[..(elf.Length - 10)]));
    }

    [Fact]
    public void Policy_will_not_weaken_a_missing_version_that_real_functions_need()
    {
        byte[] elf = SyntheticElf.Build(
        [
            ("GLIBCXX_3.4.30", ["_ZNSt8ios_base4InitC1Ev"]),
            ("GLIBCXX_3.4.32", [IosInit, "_ZNSt6chrono9tzdb_list5beginEv"]), // a real 3.4.32 function
        ]);

        var result = ElfVersionNeedPatcher.Patch(elf, Debian12.ShouldWeaken);

        Assert.False(result.Changed);
        var unfixable = Assert.Single(Debian12.Unfixable(result.Requirements));
        Assert.Equal("GLIBCXX_3.4.32", unfixable.Version);
    }

    [Fact]
    public void Policy_leaves_versions_the_system_provides_alone()
    {
        var newSystem = new LibStdCxxWeakeningPolicy(new HashSet<string> { "GLIBCXX_3.4.30", "GLIBCXX_3.4.32" });
        Assert.False(ElfVersionNeedPatcher.Patch(TorchSharpLike(), newSystem.ShouldWeaken).Changed);
    }

    [Fact]
    public void Policy_refuses_when_symbol_usage_is_unknown()
    {
        byte[] elf = SyntheticElf.Build([("GLIBCXX_3.4.32", [IosInit])], withVersym: false);
        var reqs = ElfVersionNeedPatcher.ReadRequirements(elf);
        Assert.Null(Assert.Single(reqs).Symbols);
        Assert.False(ElfVersionNeedPatcher.Patch(elf, Debian12.ShouldWeaken).Changed);
    }

    [Fact]
    public void Probe_reads_the_version_definitions_of_this_systems_libstdcxx()
    {
        string? path = LibStdCxxProbe.FindLoadedLibrary();
        Assert.NotNull(path);
        var versions = LibStdCxxProbe.ReadVersionDefinitions(File.ReadAllBytes(path));
        Assert.Contains("GLIBCXX_3.4", versions);
        Assert.Contains("CXXABI_1.3", versions);
        Assert.DoesNotContain("libstdc++.so.6", versions); // the base (file name) entry is skipped
    }
}
