namespace Nlp.Text.Loading;

/// <summary>
/// Guesses whether bytes that are not UTF-8 hold Russian (or another Cyrillic language) in one of its two common
/// single-byte code pages, the encodings Soviet-era and post-Soviet archives were typed in. Read as Windows-1252
/// such text becomes "Ïðèêàç", a mojibake no model can read. Both code pages put the letters in 0xC0–0xFF, so
/// Cyrillic words are runs of those bytes, which Western European text (a few accented letters inside ASCII words)
/// almost never has. The two differ in where the lowercase letters are: 0xE0–0xFF in Windows-1251, 0xC0–0xDF in
/// KOI8-R; running text is mostly lowercase.
/// </summary>
internal static class CyrillicCodePages
{
    /// <summary>"windows-1251", "koi8-r", or null when the bytes do not look like Cyrillic text.</summary>
    public static string? Guess(ReadOnlySpan<byte> bytes)
    {
        int letters = 0, inWords = 0, upperHalf = 0, run = 0;
        for (int i = 0; i <= bytes.Length; i++)
        {
            bool letter = i < bytes.Length && bytes[i] >= 0xC0;
            if (letter)
            {
                letters++;
                if (bytes[i] >= 0xE0) upperHalf++;
                run++;
                continue;
            }
            if (run >= 3) inWords += run;   // a word of three letters or more, all in the Cyrillic range
            run = 0;
        }
        // At least a few words' worth, and most of those bytes inside such words.
        if (letters < 8 || inWords * 10 < letters * 7) return null;
        return upperHalf * 2 >= letters ? "windows-1251" : "koi8-r";
    }
}
