using System.Collections.Concurrent;
using System.IO.Compression;
using System.Text;

namespace Nlp.Models.MaxEnt;

/// <summary>
/// A word lexicon derived from WordNet by <see cref="WordNetLexiconBuilder"/> at training time and shipped with a
/// model (gzip'd TSV), so that prediction needs no WordNet installation. <see cref="Analyze"/> lemmatizes like
/// WordNet's morphy: exception lists first, then suffix rules checked against the known lemmas.
/// </summary>
public sealed class Lexicon
{
    public const string FileName = "lexicon.tsv.gz";

    private readonly Dictionary<string, LexicalInfo> _entries;
    private readonly Dictionary<string, string> _exceptions;
    // Concurrent: one lexicon serves the pipelines of all workers (SharedModelFile).
    private readonly ConcurrentDictionary<string, LexicalInfo> _cache = new(StringComparer.Ordinal);

    public Lexicon(Dictionary<string, LexicalInfo> entries, Dictionary<string, string> exceptions)
    {
        _entries = entries;
        _exceptions = exceptions;
    }

    public static readonly Lexicon Empty = new(new(), new());

    public int Count => _entries.Count;

    private static readonly (string Suffix, string Replacement)[] VerbRules =
        [("ies", "y"), ("es", "e"), ("es", ""), ("ed", "e"), ("ed", ""), ("ing", "e"), ("ing", ""), ("s", "")];
    private static readonly (string Suffix, string Replacement)[] NounRules =
        [("ses", "s"), ("xes", "x"), ("zes", "z"), ("ches", "ch"), ("shes", "sh"), ("men", "man"), ("ies", "y"), ("s", "")];

    /// <summary>
    /// An irregular inflection of a verb that is not itself a noun ("made", "sent", "fled"; not "left", which
    /// WordNet also has as a noun): read as a verb wherever it stands.
    /// </summary>
    public bool IsIrregularVerbForm(string word)
    {
        var lower = word.ToLowerInvariant();
        return _exceptions.TryGetValue(lower, out var baseForm) && baseForm != lower
            && _entries.TryGetValue(baseForm, out var b) && b.IsVerb
            && !(_entries.TryGetValue(lower, out var exact) && exact.IsNoun);
    }

    public LexicalInfo Analyze(string word)
    {
        var lower = word.ToLowerInvariant();
        if (_cache.TryGetValue(lower, out var cached)) return cached;
        var info = Compute(lower);
        _cache[lower] = info;
        return info;
    }

    private LexicalInfo Compute(string lower)
    {
        if (_exceptions.TryGetValue(lower, out var baseForm) && _entries.TryGetValue(baseForm, out var exc)) return exc;
        _entries.TryGetValue(lower, out var exact);
        // An inflected verb ("deported", "arrests") is analysed as its verb even when WordNet lists the form
        // itself as an adjective or noun, because event triggers are mostly verbs.
        foreach (var (suffix, replacement) in VerbRules)
        {
            if (lower.Length <= suffix.Length + 2 || !lower.EndsWith(suffix, StringComparison.Ordinal)) continue;
            var candidate = lower[..^suffix.Length] + replacement;
            if (_entries.TryGetValue(candidate, out var v) && v.IsVerb && (exact is null || !exact.IsVerb))
                return v with { Lemma = candidate };
        }
        if (exact is not null && (exact.IsNoun || exact.IsVerb)) return exact;
        foreach (var (suffix, replacement) in NounRules)
        {
            if (lower.Length <= suffix.Length + 1 || !lower.EndsWith(suffix, StringComparison.Ordinal)) continue;
            var candidate = lower[..^suffix.Length] + replacement;
            if (_entries.TryGetValue(candidate, out var n) && n.IsNoun) return n;
        }
        return exact ?? LexicalInfo.Unknown(lower);
    }

    public void Save(string path)
    {
        using var file = File.Create(path);
        using var gz = new GZipStream(file, CompressionLevel.SmallestSize);
        using var w = new StreamWriter(gz, new UTF8Encoding(false));
        foreach (var (form, lemma) in _exceptions.OrderBy(p => p.Key, StringComparer.Ordinal)) w.WriteLine($"=\t{form}\t{lemma}");
        foreach (var (word, e) in _entries.OrderBy(p => p.Key, StringComparer.Ordinal))
            w.WriteLine($"{word}\t{e.NounClass}\t{e.VerbClass}\t{(e.IsAdjective ? 1 : 0)}\t{(e.Root == word ? "" : e.Root)}\t{string.Join(',', e.Hypernyms)}");
    }

    public static Lexicon Load(string path)
    {
        var entries = new Dictionary<string, LexicalInfo>(StringComparer.Ordinal);
        var exceptions = new Dictionary<string, string>(StringComparer.Ordinal);
        using var file = File.OpenRead(path);
        using var gz = new GZipStream(file, CompressionMode.Decompress);
        using var r = new StreamReader(gz, Encoding.UTF8);
        string? line;
        int lineNo = 0;
        while ((line = r.ReadLine()) is not null)
        {
            lineNo++;
            var p = line.Split('\t');
            if (p[0] == "=" && p.Length == 3) { exceptions[p[1]] = p[2]; continue; }
            if (p.Length != 6 || !int.TryParse(p[1], out int n) || !int.TryParse(p[2], out int v))
                throw new InvalidDataException($"{path}: line {lineNo}: expected 6 tab-separated fields");
            entries[p[0]] = new LexicalInfo(p[0], n, v, p[3] == "1", p[4].Length == 0 ? p[0] : p[4],
                p[5].Length == 0 ? [] : p[5].Split(','));
        }
        return new Lexicon(entries, exceptions);
    }
}
