using System.Text.RegularExpressions;

namespace Nlp.Corpora.Annotation;

/// <summary>
/// Cuts a document into passages of one or a few paragraphs, deterministically, so that annotation
/// files can name passages by id. A cut is made only after a line that ends a sentence and is followed
/// by a blank line (or is itself a long unwrapped paragraph); chunks are packed up to a target size, and a
/// single paragraph far longer than that is cut at sentence ends. Passage text is never changed.
/// </summary>
public static partial class PassageSplitter
{
    public const int TargetChars = 1800;
    public const int MaxChars = 3200;
    public const int MinChars = 400;

    public static IReadOnlyList<Passage> Split(string source, string text)
    {
        var chunks = new List<(int Start, int End)>();
        int chunkStart = SkipWhite(text, 0);
        foreach (int cut in ParagraphCuts(text))
        {
            if (cut <= chunkStart) continue;
            chunks.Add((chunkStart, TrimEnd(text, cut)));
            chunkStart = SkipWhite(text, cut);
        }
        if (chunkStart < text.Length && TrimEnd(text, text.Length) > chunkStart)
            chunks.Add((chunkStart, TrimEnd(text, text.Length)));

        var pieces = chunks.SelectMany(c => c.End - c.Start > MaxChars ? CutLongParagraph(text, c.Start, c.End) : [c]).ToList();

        var packed = new List<(int Start, int End)>();
        int i = 0;
        while (i < pieces.Count)
        {
            int start = pieces[i].Start, end = pieces[i].End;
            i++;
            while (i < pieces.Count && end - start < TargetChars && pieces[i].End - start <= MaxChars)
            {
                end = pieces[i].End;
                i++;
            }
            // A scrap (a trailing line, a last footnote) joins the passage before it rather than stand alone.
            if (end - start < MinChars && packed.Count > 0) packed[^1] = (packed[^1].Start, end);
            else packed.Add((start, end));
        }
        return packed.Select((p, k) => new Passage($"{source}-{k + 1:D3}", source, k, p.Start, text[p.Start..p.End])).ToList();
    }

    // Positions just after a line break that closes a paragraph.
    private static IEnumerable<int> ParagraphCuts(string text)
    {
        int lineStart = 0;
        for (int i = 0; i < text.Length; i++)
        {
            if (text[i] != '\n') continue;
            var line = text.AsSpan(lineStart, i - lineStart).TrimEnd();
            bool endsSentence = line.Length > 0 && SentenceEnd().IsMatch(line.ToString());
            bool blankFollows = NextLineIsBlank(text, i + 1);
            if (endsSentence && (blankFollows || line.Length > 300)) yield return i + 1;
            lineStart = i + 1;
        }
    }

    private static IEnumerable<(int Start, int End)> CutLongParagraph(string text, int start, int end)
    {
        int pieceStart = start;
        foreach (Match m in SentenceBoundary().Matches(text[..end], start))
        {
            int cut = m.Index + m.Length - 1; // the start of the next sentence's first letter
            if (cut - pieceStart >= TargetChars && end - cut >= TargetChars / 2)
            {
                yield return (pieceStart, TrimEnd(text, cut));
                pieceStart = cut;
            }
        }
        yield return (pieceStart, end);
    }

    private static bool NextLineIsBlank(string text, int from)
    {
        for (int j = from; j < text.Length; j++)
        {
            if (text[j] == '\n') return true;
            if (!char.IsWhiteSpace(text[j])) return false;
        }
        return true;
    }

    private static int SkipWhite(string text, int i)
    {
        while (i < text.Length && char.IsWhiteSpace(text[i])) i++;
        return i;
    }

    private static int TrimEnd(string text, int end)
    {
        while (end > 0 && char.IsWhiteSpace(text[end - 1])) end--;
        return end;
    }

    // A line ending in . ? ! or : , optionally followed by closing quotes/brackets and a footnote number.
    [GeneratedRegex(@"[.?!:][”’""')\]]*\d{0,3}$")]
    private static partial Regex SentenceEnd();

    // ". The" style boundary: a lowercase word of 3+ letters (not an abbreviation or initial), end mark, space, capital.
    [GeneratedRegex(@"\p{Ll}{3,}[.?!][”’""]?\s+\p{Lu}")]
    private static partial Regex SentenceBoundary();
}
