using System.Text;
using System.Text.RegularExpressions;
using Nlp.Core.Model;

namespace Nlp.Corpora.Annotation;

/// <summary>
/// Finds the occurrences of a span as an annotator writes it ("Maclean", "Soviet Central Asia") in
/// original, PDF-extracted text: white space matches any run of white space and line breaks, a word may
/// be split by line-break hyphenation ("Mac-\n\nlean"), straight quotes match curly ones, and a match
/// must stand on word boundaries (a glued word boundary like "andYuri" counts).
/// </summary>
public sealed class SpanPattern
{
    private static readonly Dictionary<string, SpanPattern> Cache = new();
    private readonly Regex _regex;

    private SpanPattern(string written)
    {
        Written = written;
        _regex = new Regex(Build(written), RegexOptions.CultureInvariant);
    }

    public string Written { get; }

    public static SpanPattern Of(string written)
    {
        lock (Cache)
        {
            if (!Cache.TryGetValue(written, out var p)) Cache[written] = p = new SpanPattern(written);
            return p;
        }
    }

    public IReadOnlyList<Span> FindAll(string text) =>
        _regex.Matches(text).Select(m => new Span(m.Index, m.Index + m.Length)).ToList();

    private static string Build(string written)
    {
        // PDF extractions store accents either composed ("é") or as a letter plus a combining mark;
        // the pattern is composed first, and each accented letter then matches both forms.
        written = written.Normalize(NormalizationForm.FormC);
        var sb = new StringBuilder();
        char first = written[0], last = written[^1];
        if (char.IsLetter(first)) sb.Append(@"(?:(?<!\p{L})|(?<=\p{Ll})(?=\p{Lu}))");
        else if (char.IsDigit(first)) sb.Append(@"(?<![\p{N}])");

        for (int i = 0; i < written.Length; i++)
        {
            char c = written[i];
            if (char.IsWhiteSpace(c))
            {
                while (i + 1 < written.Length && char.IsWhiteSpace(written[i + 1])) i++;
                sb.Append(@"\s+");
                continue;
            }
            sb.Append(c switch
            {
                '\'' or '’' or '‘' => "['’‘]",
                '"' or '“' or '”' => "[\"“”]",
                '-' => @"-\s*",
                _ when c.ToString().Normalize(NormalizationForm.FormD) is { Length: > 1 } decomposed =>
                    $"(?:{Regex.Escape(c.ToString())}|{Regex.Escape(decomposed)})",
                _ => Regex.Escape(c.ToString()),
            });
            // A line-break hyphen may split any word of the original.
            if (char.IsLetter(c) && i + 1 < written.Length && char.IsLetter(written[i + 1]))
                sb.Append(@"(?:-[ \t]*\r?\n\s*)?");
        }

        // A letter may be followed by a glued footnote number, or by a capital of a glued next word.
        if (char.IsLetter(last)) sb.Append(@"(?:(?!\p{L})|(?<=\p{Ll})(?=\p{Lu}))");
        else if (char.IsDigit(last)) sb.Append(@"(?![\p{N}])");
        return sb.ToString();
    }
}
