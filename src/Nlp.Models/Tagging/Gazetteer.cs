using System.IO.Compression;
using System.Text;

namespace Nlp.Models.Tagging;

/// <summary>
/// Name lists the tagger reads as features: phrases (lowercased tokens joined by single spaces) with the
/// classes of lists they occur in (first names, WordNet proper nouns of people, places, groups, countries,
/// subdivisions, …). A few thousand labelled sentences cannot teach that "Greenville" is a town and "Codelco" a
/// company; a list can, and it generalizes to names the training data never showed. Built once by
/// <see cref="GazetteerBuilder"/> and shipped inside the model folder, so nothing is looked up at run time.
/// </summary>
public sealed class Gazetteer
{
    public const string FileName = "gazetteer.tsv.gz";
    /// <summary>Longest phrase matched, in tokens ("Democratic Republic of the Congo").</summary>
    public const int MaxPhraseTokens = 6;
    const string ClassesHeader = "# classes\t";

    readonly Dictionary<string, int> _phrases;

    public Gazetteer(IReadOnlyList<string> classes, IReadOnlyDictionary<string, int> phrases)
    {
        if (classes.Count is 0 or > 30) throw new ArgumentException("A gazetteer needs 1 to 30 classes.", nameof(classes));
        Classes = classes;
        _phrases = new Dictionary<string, int>(phrases, StringComparer.Ordinal);
    }

    public IReadOnlyList<string> Classes { get; }
    public int PhraseCount => _phrases.Count;

    /// <summary>Two features per class: the token begins a phrase of the class, or continues one.</summary>
    public int FeatureCount => 2 * Classes.Count;

    /// <summary>Class bit mask of a phrase (0 when it is in no list).</summary>
    public int ClassesOf(string phrase) => _phrases.GetValueOrDefault(phrase);

    /// <summary>
    /// Writes the features of a sentence's tokens into <paramref name="into"/>: token t's features start at
    /// <c>offset + t * stride</c>. A phrase matches when its first token is capitalized (a list of names says
    /// nothing about "turkey" or "may"); every phrase of every length up to <see cref="MaxPhraseTokens"/>
    /// counts, so nested and overlapping names all show.
    /// </summary>
    public void Features(IReadOnlyList<string> surfaces, float[] into, int offset, int stride)
    {
        var keys = new string[surfaces.Count];
        for (int i = 0; i < keys.Length; i++) keys[i] = surfaces[i].ToLowerInvariant();
        var phrase = new StringBuilder();
        for (int first = 0; first < keys.Length; first++)
        {
            if (surfaces[first].Length == 0 || !char.IsUpper(surfaces[first][0])) continue;
            phrase.Clear();
            for (int last = first; last < keys.Length && last - first < MaxPhraseTokens; last++)
            {
                if (last > first) phrase.Append(' ');
                phrase.Append(keys[last]);
                if (!_phrases.TryGetValue(phrase.ToString(), out int mask)) continue;
                for (int c = 0; c < Classes.Count; c++)
                {
                    if ((mask & (1 << c)) == 0) continue;
                    into[offset + first * stride + 2 * c] = 1;
                    for (int t = first + 1; t <= last; t++) into[offset + t * stride + 2 * c + 1] = 1;
                }
            }
        }
    }

    /// <summary>Gzipped lines "phrase TAB mask" after a header naming the classes, sorted, so a rebuild from the same sources is byte-identical.</summary>
    public void Save(string path)
    {
        using var file = File.Create(path);
        using var gzip = new GZipStream(file, CompressionLevel.SmallestSize);
        using var writer = new StreamWriter(gzip, new UTF8Encoding(false)) { NewLine = "\n" };
        writer.WriteLine(ClassesHeader + string.Join('\t', Classes));
        foreach (var (phrase, mask) in _phrases.OrderBy(p => p.Key, StringComparer.Ordinal))
            writer.WriteLine($"{phrase}\t{mask}");
    }

    public static Gazetteer Load(string path)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"{path}: gazetteer file not found", path);
        using var gzip = new GZipStream(File.OpenRead(path), CompressionMode.Decompress);
        using var reader = new StreamReader(gzip, Encoding.UTF8);
        var header = reader.ReadLine();
        if (header is null || !header.StartsWith(ClassesHeader, StringComparison.Ordinal))
            throw new InvalidDataException($"{path}:1: not a gazetteer (the first line must be \"{ClassesHeader.TrimEnd('\t')}\" and the class names)");
        var classes = header[ClassesHeader.Length..].Split('\t');
        var phrases = new Dictionary<string, int>(StringComparer.Ordinal);
        int lineNumber = 1;
        for (string? line; (line = reader.ReadLine()) is not null;)
        {
            lineNumber++;
            int tab = line.LastIndexOf('\t');
            if (tab <= 0 || !int.TryParse(line.AsSpan(tab + 1), out int mask) || mask <= 0 || mask >= 1 << classes.Length)
                throw new InvalidDataException($"{path}:{lineNumber}: expected \"phrase<TAB>class mask\", got \"{line}\"");
            phrases[line[..tab]] = mask;
        }
        return new Gazetteer(classes, phrases);
    }
}
