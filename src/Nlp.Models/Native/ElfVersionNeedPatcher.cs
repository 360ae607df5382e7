namespace Nlp.Models.Native;

/// <summary>
/// One "I need version V of library F" record of an ELF file: a Vernaux entry of .gnu.version_r
/// (SHT_GNU_verneed), plus the dynamic symbols that are bound to it through .gnu.version.
/// </summary>
/// <param name="File">The needed library (Verneed.vn_file), e.g. "libstdc++.so.6".</param>
/// <param name="Version">The needed version (Vernaux.vna_name), e.g. "GLIBCXX_3.4.32".</param>
/// <param name="Flags">Vernaux.vna_flags; bit <see cref="ElfVersionNeedPatcher.VerFlgWeak"/> = weak.</param>
/// <param name="Index">Vernaux.vna_other: the version index that .gnu.version uses for symbols bound to it.</param>
/// <param name="Symbols">Dynamic symbols whose .gnu.version entry is <paramref name="Index"/>;
/// null when the file has no .gnu.version section (then we cannot know who uses the version).</param>
/// <param name="FlagsOffset">File offset of vna_flags: the only bytes the patcher ever writes.</param>
public sealed record VersionRequirement(
    string File, string Version, ushort Flags, ushort Index, IReadOnlyList<string>? Symbols, long FlagsOffset)
{
    public bool IsWeak => (Flags & ElfVersionNeedPatcher.VerFlgWeak) != 0;
    public override string ToString() => $"{File}:{Version}{(IsWeak ? " (weak)" : "")}";
}

/// <summary>What a patch run found and changed.</summary>
/// <param name="Requirements">All requirements, as they are after the patch.</param>
/// <param name="Weakened">Requirements whose weak flag this run set (empty = file unchanged).</param>
public sealed record VersionNeedPatchResult(IReadOnlyList<VersionRequirement> Requirements, IReadOnlyList<VersionRequirement> Weakened)
{
    public bool Changed => Weakened.Count > 0;
}

/// <summary>
/// Marks selected symbol-version requirements of an ELF64 little-endian shared library as weak.
/// </summary>
/// <remarks>
/// Why: TorchSharp 0.107's libLibTorchSharp.so was linked against GCC 13's libstdc++ and so lists
/// GLIBCXX_3.4.32 among the versions it needs from libstdc++.so.6, only because of the symbol
/// std::ios_base_library_init, which GCC 13 references from every TU including &lt;iostream&gt; but which
/// no relocation uses. Debian 12 ships libstdc++ up to GLIBCXX_3.4.30, and ld.so refuses to load a
/// library that needs a missing version ("version `GLIBCXX_3.4.32' not found") - unless that
/// requirement carries VER_FLG_WEAK, in which case ld.so only checks it and moves on.
///
/// What: walk the Verneed list of the SHT_GNU_verneed section, and for each Vernaux entry chosen by
/// the caller's predicate, OR VER_FLG_WEAK into vna_flags. Nothing else is written: no sizes or
/// offsets change, the vna_hash stays valid (it hashes the name, not the flags), and there is no
/// checksum in ELF to update. ld.so reads the same bytes via DT_VERNEED, since the section lies in a
/// loaded segment. Patching is idempotent: an entry that is already weak is left alone, so a second
/// run reports no change and writes nothing.
///
/// Record layouts (all little-endian, 16 bytes each):
///   Verneed: u16 vn_version, u16 vn_cnt, u32 vn_file, u32 vn_aux, u32 vn_next
///   Vernaux: u32 vna_hash, u16 vna_flags, u16 vna_other, u32 vna_name, u32 vna_next
/// vn_file/vna_name index the string table named by the section's sh_link (.dynstr);
/// vn_aux/vna_next/vn_next are byte offsets relative to the current record (0 = end of chain).
/// </remarks>
public static class ElfVersionNeedPatcher
{
    /// <summary>VER_FLG_WEAK from &lt;elf.h&gt;: a missing version is not a load error.</summary>
    public const ushort VerFlgWeak = 0x2;

    const int RecordSize = 16;

    /// <summary>Lists the version requirements of an ELF64 LE image without changing it.</summary>
    /// <exception cref="InvalidDataException">Not ELF64 LE, or malformed version sections.</exception>
    public static IReadOnlyList<VersionRequirement> ReadRequirements(byte[] elf) =>
        Walk(ElfImage.Parse(elf), null).Requirements;

    /// <summary>Sets VER_FLG_WEAK, in <paramref name="elf"/> itself, on every requirement that
    /// <paramref name="shouldWeaken"/> selects and that is not weak yet.</summary>
    public static VersionNeedPatchResult Patch(byte[] elf, Func<VersionRequirement, bool> shouldWeaken) =>
        Walk(ElfImage.Parse(elf), shouldWeaken);

