using Nlp.Core.Model;
using Nlp.Models.Windows;

namespace Nlp.Models.MaxEnt;

/// <summary>
/// Token-level indexes over a segmented document that the feature extractors share: token texts, each token's
/// sentence, the entity covering each token, and each entity's token range.
/// </summary>
public sealed class DocumentView
{
    public DocumentView(Document document)
    {
        Document = document;
        TextLayers.Require(document, "the max-ent models");
        var tokens = document.Tokens!.Value;
        var sentences = document.Sentences!.Value;
        Tokens = tokens;
        Words = tokens.Select(t => JoinLineBreakHyphen(document.TextOf(t))).ToArray();
        SentenceTokens = Segments(SentenceRanges(tokens, sentences));
        SentenceOf = new int[tokens.Length];
        for (int s = 0; s < SentenceTokens.Length; s++)
            for (int t = SentenceTokens[s].First; t < SentenceTokens[s].End; t++) SentenceOf[t] = s;

        EntityAt = Enumerable.Repeat(-1, tokens.Length).ToArray();
        Entities = document.Entities.OrderBy(e => e.Span).ToArray();
        EntityTokens = new (int First, int End)[Entities.Length];
        for (int e = 0; e < Entities.Length; e++)
        {
            var (first, end) = TokenRange(Entities[e].Span);
            EntityTokens[e] = (first, end);
            for (int t = first; t < end; t++) if (EntityAt[t] < 0) EntityAt[t] = e;
        }
        _entitiesOfSentence = new (int First, int End)[SentenceTokens.Length];
        for (int e = 0, s = 0; s < SentenceTokens.Length; s++)
        {
            int from = e;
            while (e < Entities.Length && EntityTokens[e].First < SentenceTokens[s].End) e++;
            _entitiesOfSentence[s] = (from, e);
        }
    }

    /// <summary>The token range of each sentence, in document order; every token lies in one (a token before the
    /// first sentence or between two counts to the sentence before it), an empty sentence is (0, 0).</summary>
    static (int First, int End)[] SentenceRanges(IReadOnlyList<Span> tokens, IReadOnlyList<Span> sentences)
    {
        var ranges = new (int First, int End)[sentences.Count];
        for (int s2 = 0; s2 < sentences.Count; s2++) ranges[s2] = (-1, -1);
        int s = 0;
        for (int t = 0; t < tokens.Count; t++)
        {
            while (s + 1 < sentences.Count && tokens[t].Start >= sentences[s + 1].Start) s++;
            ranges[s] = ranges[s].First < 0 ? (t, t + 1) : (ranges[s].First, t + 1);
        }
        for (int s2 = 0; s2 < sentences.Count; s2++)
            if (ranges[s2].First < 0) ranges[s2] = (0, 0);
        return ranges;
    }

    /// <summary>
    /// The sentences as the event and relation models read them: a sentence of more than
    /// <see cref="TokenWindows.MaxTokens"/> tokens (a text without sentence ends is one sentence of the whole
    /// document) becomes consecutive chunks of at most that many, so that pairs and argument candidates, which grow
    /// with the square of a sentence's length, stay bounded. Other sentences are kept as they are.
    /// </summary>
    static (int First, int End)[] Segments((int First, int End)[] sentences)
    {
        if (sentences.All(r => r.End - r.First <= TokenWindows.MaxTokens)) return sentences;
        var segments = new List<(int First, int End)>();
        foreach (var (first, end) in sentences)
        {
            if (end - first <= TokenWindows.MaxTokens) segments.Add((first, end));
            else foreach (var (a, b) in TokenWindows.Chunks(end - first)) segments.Add((first + a, first + b));
        }
        return segments.ToArray();
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

    /// <summary>The tokens' context clusters when the model reading the view has an encoder, else null (then no
    /// feature extractor adds context features, and a model without an encoder predicts as it always did).</summary>
    public Contextual.ContextCodes? Context { get; init; }

    /// <summary>The encoder's token vectors (<c>float[tokens * dimension]</c>) when the model reading the view scores
    /// pairs with them (<see cref="Relations.PairScorer"/>), else null.</summary>
    public float[]? TokenVectors { get; init; }

    public IReadOnlyList<Span> Tokens { get; }
    public string[] Words { get; }
    /// <summary>The sentence (index into <see cref="SentenceTokens"/>) of each token.</summary>
    public int[] SentenceOf { get; }
    /// <summary>Each sentence's tokens [First, End), overlong ones cut into chunks (see <see cref="Segments"/>):
    /// the unit the event and relation models read; not indexed like the document's sentences when one was cut.</summary>
    public (int First, int End)[] SentenceTokens { get; }

    readonly (int First, int End)[] _entitiesOfSentence;

    /// <summary>The entities (indexes into <see cref="Entities"/>, [First, End)) whose first token lies in sentence s.</summary>
    public (int First, int End) EntitiesOf(int sentence) => _entitiesOfSentence[sentence];
    public Entity[] Entities { get; }
    public (int First, int End)[] EntityTokens { get; }
    /// <summary>The entity (index into <see cref="Entities"/>) covering each token, or -1.</summary>
    public int[] EntityAt { get; }

    /// <summary>The coordinated list (<see cref="CoordinatedLists"/>) of each entity: an id shared by the entities of one
    /// list of mentions of one class, or -1; computed on first use, sentence by sentence.</summary>
    public int[] EntityLists => _entityLists ??= ComputeEntityLists();
    int[]? _entityLists;

    int[] ComputeEntityLists()
    {
        var lists = Enumerable.Repeat(-1, Entities.Length).ToArray();
        for (int s = 0; s < SentenceTokens.Length; s++)
        {
            var (from, to) = _entitiesOfSentence[s];
            if (to - from < 2) continue;
            var items = Enumerable.Range(from, to - from).Select(e => EntityTokens[e]).ToList();
            var local = CoordinatedLists.Lists(this, items,
                (i, j) => CoordinatedLists.ListClass(Entities[from + i].Label) == CoordinatedLists.ListClass(Entities[from + j].Label));
            for (int i = 0; i < local.Length; i++) if (local[i] >= 0) lists[from + i] = from + local[i];
        }
        return lists;
    }

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
