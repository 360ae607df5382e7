using System.Buffers.Binary;
using System.Text;

namespace Nlp.Models.Native;

/// <summary>
/// A minimal, read-mostly view of an ELF64 little-endian file held in memory: the file header,
/// the section header table and null-terminated strings. Just enough to reach the symbol
/// versioning sections; it knows nothing about segments, relocations or other architectures.
/// </summary>
/// <remarks>
/// We parse by hand instead of pulling in an ELF library because we need to touch exactly one
/// 16-bit field in a 2.4 MB file (see <see cref="ElfVersionNeedPatcher"/>), and a hand-rolled
/// reader makes it obvious that nothing else in the file can change. Every read is bounds-checked
/// so that a truncated or hostile file gives an <see cref="InvalidDataException"/>, never garbage.
/// Layouts follow the System V gABI, "ELF-64 Object File Format" and the LSB symbol versioning spec.
/// </remarks>
internal sealed class ElfImage
{
    // Section types we care about (gABI + GNU extensions).
    public const uint ShtStrtab = 3;
    public const uint ShtDynsym = 11;
    public const uint ShtGnuVerdef = 0x6ffffffd;  // .gnu.version_d
    public const uint ShtGnuVerneed = 0x6ffffffe; // .gnu.version_r
    public const uint ShtGnuVersym = 0x6fffffff;  // .gnu.version

    const int ElfHeaderSize = 64;
    const int SectionHeaderSize = 64;
    const ushort ShnXindex = 0xffff; // "real index is elsewhere" escape for e_shstrndx

    public byte[] Bytes { get; }
    public IReadOnlyList<ElfSection> Sections { get; }

    ElfImage(byte[] bytes, IReadOnlyList<ElfSection> sections)
    {
        Bytes = bytes;
        Sections = sections;
    }

    /// <summary>Parses the header and section table; throws InvalidDataException with a clear reason otherwise.</summary>
    public static ElfImage Parse(byte[] bytes, string? nameForErrors = null)
    {
        string what = nameForErrors ?? "input";
        if (bytes.Length < 4 || bytes[0] != 0x7f || bytes[1] != (byte)'E' || bytes[2] != (byte)'L' || bytes[3] != (byte)'F')
            throw new InvalidDataException($"{what} is not an ELF file (missing \\x7fELF magic).");
        if (bytes.Length < ElfHeaderSize)
            throw new InvalidDataException($"{what} is truncated: ELF header needs {ElfHeaderSize} bytes, file has {bytes.Length}.");
        if (bytes[4] != 2) // EI_CLASS: ELFCLASS64
            throw new InvalidDataException($"{what} is not a 64-bit ELF file (EI_CLASS={bytes[4]}); only ELF64 is supported.");
        if (bytes[5] != 1) // EI_DATA: ELFDATA2LSB
            throw new InvalidDataException($"{what} is not little-endian (EI_DATA={bytes[5]}); only ELF64 LE is supported.");

        var span = bytes.AsSpan();
        ulong shoff = BinaryPrimitives.ReadUInt64LittleEndian(span[0x28..]);
        ushort shentsize = BinaryPrimitives.ReadUInt16LittleEndian(span[0x3A..]);
        uint shnum = BinaryPrimitives.ReadUInt16LittleEndian(span[0x3C..]);
        uint shstrndx = BinaryPrimitives.ReadUInt16LittleEndian(span[0x3E..]);

        if (shoff == 0)
            throw new InvalidDataException($"{what} has no section header table (stripped section headers are not supported).");
        if (shentsize != SectionHeaderSize)
            throw new InvalidDataException($"{what} has unexpected section header size {shentsize} (expected {SectionHeaderSize}).");

        // Files with >= 0xff00 sections keep the real counts in section 0 (gABI "extended numbering").
        if (shnum == 0 || shstrndx == ShnXindex)
        {
            var zero = ReadHeader(bytes, shoff, 0, what);
            if (shnum == 0) shnum = checked((uint)zero.Size);
            if (shstrndx == ShnXindex) shstrndx = zero.Link;
        }

        CheckRange(bytes, shoff, (ulong)shnum * SectionHeaderSize, what, "section header table");
        var raw = new RawSection[shnum];
        for (uint i = 0; i < shnum; i++) raw[i] = ReadHeader(bytes, shoff, i, what);

        if (shstrndx >= shnum)
            throw new InvalidDataException($"{what} has section name table index {shstrndx} out of range (sections: {shnum}).");
        var shstr = raw[shstrndx];
        CheckRange(bytes, shstr.Offset, shstr.Size, what, "section name table");

        var sections = new ElfSection[shnum];
        for (int i = 0; i < shnum; i++)
        {
            var r = raw[i];
            string name = ReadString(bytes, shstr.Offset, shstr.Size, r.NameOffset, what);
            sections[i] = new ElfSection(i, name, r.Type, r.Offset, r.Size, r.Link, r.Info, r.EntSize);
        }
        return new ElfImage(bytes, sections);
    }

