using System.Text;

namespace Nlp.Text.Loading;

/// <summary>
/// Encodings by name, and decoders that count what they could not decode instead of substituting silently. Legacy
/// code pages (Windows-1252, KOI8-R, CP1251…) come from System.Text.Encoding.CodePages, which is part of the .NET
/// shared framework; its provider is asked directly, so nothing is registered globally.
/// </summary>
public static class Encodings
{
    /// <summary>True when <paramref name="name"/> names an encoding the loader can read ("utf-8", "windows-1251", "koi8-r"…).</summary>
    public static bool IsKnown(string name) => Strict(name) is not null;

    internal static Encoding? Strict(string name) => Get(name, DecoderFallback.ExceptionFallback);

    /// <summary>
    /// The encoding with every undecodable byte sequence replaced by <paramref name="fallback"/>'s characters
    /// (so the caller learns how many there were).
    /// </summary>
    internal static Encoding? Counting(string name, CountingFallback fallback) => Get(name, fallback);

    private static Encoding? Get(string name, DecoderFallback fallback)
    {
        try
        {
            return Encoding.GetEncoding(name, EncoderFallback.ExceptionFallback, fallback);
        }
        catch (ArgumentException)
        {
            return CodePagesEncodingProvider.Instance.GetEncoding(name, EncoderFallback.ExceptionFallback, fallback);
        }
    }

    /// <summary>
    /// Windows-1252, byte by byte. Five byte values (0x81, 0x8D, 0x8F, 0x90, 0x9D) have no character in it — .NET
    /// maps them to C1 controls — so they become U+FFFD here and are counted as replaced.
    /// </summary>
    internal static readonly char[] Windows1252 = BuildWindows1252();

    private static char[] BuildWindows1252()
    {
        var all = new byte[256];
        for (int i = 0; i < 256; i++) all[i] = (byte)i;
        var table = CodePagesEncodingProvider.Instance.GetEncoding(1252)!.GetString(all).ToCharArray();
        foreach (int undefined in (int[])[0x81, 0x8D, 0x8F, 0x90, 0x9D]) table[undefined] = '\uFFFD';
        return table;
    }
}

/// <summary>
/// A decoder fallback that turns each byte it is given into one character (U+FFFD, or the byte's Windows-1252
/// character for UTF-8 text with a few stray legacy bytes) and counts them, with the position of the first.
/// One instance per decoding: it keeps state.
/// </summary>
internal sealed class CountingFallback(bool asWindows1252) : DecoderFallback
{
    public bool AsWindows1252 { get; } = asWindows1252;
    // Encoding.GetString asks the fallback twice for each bad sequence (counting characters, then decoding): the
    // sequences are keyed by their position so that each is counted once.
    private readonly Dictionary<int, int> _lengthAt = [];

    public int Count => _lengthAt.Values.Sum();
    public int FirstIndex => _lengthAt.Count == 0 ? -1 : _lengthAt.Keys.Min();

    public override int MaxCharCount => 4;

    public override DecoderFallbackBuffer CreateFallbackBuffer() => new Buffer(this);

    private sealed class Buffer(CountingFallback owner) : DecoderFallbackBuffer
    {
        private string _pending = "";
        private int _next;

        public override bool Fallback(byte[] bytesUnknown, int index)
        {
            owner._lengthAt[index] = bytesUnknown.Length;
            _pending = owner.AsWindows1252
                ? new string(bytesUnknown.Select(b => Encodings.Windows1252[b]).ToArray())
                : new string('\uFFFD', bytesUnknown.Length); // one per byte: the count of replaced bytes is visible in the text
            _next = 0;
            return true;
        }

        public override char GetNextChar() => _next < _pending.Length ? _pending[_next++] : '\0';

        public override bool MovePrevious()
        {
            if (_next == 0) return false;
            _next--;
            return true;
        }

        public override int Remaining => _pending.Length - _next;

        public override void Reset()
        {
            _pending = "";
            _next = 0;
        }
    }
}
