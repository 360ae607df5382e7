using System.Buffers.Binary;
using System.Text;

namespace Nlp.Models.Tests;

/// <summary>
/// Builds, in memory, the smallest ELF64 LE file the version patcher has to understand: an ELF header,
/// .dynsym + .dynstr, .gnu.version, .gnu.version_r with one Verneed on libstdc++.so.6 and one Vernaux
/// per requested version, and .shstrtab. No segments or code: ld.so would never load it, but every
/// field the patcher reads is laid out as a real linker would write it.
/// </summary>
internal static class SyntheticElf
{
    public const string LibStdCxx = "libstdc++.so.6";

    /// <param name="requirements">Versions needed from libstdc++, each with the symbols bound to it.
    /// Version indices are assigned 2, 3, ... in order (0 and 1 are reserved: local and global).</param>
    /// <param name="withVersym">False to omit .gnu.version (symbol usage then unknown).</param>
    public static byte[] Build(IReadOnlyList<(string Version, string[] Symbols)> requirements, bool withVersym = true)
    {
        // .dynstr: file name, version names, symbol names.
        var dynstr = new StringTable();
        uint fileName = dynstr.Add(LibStdCxx);
        var versionNames = requirements.Select(r => dynstr.Add(r.Version)).ToArray();
        var symbols = requirements.SelectMany((r, i) => r.Symbols.Select(s => (Name: dynstr.Add(s), Index: (ushort)(i + 2)))).ToList();

        // .dynsym: null symbol + one undefined global function per symbol (st_shndx = 0 = SHN_UNDEF).
        var dynsym = new byte[24 * (symbols.Count + 1)];
        for (int i = 0; i < symbols.Count; i++)
        {
            var s = dynsym.AsSpan(24 * (i + 1));
            BinaryPrimitives.WriteUInt32LittleEndian(s, symbols[i].Name);
            s[4] = 0x12; // STB_GLOBAL << 4 | STT_FUNC
        }

        // .gnu.version: one u16 per dynsym entry.
        var versym = new byte[2 * (symbols.Count + 1)];
        for (int i = 0; i < symbols.Count; i++)
            BinaryPrimitives.WriteUInt16LittleEndian(versym.AsSpan(2 * (i + 1)), symbols[i].Index);

        // .gnu.version_r: Verneed, then its Vernaux chain right after it.
        var verneed = new byte[16 * (1 + requirements.Count)];
        var vn = verneed.AsSpan();
        BinaryPrimitives.WriteUInt16LittleEndian(vn[0..], 1);                          // vn_version
        BinaryPrimitives.WriteUInt16LittleEndian(vn[2..], (ushort)requirements.Count);  // vn_cnt
        BinaryPrimitives.WriteUInt32LittleEndian(vn[4..], fileName);                   // vn_file
        BinaryPrimitives.WriteUInt32LittleEndian(vn[8..], 16);                         // vn_aux
        BinaryPrimitives.WriteUInt32LittleEndian(vn[12..], 0);                         // vn_next: last
        for (int i = 0; i < requirements.Count; i++)
        {
            var a = verneed.AsSpan(16 * (i + 1));
            BinaryPrimitives.WriteUInt32LittleEndian(a[0..], ElfHash(requirements[i].Version)); // vna_hash
            BinaryPrimitives.WriteUInt16LittleEndian(a[4..], 0);                              // vna_flags
            BinaryPrimitives.WriteUInt16LittleEndian(a[6..], (ushort)(i + 2));                // vna_other
            BinaryPrimitives.WriteUInt32LittleEndian(a[8..], versionNames[i]);                // vna_name
            BinaryPrimitives.WriteUInt32LittleEndian(a[12..], i == requirements.Count - 1 ? 0u : 16u); // vna_next
        }

        var shstr = new StringTable();
        var sections = new List<(uint Name, uint Type, byte[] Data, uint Link, uint Info, ulong EntSize)>
        {
            (0, 0, [], 0, 0, 0),                                                     // [0] SHT_NULL
            (shstr.Add(".dynsym"), 11, dynsym, 2, 1, 24),                             // [1] links .dynstr
            (shstr.Add(".dynstr"), 3, dynstr.Bytes, 0, 0, 0),                         // [2]
            (shstr.Add(".gnu.version_r"), 0x6ffffffe, verneed, 2, 1, 0),              // [3] links .dynstr, 1 Verneed
        };
        if (withVersym)
            sections.Add((shstr.Add(".gnu.version"), 0x6fffffff, versym, 1, 0, 2)); // links .dynsym
        uint shstrName = shstr.Add(".shstrtab");
        sections.Add((shstrName, 3, shstr.Bytes, 0, 0, 0));

        // Layout: header | section data (8-aligned) | section header table.
        var file = new MemoryStream();
        file.Write(new byte[64]);
        var offsets = new ulong[sections.Count];
        for (int i = 1; i < sections.Count; i++)
        {
            while (file.Length % 8 != 0) file.WriteByte(0);
            offsets[i] = (ulong)file.Length;
            file.Write(sections[i].Data);
        }
        while (file.Length % 8 != 0) file.WriteByte(0);
        ulong shoff = (ulong)file.Length;
        for (int i = 0; i < sections.Count; i++)
        {
            var h = new byte[64];
            var (name, type, data, link, info, entsize) = sections[i];
            BinaryPrimitives.WriteUInt32LittleEndian(h.AsSpan(0), name);
            BinaryPrimitives.WriteUInt32LittleEndian(h.AsSpan(4), type);
            BinaryPrimitives.WriteUInt64LittleEndian(h.AsSpan(8), type == 0 ? 0ul : 2ul); // SHF_ALLOC
            BinaryPrimitives.WriteUInt64LittleEndian(h.AsSpan(24), offsets[i]);
            BinaryPrimitives.WriteUInt64LittleEndian(h.AsSpan(32), (ulong)data.Length);
            BinaryPrimitives.WriteUInt32LittleEndian(h.AsSpan(40), link);
            BinaryPrimitives.WriteUInt32LittleEndian(h.AsSpan(44), info);
            BinaryPrimitives.WriteUInt64LittleEndian(h.AsSpan(48), type == 0 ? 0ul : 8ul);
            BinaryPrimitives.WriteUInt64LittleEndian(h.AsSpan(56), entsize);
            file.Write(h);
        }

        var bytes = file.ToArray();
        var eh = bytes.AsSpan();
        "\x7f"u8.CopyTo(eh); "ELF"u8.CopyTo(eh[1..]);
        eh[4] = 2; eh[5] = 1; eh[6] = 1;                                  // ELFCLASS64, ELFDATA2LSB, EV_CURRENT
        BinaryPrimitives.WriteUInt16LittleEndian(eh[0x10..], 3);           // e_type = ET_DYN
        BinaryPrimitives.WriteUInt16LittleEndian(eh[0x12..], 62);          // e_machine = EM_X86_64
        BinaryPrimitives.WriteUInt32LittleEndian(eh[0x14..], 1);           // e_version
        BinaryPrimitives.WriteUInt64LittleEndian(eh[0x28..], shoff);       // e_shoff
        BinaryPrimitives.WriteUInt16LittleEndian(eh[0x34..], 64);          // e_ehsize
        BinaryPrimitives.WriteUInt16LittleEndian(eh[0x3A..], 64);          // e_shentsize
        BinaryPrimitives.WriteUInt16LittleEndian(eh[0x3C..], (ushort)sections.Count); // e_shnum
        BinaryPrimitives.WriteUInt16LittleEndian(eh[0x3E..], (ushort)(sections.Count - 1)); // e_shstrndx
        return bytes;
    }

    /// <summary>The SysV ELF hash, as stored in vna_hash.</summary>
    static uint ElfHash(string name)
    {
        uint h = 0;
        foreach (byte c in Encoding.ASCII.GetBytes(name))
        {
            h = (h << 4) + c;
            uint g = h & 0xf0000000;
            if (g != 0) h ^= g >> 24;
            h &= ~g;
        }
        return h;
    }

    sealed class StringTable
    {
        readonly MemoryStream _data = new();
        public StringTable() => _data.WriteByte(0); // index 0 is the empty string
        public byte[] Bytes => _data.ToArray();
        public uint Add(string s)
        {
            uint at = (uint)_data.Position;
            _data.Write(Encoding.ASCII.GetBytes(s));
            _data.WriteByte(0);
            return at;
        }
    }
}
