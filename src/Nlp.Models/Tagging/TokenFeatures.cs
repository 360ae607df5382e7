using Nlp.Core.Model;
using Nlp.Text;

namespace Nlp.Models.Tagging;

/// <summary>
/// Binary per-token features the word, casing and character inputs cannot see, because they depend on the
/// rest of the document. A capitalized first word of a sentence (or of an all-caps headline) is ambiguous on
/// its own; whether the same word shows up lowercased, or capitalized mid-sentence, elsewhere in the document
/// is strong evidence either way.
/// </summary>
public static class TokenFeatures
{
    public const int Count = 4;
    const int SentenceInitial = 0;
    const int LowercaseElsewhere = 1;       // the word occurs all-lowercase somewhere in the document
    const int CapitalizedMidSentence = 2;   // it occurs title-cased, not sentence-initially, somewhere in the document
    const int AllCapsSentence = 3;          // the sentence is a headline in capitals: casing says little here

    /// <summary>Features of every token of a document, [tokens * Count], indexed like doc.Tokens.</summary>
    public static float[] Of(Document doc, IReadOnlyList<(int First, int Count)> sentences)
    {
        var tokens = doc.Tokens!.Value;
        var surfaces = new string[tokens.Length];
        for (int i = 0; i < tokens.Length; i++) surfaces[i] = TokenText.Surface(doc.Text, tokens[i]);

        var lowercase = new HashSet<string>(StringComparer.Ordinal);
        var capitalizedMid = new HashSet<string>(StringComparer.Ordinal);
        var initial = new bool[tokens.Length];
        var capsSentence = new bool[tokens.Length];
        foreach (var (first, count) in sentences)
        {
            initial[first] = true;
            int letters = 0, upper = 0;
            for (int i = first; i < first + count; i++)
                foreach (char c in surfaces[i])
                    if (char.IsLetter(c)) { letters++; if (char.IsUpper(c)) upper++; }
            bool caps = letters >= 8 && upper == letters;
            for (int i = first; i < first + count; i++)
            {
                capsSentence[i] = caps;
                var casing = TokenCasings.Of(surfaces[i]);
                string key = surfaces[i].ToLowerInvariant();
                if (casing == TokenCasing.Lower) lowercase.Add(key);
                else if (casing == TokenCasing.Title && i > first && !caps) capitalizedMid.Add(key);
            }
        }

        var features = new float[tokens.Length * Count];
        for (int i = 0; i < tokens.Length; i++)
        {
            string key = surfaces[i].ToLowerInvariant();
            int at = i * Count;
            if (initial[i]) features[at + SentenceInitial] = 1;
            if (lowercase.Contains(key)) features[at + LowercaseElsewhere] = 1;
            if (capitalizedMid.Contains(key)) features[at + CapitalizedMidSentence] = 1;
            if (capsSentence[i]) features[at + AllCapsSentence] = 1;
        }
        return features;
    }
}
