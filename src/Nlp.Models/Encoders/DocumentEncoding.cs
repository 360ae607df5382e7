using Nlp.Core.Model;
using Nlp.Text;

namespace Nlp.Models.Encoders;

/// <summary>
/// How a document is put to a contextual encoder: its sentences that hold tokens, each as its tokens' surfaces, in
/// one call. Every model that reads an encoder builds its request here, so that the tagger, the event model and the
/// relation model of a worker ask the same question of a document and the shared encoder answers the later ones
/// from its cache (<see cref="SharedEncoders"/>); an answer from the cache is the one a fresh call would give.
/// </summary>
public static class DocumentEncoding
{
    /// <summary>Consecutive token index ranges inside each sentence (tokens must be sorted by start, as segmenters
    /// emit them); sentences without tokens are left out.</summary>
    public static IEnumerable<(int First, int Count)> SentenceTokenRanges(Document doc)
    {
        if (doc.Tokens is not { } tokens || doc.Sentences is not { } sentences)
            throw new ArgumentException($"document {doc.Id}: tokens and sentences are required (run segmentation first).");
        foreach (var sentence in sentences)
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

    /// <summary>The token surfaces of one sentence.</summary>
    public static string[] Surfaces(Document doc, int first, int count)
    {
        var surfaces = new string[count];
        for (int t = 0; t < count; t++) surfaces[t] = TokenText.Surface(doc.Text, doc.Tokens!.Value[first + t]);
        return surfaces;
    }

    /// <summary>Every token's vector, <c>float[tokens * Dimension]</c> in document order (zeros for a token outside
    /// every sentence).</summary>
    public static float[] TokenVectors(IContextualEncoder encoder, Document doc)
    {
        var ranges = SentenceTokenRanges(doc).ToList();
        int dim = encoder.Dimension;
        var vectors = new float[doc.Tokens!.Value.Length * dim];
        if (ranges.Count == 0) return vectors;
        var encoded = encoder.Encode(ranges.Select(r => Surfaces(doc, r.First, r.Count)).ToList());
        for (int s = 0; s < ranges.Count; s++)
            Array.Copy(encoded[s], 0, vectors, ranges[s].First * dim, ranges[s].Count * dim);
        return vectors;
    }
}