    /// <summary>Reads a NUL-terminated string at <paramref name="index"/> inside string table section <paramref name="strtab"/>.</summary>
    public string ReadString(ElfSection strtab, uint index) =>
        ReadString(Bytes, strtab.Offset, strtab.Size, index, $"section {strtab.Name}");

    /// <summary>Returns the section referenced by another section's sh_link, validated.</summary>
    public ElfSection Linked(ElfSection from, uint expectedType)
    {
        if (from.Link >= Sections.Count)
            throw new InvalidDataException($"Section {from.Name} links to section {from.Link}, which does not exist.");
        var target = Sections[(int)from.Link];
        if (target.Type != expectedType)
            throw new InvalidDataException($"Section {from.Name} links to {target.Name} of type 0x{target.Type:x}, expected 0x{expectedType:x}.");
        return target;
    }

    public ElfSection? FirstOfType(uint type) => Sections.FirstOrDefault(s => s.Type == type);

    public ushort U16(ulong offset) { Check(offset, 2); return BinaryPrimitives.ReadUInt16LittleEndian(Bytes.AsSpan((int)offset)); }
    public uint U32(ulong offset) { Check(offset, 4); return BinaryPrimitives.ReadUInt32LittleEndian(Bytes.AsSpan((int)offset)); }

    public void WriteU16(ulong offset, ushort value)
    {
        Check(offset, 2);
        BinaryPrimitives.WriteUInt16LittleEndian(Bytes.AsSpan((int)offset), value);
    }

    /// <summary>Throws unless [offset, offset+length) lies inside <paramref name="section"/> (and so inside the file).</summary>
    public static void CheckInside(ElfSection section, ulong offset, ulong length, string what)
    {
        if (offset < section.Offset || offset + length > section.Offset + section.Size || offset + length < offset)
            throw new InvalidDataException($"{what} at file offset 0x{offset:x} runs outside section {section.Name}.");
    }

    void Check(ulong offset, ulong length) => CheckRange(Bytes, offset, length, "ELF image", "field");

    static RawSection ReadHeader(byte[] bytes, ulong shoff, uint index, string what)
    {
        ulong at = shoff + (ulong)index * SectionHeaderSize;
        CheckRange(bytes, at, SectionHeaderSize, what, $"section header {index}");
        var h = bytes.AsSpan((int)at, SectionHeaderSize);
        return new RawSection(
            NameOffset: BinaryPrimitives.ReadUInt32LittleEndian(h[0..]),
            Type: BinaryPrimitives.ReadUInt32LittleEndian(h[4..]),
            Offset: BinaryPrimitives.ReadUInt64LittleEndian(h[24..]),
            Size: BinaryPrimitives.ReadUInt64LittleEndian(h[32..]),
            Link: BinaryPrimitives.ReadUInt32LittleEndian(h[40..]),
            Info: BinaryPrimitives.ReadUInt32LittleEndian(h[44..]),
            EntSize: BinaryPrimitives.ReadUInt64LittleEndian(h[56..]));
    }

    static string ReadString(byte[] bytes, ulong tableOffset, ulong tableSize, uint index, string what)
    {
        if (index >= tableSize)
            throw new InvalidDataException($"{what}: string index {index} is outside its string table (size {tableSize}).");
        CheckRange(bytes, tableOffset, tableSize, what, "string table");
        int start = (int)(tableOffset + index);
        int end = (int)(tableOffset + tableSize);
        int nul = Array.IndexOf(bytes, (byte)0, start, end - start);
        if (nul < 0)
            throw new InvalidDataException($"{what}: string at index {index} is not NUL-terminated inside its table.");
        return Encoding.ASCII.GetString(bytes, start, nul - start);
    }

    static void CheckRange(byte[] bytes, ulong offset, ulong length, string what, string part)
    {
        if (offset > (ulong)bytes.Length || length > (ulong)bytes.Length - offset)
            throw new InvalidDataException($"{what}: {part} (offset 0x{offset:x}, {length} bytes) lies outside the file ({bytes.Length} bytes).");
    }

    readonly record struct RawSection(uint NameOffset, uint Type, ulong Offset, ulong Size, uint Link, uint Info, ulong EntSize);
}

/// <summary>One section header, with its name resolved through .shstrtab.</summary>
internal sealed record ElfSection(int Index, string Name, uint Type, ulong Offset, ulong Size, uint Link, uint Info, ulong EntSize);
