using Nlp.Text.Tokenization;

namespace Nlp.Models.Tagging;

/// <summary>
/// Unlabeled text for <see cref="WordVectorTrainer"/>, as sentences of token surfaces cut by the product's own
/// tokenizer and sentence splitter, so the words are those the tagger sees.
/// </summary>
public static class WordVectorCorpus
{
    /// <summary>The sentences of a plain text.</summary>
    public static IEnumerable<string[]> Sentences(string text)
    {
        var tokens = new TokenBuffer(Math.Max(16, text.Length / 4));
        var sentences = new SpanBuffer();
        Tokenizer.Tokenize(text, tokens);
        SentenceSplitter.Split(text, tokens, sentences);
        var all = tokens.AsSpan().ToArray();
        int next = 0;
        for (int s = 0; s < sentences.Count; s++)
        {
            var sentence = sentences[s];
            var words = new List<string>();
            while (next < all.Length && all[next].Start < sentence.End)
            {
                if (all[next].Start >= sentence.Start) words.Add(text[all[next].Start..all[next].End]);
                next++;
            }
            if (words.Count > 0) yield return words.ToArray();
        }
    }

    /// <summary>
    /// WordNet's glosses and examples (the text after "| " on each line of data.noun, data.verb, data.adj,
    /// data.adv): a million and a half words of definitions, many of them about named people and places.
    /// </summary>
    public static IEnumerable<string[]> WordNetGlosses(string folder)
    {
        foreach (var part in new[] { "noun", "verb", "adj", "adv" })
        {
            string path = Path.Combine(folder, "data." + part);
            if (!File.Exists(path)) throw new FileNotFoundException($"{folder}: no WordNet data file data.{part}", path);
            foreach (var line in File.ReadLines(path))
            {
                if (line.StartsWith("  ", StringComparison.Ordinal)) continue; // the license header
                int bar = line.IndexOf("| ", StringComparison.Ordinal);
                if (bar < 0) continue;
                foreach (var sentence in Sentences(line[(bar + 2)..].Replace(';', '.')))
                    yield return sentence;
            }
        }
    }
}
