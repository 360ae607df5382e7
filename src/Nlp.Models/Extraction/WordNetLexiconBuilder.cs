namespace Nlp.Models.Extraction;

/// <summary>
/// Builds a <see cref="Lexicon"/> from a WordNet 3.0 database folder (Debian's <c>wordnet-base</c>:
/// /usr/share/wordnet): single-word noun, verb and adjective lemmas; the supersense of each word's first noun and
/// verb sense; for a noun, the verb it is derivationally related to; and two levels of hypernyms of the first
/// sense. Used only when training; the result ships with the model.
/// </summary>
public static class WordNetLexiconBuilder
{
    public const string DefaultPath = "/usr/share/wordnet";

    public static string? Locate(string? path = null)
    {
        // A folder given explicitly is the only one tried: a typo must not silently fall back to another WordNet.
        var candidates = path is not null ? [path] : new[] { Environment.GetEnvironmentVariable("WNSEARCHDIR"), DefaultPath };
        foreach (var p in candidates)
            if (!string.IsNullOrEmpty(p) && File.Exists(Path.Combine(p, "index.verb"))) return p;
        return null;
    }

    private sealed record Synset(int LexFile, string[] Words, List<(char Symbol, string Target, int Source, int TargetWord)> Pointers);

    /// <summary>The database files <see cref="Build"/> reads (the exception lists when present).</summary>
    public static readonly string[] SourceFiles = ["data.noun", "data.verb", "index.noun", "index.verb", "index.adj", "verb.exc", "noun.exc"];

    public static Lexicon Build(string directory)
    {
        var nounSyn = ReadData(Path.Combine(directory, "data.noun"));
        var verbSyn = ReadData(Path.Combine(directory, "data.verb"));
        var nounIdx = ReadIndex(Path.Combine(directory, "index.noun"));
        var verbIdx = ReadIndex(Path.Combine(directory, "index.verb"));
        var adjIdx = ReadIndex(Path.Combine(directory, "index.adj"));

        var words = new SortedSet<string>(nounIdx.Keys.Concat(verbIdx.Keys).Concat(adjIdx.Keys), StringComparer.Ordinal);
        var entries = new Dictionary<string, LexicalInfo>(StringComparer.Ordinal);
        foreach (var word in words)
        {
            int nounClass = nounIdx.TryGetValue(word, out var ns) ? nounSyn[ns[0]].LexFile : -1;
            int verbClass = verbIdx.TryGetValue(word, out var vs) ? verbSyn[vs[0]].LexFile : -1;
            string root = word;
            if (verbClass < 0 && ns is not null) root = DerivedVerb(word, ns, nounSyn, verbSyn) ?? word;
            var hypernyms = new List<string>();
            if (vs is not null) AddHypernyms("v", vs[0], verbSyn, hypernyms);
            // Noun hypernyms only for nouns of acts, events, people and groups: the classes triggers and
            // participants come from; the rest would only make the shipped file bigger.
            if (ns is not null && nounClass is LexicalInfo.NounAct or LexicalInfo.NounEvent or LexicalInfo.NounPerson or LexicalInfo.NounGroup)
                AddHypernyms("n", ns[0], nounSyn, hypernyms);
            entries[word] = new LexicalInfo(word, nounClass, verbClass, adjIdx.ContainsKey(word), root, hypernyms);
        }
        var exceptions = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var name in new[] { "verb.exc", "noun.exc" })
        {
            var path = Path.Combine(directory, name);
            if (!File.Exists(path)) continue;
            foreach (var line in File.ReadLines(path))
            {
                var p = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
                if (p.Length >= 2 && IsSimple(p[0]) && entries.ContainsKey(p[1])) exceptions.TryAdd(p[0], p[1]);
            }
        }
        return new Lexicon(entries, exceptions);
    }

    private static string? DerivedVerb(string word, string[] nounSenses, Dictionary<string, Synset> nounSyn, Dictionary<string, Synset> verbSyn)
    {
        foreach (var offset in nounSenses)
        {
            var s = nounSyn[offset];
            int wordNo = Array.IndexOf(s.Words, word) + 1;
            foreach (var (symbol, target, source, targetWord) in s.Pointers)
            {
                if (symbol != '+' || !target.StartsWith('v') || source != wordNo) continue;
                if (verbSyn.TryGetValue(target[1..], out var v) && targetWord >= 1 && targetWord <= v.Words.Length && IsSimple(v.Words[targetWord - 1]))
                    return v.Words[targetWord - 1];
            }
        }
        return null;
    }

    private static void AddHypernyms(string pos, string offset, Dictionary<string, Synset> synsets, List<string> into)
    {
        var current = offset;
        for (int level = 0; level < 2; level++)
        {
            var hyper = synsets[current].Pointers.FirstOrDefault(p => p.Symbol == '@');
            if (hyper.Target is null) return;
            current = hyper.Target[1..];
            into.Add(pos + current.TrimStart('0'));
        }
    }

    private static bool IsSimple(string w) => w.Length > 1 && w.All(c => char.IsAsciiLetterLower(c) || c == '-');

    private static Dictionary<string, string[]> ReadIndex(string path)
    {
        var result = new Dictionary<string, string[]>(StringComparer.Ordinal);
        foreach (var line in File.ReadLines(path))
        {
            if (line.StartsWith(' ')) continue; // licence header
            var p = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (!IsSimple(p[0])) continue;
            int synsetCount = int.Parse(p[2]);
            result[p[0]] = p[^synsetCount..];
        }
        return result;
    }

    private static Dictionary<string, Synset> ReadData(string path)
    {
        var result = new Dictionary<string, Synset>(StringComparer.Ordinal);
        foreach (var line in File.ReadLines(path))
        {
            if (line.StartsWith(' ')) continue;
            int bar = line.IndexOf(" | ", StringComparison.Ordinal);
            var p = (bar >= 0 ? line[..bar] : line).Split(' ', StringSplitOptions.RemoveEmptyEntries);
            int lexFile = int.Parse(p[1]);
            int wordCount = Convert.ToInt32(p[3], 16);
            var words = new string[wordCount];
            for (int i = 0; i < wordCount; i++)
            {
                var w = p[4 + 2 * i].ToLowerInvariant();
                int paren = w.IndexOf('(');
                words[i] = paren >= 0 ? w[..paren] : w;
            }
            int k = 4 + 2 * wordCount;
            int pointerCount = int.Parse(p[k++]);
            var pointers = new List<(char, string, int, int)>(pointerCount);
            for (int i = 0; i < pointerCount; i++, k += 4)
            {
                string symbol = p[k], target = p[k + 1], pos = p[k + 2], st = p[k + 3];
                char posChar = pos[0] == 's' ? 'a' : pos[0];
                pointers.Add((symbol[0] == '@' ? '@' : symbol == "+" ? '+' : '-', posChar + target,
                    Convert.ToInt32(st[..2], 16), Convert.ToInt32(st[2..], 16)));
            }
            result[p[0]] = new Synset(lexFile, words, pointers);
        }
        return result;
    }
}
