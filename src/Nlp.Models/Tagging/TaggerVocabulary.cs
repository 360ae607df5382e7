namespace Nlp.Models.Tagging;

/// <summary>
/// Word and character vocabularies built from training tokens. Id 0 is padding and id 1 is unknown in both.
/// Words are keyed lowercased with digits mapped to '0' (casing goes through <see cref="TokenCasing"/>, and
/// "1994" vs "1995" should share an embedding); characters are kept as they are, UTF-16 code units.
/// </summary>
public sealed class TaggerVocabulary
{
    public const int PaddingId = 0;
    public const int UnknownId = 1;
    const int FirstId = 2;

    readonly Dictionary<string, int> _wordIds;
    readonly Dictionary<char, int> _charIds;

    public TaggerVocabulary(IReadOnlyList<string> words, IReadOnlyList<char> chars)
    {
        Words = words;
        Chars = chars;
        _wordIds = new Dictionary<string, int>(StringComparer.Ordinal);
        for (int i = 0; i < words.Count; i++)
            if (!_wordIds.TryAdd(words[i], FirstId + i)) throw new ArgumentException($"Duplicate word \"{words[i]}\" in vocabulary.");
        _charIds = new Dictionary<char, int>();
        for (int i = 0; i < chars.Count; i++)
            if (!_charIds.TryAdd(chars[i], FirstId + i)) throw new ArgumentException($"Duplicate character U+{(int)chars[i]:X4} in vocabulary.");
    }

    /// <summary>Known word keys, in id order starting at id 2.</summary>
    public IReadOnlyList<string> Words { get; }

    /// <summary>Known characters, in id order starting at id 2.</summary>
    public IReadOnlyList<char> Chars { get; }

    public int WordIdCount => Words.Count + FirstId;
    public int CharIdCount => Chars.Count + FirstId;

    /// <summary>Builds vocabularies from token surfaces; ordering is by frequency, then first occurrence, so deterministic.</summary>
    public static TaggerVocabulary Build(IEnumerable<string> surfaces, int minWordCount, int maxWords = int.MaxValue)
    {
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        var order = new List<string>();
        var chars = new List<char>();
        var seenChars = new HashSet<char>();
        foreach (var surface in surfaces)
        {
            string key = WordKey(surface);
            if (counts.TryGetValue(key, out int n)) counts[key] = n + 1;
            else
            {
                counts[key] = 1;
                order.Add(key);
            }
            foreach (char c in surface)
                if (seenChars.Add(c)) chars.Add(c);
        }
        // Most frequent first; OrderByDescending is stable, so ties keep first-occurrence order.
        var kept = order.Where(w => counts[w] >= minWordCount).OrderByDescending(w => counts[w]).Take(maxWords).ToList();
        return new TaggerVocabulary(kept, chars);
    }

    public static string WordKey(string surface)
    {
        var chars = surface.ToLowerInvariant().ToCharArray();
        for (int i = 0; i < chars.Length; i++)
            if (char.IsDigit(chars[i])) chars[i] = '0';
        return new string(chars);
    }

    public int WordId(string surface) => _wordIds.GetValueOrDefault(WordKey(surface), UnknownId);

    public int CharId(char c) => _charIds.GetValueOrDefault(c, UnknownId);
}
