using Nlp.Core.Formats;
using Nlp.Core.Model;

namespace Nlp.Corpora.Conversion;

public enum TagScheme { Iob1, Iob2 }

/// <summary>Decodes and encodes token-level IOB tags; the decoder reads IOB1 and IOB2 alike.</summary>
public static class BioTags
{
    /// <summary>
    /// Entity token ranges [first, last] from tags. "B-X" always begins an entity; "I-X" continues one of
    /// type X, or begins one (IOB1, and lenient reading of broken IOB2).
    /// </summary>
    public static List<(int First, int Last, string Label)> Decode(IReadOnlyList<string> tags, Func<int, string, Exception> error)
    {
        var result = new List<(int, int, string)>();
        int start = -1;
        string? label = null;
        for (int i = 0; i < tags.Count; i++)
        {
            string tag = tags[i];
            if (tag == "O")
            {
                Close(i);
                continue;
            }
            if (tag.Length < 3 || tag[1] != '-' || (tag[0] != 'B' && tag[0] != 'I'))
                throw error(i, $"tag \"{tag}\" is not O, B-TYPE or I-TYPE");
            string type = tag[2..];
            if (tag[0] == 'B' || label != type)
            {
                Close(i);
                start = i;
                label = type;
            }
        }
        Close(tags.Count);
        return result;

        void Close(int end)
        {
            if (label is not null) result.Add((start, end - 1, label));
            label = null;
        }
    }

    /// <summary>Tags for tokens; entities must cover whole tokens.</summary>
    public static string[] Encode(int tokenCount, IEnumerable<(int First, int Last, string Label)> entities, TagScheme scheme)
    {
        var tags = Enumerable.Repeat("O", tokenCount).ToArray();
        var ordered = entities.OrderBy(e => e.First).ToList();
        for (int k = 0; k < ordered.Count; k++)
        {
            var (first, last, label) = ordered[k];
            // IOB1 uses B- only where an entity follows another of the same type directly.
            bool needsB = scheme == TagScheme.Iob2 ||
                          (k > 0 && ordered[k - 1].Last == first - 1 && ordered[k - 1].Label == label);
            for (int i = first; i <= last; i++)
                tags[i] = (i == first && needsB ? "B-" : "I-") + label;
        }
        return tags;
    }

    /// <summary>Maps each entity of a tokenized document to its token range; an entity that cuts a token is an error.</summary>
    public static List<(int First, int Last, string Label)> EntityTokenRanges(Document doc)
    {
        var tokens = doc.Tokens ?? throw new DocumentFormatException($"document {doc.Id}: has no tokens (run 'nlp segment' first)");
        var startIndex = new Dictionary<int, int>();
        var endIndex = new Dictionary<int, int>();
        for (int i = 0; i < tokens.Length; i++)
        {
            startIndex[tokens[i].Start] = i;
            endIndex[tokens[i].End] = i;
        }
        var ranges = new List<(int, int, string)>();
        foreach (var e in doc.Entities)
        {
            if (!startIndex.TryGetValue(e.Start, out int first) || !endIndex.TryGetValue(e.End, out int last))
                throw new DocumentFormatException($"document {doc.Id}: entity \"{doc.TextOf(e.Span)}\" {e.Span} does not start and end on token boundaries");
            ranges.Add((first, last, e.Label));
        }
        return ranges;
    }
}
