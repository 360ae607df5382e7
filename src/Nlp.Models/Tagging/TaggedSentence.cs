using Nlp.Core.Model;
using Nlp.Text;

namespace Nlp.Models.Tagging;

/// <summary>
/// One sentence as the tagger sees it: token surfaces, their spans in the document, per-token features
/// [tokens * width]: the document-level <see cref="TokenFeatures"/>, then those of the <see cref="TaggerLexicons"/>
/// when there are any; and (for training) tag ids. With a fine-tuned encoder, the frozen layers' piece states of the
/// sentence (<see cref="Pieces"/>): computed once, so that training epochs run only the tuned layers.
/// </summary>
internal sealed record TaggedSentence(string[] Surfaces, Span[] TokenSpans, float[] Features, int[]? TagIds, Encoders.SentencePieces? Pieces = null)
{
    public int Length => Surfaces.Length;

    /// <summary>Tokens [window.Start, window.End) as a sentence of their own, features and tags sliced alike (the
    /// sentence itself when the window is all of it).</summary>
    public TaggedSentence Slice(Windows.TokenWindow window)
    {
        if (window.Start == 0 && window.End == Length) return this;
        int width = Features.Length / Length;
        return new TaggedSentence(Surfaces[window.Start..window.End], TokenSpans[window.Start..window.End],
            Features[(window.Start * width)..(window.End * width)], TagIds?[window.Start..window.End], Pieces?.Slice(window.Start, window.End));
    }

    /// <summary>The sentences of a document with at least one token, untagged.</summary>
    public static List<TaggedSentence> Untagged(Document doc, TaggerLexicons? lexicons = null)
    {
        var ranges = SentenceTokenRanges(doc).ToList();
        var features = TokenFeatures.Of(doc, ranges);
        var surfaces = ranges.Select(r => SurfacesOf(doc, r.First, r.Count)).ToList();
        var contextual = lexicons?.Contextual(surfaces);
        var pieces = lexicons?.Pieces(surfaces);
        return ranges.Select((r, i) => Slice(doc, r.First, surfaces[i], features, null, lexicons, contextual?[i], pieces?[i])).ToList();
    }

    /// <summary>
    /// The sentences of a document with IOB2 tags from its entities. An entity that crosses a sentence boundary
    /// is split there (its continuation becomes B-X), since the tagger never sees across sentences. An entity
    /// whose edges fall inside a token cannot be expressed in token tags and is left out (counted in
    /// <paramref name="unaligned"/>); so is an entity that overlaps one already tagged.
    /// </summary>
    public static List<TaggedSentence> Tagged(Document doc, BioTagSet tagSet, ref int unaligned, TaggerLexicons? lexicons = null)
    {
        var tokens = RequireLayers(doc);
        var tagIds = new int[tokens.Length];
        foreach (var e in doc.Entities.OrderBy(e => e.Start).ThenByDescending(e => e.End))
        {
            int first = -1, last = -1;
            for (int i = 0; i < tokens.Length; i++)
            {
                if (tokens[i].Start == e.Start) first = i;
                if (tokens[i].End == e.End) { last = i; break; }
            }
            if (first < 0 || last < first || !tagSet.TryIndexOf("B-" + e.Label, out int begin)
                || Enumerable.Range(first, last - first + 1).Any(i => tagIds[i] != 0))
            {
                unaligned++;
                continue;
            }
            tagIds[first] = begin;
            for (int i = first + 1; i <= last; i++) tagIds[i] = begin + 1;
        }

        var ranges = SentenceTokenRanges(doc).ToList();
        var features = TokenFeatures.Of(doc, ranges);
        var surfaces = ranges.Select(r => SurfacesOf(doc, r.First, r.Count)).ToList();
        var contextual = lexicons?.Contextual(surfaces);
        var pieces = lexicons?.Pieces(surfaces);
        var result = new List<TaggedSentence>();
        for (int i = 0; i < ranges.Count; i++)
        {
            var (first, count) = ranges[i];
            var ids = tagIds.AsSpan(first, count).ToArray();
            if (tagSet.IsInside(ids[0])) ids[0] -= 1; // I-X → B-X at a sentence start
            result.Add(Slice(doc, first, surfaces[i], features, ids, lexicons, contextual?[i], pieces?[i]));
        }
        return result;
    }

    /// <summary>The token surfaces of one sentence: read once per document, by the lexicons and, batched over the
    /// document's sentences, by the encoder (the request <see cref="Encoders.DocumentEncoding"/> defines).</summary>
    static string[] SurfacesOf(Document doc, int first, int count) => Encoders.DocumentEncoding.Surfaces(doc, first, count);

    static TaggedSentence Slice(Document doc, int first, string[] surfaces, float[] features, int[]? tagIds, TaggerLexicons? lexicons, float[]? contextual,
        Encoders.SentencePieces? pieces)
    {
        int count = surfaces.Length;
        var spans = doc.Tokens!.Value.AsSpan().Slice(first, count).ToArray();
        int width = TokenFeatures.Count + (lexicons?.Width ?? 0);
        var own = new float[count * width];
        for (int t = 0; t < count; t++)
            Array.Copy(features, (first + t) * TokenFeatures.Count, own, t * width, TokenFeatures.Count);
        lexicons?.Features(surfaces, own, TokenFeatures.Count, width, contextual);
        return new TaggedSentence(surfaces, spans, own, tagIds, pieces);
    }

    /// <summary>Consecutive token index ranges inside each sentence (see <see cref="Encoders.DocumentEncoding"/>).</summary>
    internal static IEnumerable<(int First, int Count)> SentenceTokenRanges(Document doc)
    {
        RequireLayers(doc);
        return Encoders.DocumentEncoding.SentenceTokenRanges(doc);
    }

    static System.Collections.Immutable.ImmutableArray<Span> RequireLayers(Document doc)
    {
        if (doc.Tokens is not { } tokens || doc.Sentences is null)
            throw new ArgumentException($"document {doc.Id}: the tagger needs tokens and sentences (run segmentation first).");
        return tokens;
    }
}
