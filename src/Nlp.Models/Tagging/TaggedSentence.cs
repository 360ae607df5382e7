using Nlp.Core.Formats.Conversion;
using Nlp.Core.Model;
using Nlp.Text;

namespace Nlp.Models.Tagging;

/// <summary>One sentence as the tagger sees it: token surfaces, their spans in the document, and (for training) tag ids.</summary>
internal sealed record TaggedSentence(string[] Surfaces, Span[] TokenSpans, int[]? TagIds)
{
    public int Length => Surfaces.Length;

    /// <summary>The sentences of a document with at least one token, untagged.</summary>
    public static List<TaggedSentence> Untagged(Document doc) =>
        SentenceTokenRanges(doc).Select(r => Slice(doc, r.First, r.Count, null)).ToList();

    /// <summary>
    /// The sentences of a document with IOB2 tags from its entities. An entity that crosses a sentence boundary
    /// is split there (its continuation becomes B-X), since the tagger never sees across sentences.
    /// </summary>
    public static List<TaggedSentence> Tagged(Document doc, BioTagSet tagSet)
    {
        var tokens = RequireLayers(doc);
        var tags = BioTags.Encode(tokens.Length, BioTags.EntityTokenRanges(doc), TagScheme.Iob2);
        var tagIds = tags.Select(t => tagSet.TryIndexOf(t, out int i) ? i
            : throw new ArgumentException($"document {doc.Id}: entity tag {t} is not in the tag set")).ToArray();
        var result = new List<TaggedSentence>();
        foreach (var (first, count) in SentenceTokenRanges(doc))
        {
            var ids = tagIds.AsSpan(first, count).ToArray();
            for (int t = 0; t < ids.Length; t++)
                if (tagSet.IsInside(ids[t]) && (t == 0 || !tagSet.IsAllowedTransition(ids[t - 1], ids[t])))
                    ids[t] -= 1; // I-X → B-X
            result.Add(Slice(doc, first, count, ids));
        }
        return result;
    }

    static TaggedSentence Slice(Document doc, int first, int count, int[]? tagIds)
    {
        var spans = doc.Tokens!.Value.AsSpan().Slice(first, count).ToArray();
        return new TaggedSentence(spans.Select(s => TokenText.Surface(doc.Text, s)).ToArray(), spans, tagIds);
    }

    /// <summary>Consecutive token index ranges inside each sentence (tokens must be sorted by start, as segmenters emit them).</summary>
    static IEnumerable<(int First, int Count)> SentenceTokenRanges(Document doc)
    {
        var tokens = RequireLayers(doc);
        foreach (var sentence in doc.Sentences!.Value)
        {
            int lo = 0, hi = tokens.Length;
            while (lo < hi) // first token starting at or after the sentence start
            {
                int mid = (lo + hi) / 2;
                if (tokens[mid].Start < sentence.Start) lo = mid + 1;
                else hi = mid;
            }
            int end = lo;
            while (end < tokens.Length && sentence.Contains(tokens[end])) end++;
            if (end > lo) yield return (lo, end - lo);
        }
    }

    static System.Collections.Immutable.ImmutableArray<Span> RequireLayers(Document doc)
    {
        if (doc.Tokens is not { } tokens || doc.Sentences is null)
            throw new ArgumentException($"document {doc.Id}: the tagger needs tokens and sentences (run segmentation first).");
        return tokens;
    }
}