    /// <summary>Patches a file on disk. Writes only when something changed, via a temp file in the
    /// same directory and an atomic rename (processes that already mapped the old file keep it).</summary>
    public static VersionNeedPatchResult PatchFile(string path, Func<VersionRequirement, bool> shouldWeaken)
    {
        byte[] bytes = File.ReadAllBytes(path);
        var result = Walk(ElfImage.Parse(bytes, path), shouldWeaken);
        if (result.Changed)
            AtomicFile.Replace(path, bytes);
        return result;
    }

    static VersionNeedPatchResult Walk(ElfImage elf, Func<VersionRequirement, bool>? shouldWeaken)
    {
        var requirements = new List<VersionRequirement>();
        var weakened = new List<VersionRequirement>();

        // Found by type (what the linker and ld.so go by); the name is only for messages.
        var verneed = elf.FirstOfType(ElfImage.ShtGnuVerneed);
        if (verneed is null)
            return new VersionNeedPatchResult(requirements, weakened); // no versioned deps: nothing to do
        var dynstr = elf.Linked(verneed, ElfImage.ShtStrtab);
        bool hasVersym = elf.FirstOfType(ElfImage.ShtGnuVersym) is not null;
        var symbolsByIndex = SymbolsByVersionIndex(elf);

        ulong needAt = verneed.Offset;
        // sh_info holds the number of Verneed records (same as DT_VERNEEDNUM).
        for (uint n = 0; n < verneed.Info; n++)
        {
            ElfImage.CheckInside(verneed, needAt, RecordSize, "Verneed record");
            ushort vnVersion = elf.U16(needAt);
            if (vnVersion != 1)
                throw new InvalidDataException($"Verneed record at 0x{needAt:x} has version {vnVersion}; only version 1 exists.");
            ushort count = elf.U16(needAt + 2);
            string file = elf.ReadString(dynstr, elf.U32(needAt + 4));

            ulong auxAt = needAt + elf.U32(needAt + 8);
            for (int a = 0; a < count; a++)
            {
                ElfImage.CheckInside(verneed, auxAt, RecordSize, "Vernaux record");
                ushort flags = elf.U16(auxAt + 4);
                ushort index = elf.U16(auxAt + 6);
                string version = elf.ReadString(dynstr, elf.U32(auxAt + 8));
                symbolsByIndex.TryGetValue(index, out var symbols);
                var req = new VersionRequirement(file, version, flags, index,
                    hasVersym ? (symbols ?? []) : null,
                    (long)(auxAt + 4));

                if (!req.IsWeak && shouldWeaken is not null && shouldWeaken(req))
                {
                    req = req with { Flags = (ushort)(flags | VerFlgWeak) };
                    elf.WriteU16(auxAt + 4, req.Flags); // the one and only write
                    weakened.Add(req);
                }
                requirements.Add(req);

                uint next = elf.U32(auxAt + 12);
                if (next == 0) break;
                auxAt += next;
            }

            uint nextNeed = elf.U32(needAt + 12);
            if (nextNeed == 0) break;
            needAt += nextNeed;
        }
        return new VersionNeedPatchResult(requirements, weakened);
    }

    /// <summary>
    /// Groups dynamic symbol names by their .gnu.version index, so a caller can see which symbols
    /// would be left unresolved by weakening a requirement. .gnu.version is an array of u16 parallel
    /// to .dynsym (its sh_link); bit 15 is the "hidden" bit, the rest the version index.
    /// </summary>
    static Dictionary<ushort, List<string>> SymbolsByVersionIndex(ElfImage elf)
    {
        var map = new Dictionary<ushort, List<string>>();
        var versym = elf.FirstOfType(ElfImage.ShtGnuVersym);
        if (versym is null) return map;
        var dynsym = elf.Linked(versym, ElfImage.ShtDynsym);
        var symstr = elf.Linked(dynsym, ElfImage.ShtStrtab);

        const int SymSize = 24; // Elf64_Sym: u32 st_name, u8 st_info, u8 st_other, u16 st_shndx, u64 st_value, u64 st_size
        ulong symbolCount = Math.Min(dynsym.Size / SymSize, versym.Size / 2);
        for (ulong i = 1; i < symbolCount; i++) // symbol 0 is the reserved null symbol
        {
            ushort index = (ushort)(elf.U16(versym.Offset + i * 2) & 0x7fff);
            if (index <= 1) continue; // 0 = local, 1 = global unversioned
            string name = elf.ReadString(symstr, elf.U32(dynsym.Offset + i * SymSize));
            if (!map.TryGetValue(index, out var list)) map[index] = list = [];
            list.Add(name);
        }
        return map;
    }
}
