namespace Nlp.Models.Native;

/// <summary>
/// Finds the libstdc++.so.6 this process uses and lists the symbol versions it defines
/// (GLIBCXX_3.4, ..., GLIBCXX_3.4.30, CXXABI_1.3.13, ... on Debian 12).
/// </summary>
/// <remarks>
/// The .NET host and runtime themselves link libstdc++, so it is already mapped into our process and
/// /proc/self/maps names the exact file that libLibTorchSharp.so will be bound to. Only if that fails
/// do we look in the usual multiarch directories. The versions come from the library's
/// SHT_GNU_verdef section, i.e. exactly what ld.so checks a requirement against.
/// </remarks>
internal static class LibStdCxxProbe
{
    static readonly string[] FallbackPaths =
    [
        "/lib/x86_64-linux-gnu/libstdc++.so.6",
        "/usr/lib/x86_64-linux-gnu/libstdc++.so.6",
        "/usr/lib64/libstdc++.so.6",
        "/lib64/libstdc++.so.6",
    ];

    /// <summary>Path of the process's libstdc++.so.6, or null if none could be found.</summary>
    public static string? FindLoadedLibrary()
    {
        try
        {
            foreach (string line in File.ReadLines("/proc/self/maps"))
            {
                int slash = line.IndexOf('/');
                if (slash >= 0 && line.Contains("/libstdc++.so", StringComparison.Ordinal))
                    return line[slash..].Trim();
            }
        }
        catch (IOException) { }
        catch (UnauthorizedAccessException) { }
        return FallbackPaths.FirstOrDefault(File.Exists);
    }

    /// <summary>Version names defined by the process's libstdc++, or null if it cannot be read.</summary>
    public static IReadOnlySet<string>? ProvidedVersions()
    {
        string? path = FindLoadedLibrary();
        if (path is null) return null;
        try { return ReadVersionDefinitions(File.ReadAllBytes(path)); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidDataException) { return null; }
    }

    /// <summary>
    /// Names of all Verdef entries (SHT_GNU_verdef), except the base entry that names the file itself.
    /// Verdef: u16 vd_version, u16 vd_flags, u16 vd_ndx, u16 vd_cnt, u32 vd_hash, u32 vd_aux, u32 vd_next;
    /// the first Verdaux (u32 vda_name, u32 vda_next) at vd_aux holds the version's own name.
    /// </summary>
    internal static IReadOnlySet<string> ReadVersionDefinitions(byte[] elfBytes)
    {
        var elf = ElfImage.Parse(elfBytes);
        var names = new HashSet<string>(StringComparer.Ordinal);
        var verdef = elf.FirstOfType(ElfImage.ShtGnuVerdef);
        if (verdef is null) return names;
        var strtab = elf.Linked(verdef, ElfImage.ShtStrtab);

        const ushort VerFlgBase = 0x1;
        ulong at = verdef.Offset;
        for (uint i = 0; i < verdef.Info; i++)
        {
            ElfImage.CheckInside(verdef, at, 20, "Verdef record");
            ushort flags = elf.U16(at + 2);
            ulong auxAt = at + elf.U32(at + 12);
            ElfImage.CheckInside(verdef, auxAt, 8, "Verdaux record");
            if ((flags & VerFlgBase) == 0)
                names.Add(elf.ReadString(strtab, elf.U32(auxAt)));
            uint next = elf.U32(at + 16);
            if (next == 0) break;
            at += next;
        }
        return names;
    }
}
