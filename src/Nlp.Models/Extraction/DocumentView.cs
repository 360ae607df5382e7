using Nlp.Core.Model;

namespace Nlp.Models.Extraction;

/// <summary>
/// Token-level indexes over a segmented document that the feature extractors share: token texts, each token's
/// sentence, the entity covering each token, and each entity's token range.
/// </summary>
public sealed class DocumentView
{
    public DocumentView(Document document)
    {
        Document = document;
        if (document.Tokens is not { } tokens || document.Sentences is not { } sentences)
            throw new InvalidOperationException($"document {document.Id}: tokens and sentences are required (run the segment stage first)");
        Tokens = tokens;
        Words = tokens.Select(t => JoinLineBreakHyphen(document.TextOf(t))).ToArray();
        SentenceOf = new int[tokens.Length];
        SentenceTokens = new (int First, int End)[sentences.Length];
        int s = 0;
        for (int s2 = 0; s2 < sentences.Length; s2++) SentenceTokens[s2] = (-1, -1);
        for (int t = 0; t < tokens.Length; t++)
        {
            while (s + 1 < sentences.Length && tokens[t].Start >= sentences[s + 1].Start) s++;
            SentenceOf[t] = s;
            if (SentenceTokens[s].First < 0) SentenceTokens[s] = (t, t + 1); else SentenceTokens[s] = (SentenceTokens[s].First, t + 1);
        }
        for (int s2 = 0; s2 < sentences.Length; s2++)
            if (SentenceTokens[s2].First < 0) SentenceTokens[s2] = (0, 0);

        EntityAt = Enumerable.Repeat(-1, tokens.Length).ToArray();
        Entities = document.Entities.OrderBy(e => e.Span).ToArray();
        EntityTokens = new (int First, int End)[Entities.Length];
        for (int e = 0; e < Entities.Length; e++)
        {
            var (first, end) = TokenRange(Entities[e].Span);
            EntityTokens[e] = (first, end);
            for (int t = first; t < end; t++) if (EntityAt[t] < 0) EntityAt[t] = e;
        }
    }

    /// <summary>
    /// "relo-\ncated" → "relocated": a word hyphenated across a line break (PDF text) is analysed as one word.
    /// Offsets are untouched; only the features see the joined form.
    /// </summary>
    public static string JoinLineBreakHyphen(string word)
    {
        if (word.Length < 3 || (word.IndexOf('\n') < 0 && word.IndexOf(' ') < 0)) return word;
        var joined = System.Text.RegularExpressions.Regex.Replace(word, @"(?<=\p{L})-\s+(?=\p{Ll})", "");
        return joined.Replace("\r", "").Replace("\n", " ");
    }

    public Document Document { get; }
    public IReadOnlyList<Span> Tokens { get; }
    public string[] Words { get; }
    public int[] SentenceOf { get; }
    public (int First, int End)[] SentenceTokens { get; }
    public Entity[] Entities { get; }
    public (int First, int End)[] EntityTokens { get; }
    /// <summary>The entity (index into <see cref="Entities"/>) covering each token, or -1.</summary>
    public int[] EntityAt { get; }

    public string Word(int t) => t >= 0 && t < Words.Length ? Words[t] : t < 0 ? "<s>" : "</s>";

    /// <summary>The tokens overlapping a span: [First, End); empty (End == First) when none does.</summary>
    public (int First, int End) TokenRange(Span span)
    {
        int lo = 0, hi = Tokens.Count;
        while (lo < hi) { int mid = (lo + hi) / 2; if (Tokens[mid].End <= span.Start) lo = mid + 1; else hi = mid; }
        int first = lo, end = lo;
        while (end < Tokens.Count && Tokens[end].Start < span.End) end++;
        return (first, end);
    }
}
