namespace Nlp.Models.MaxEnt;

/// <summary>Closed-class words the extractors treat specially: pronouns (participants) and function words.</summary>
public static class WordClasses
{
    public static readonly IReadOnlySet<string> Pronouns = new HashSet<string>(StringComparer.OrdinalIgnoreCase)
    {
        "he", "she", "they", "them", "him", "his", "her", "their", "we", "us", "our", "it", "its", "i", "me", "my",
        "those", "themselves", "himself", "herself",
        // Not "who", "whom": ANNOTATION.md makes a pronoun an argument only as the participant's only mention in
        // the sentence, and a relative pronoun's antecedent always stands in it ("ones who were eliminated").
        // Quantifiers that stand for people ("many left", "thousands were deported").
        "many", "others", "anyone", "everyone", "all", "some", "most", "thousands", "hundreds", "millions", "both",
    };

    public static readonly IReadOnlySet<string> FunctionWords = new HashSet<string>(StringComparer.OrdinalIgnoreCase)
    {
        "a", "an", "the", "this", "that", "these", "those", "of", "in", "on", "at", "to", "from", "by", "for", "with",
        "and", "or", "but", "as", "into", "onto", "upon", "over", "under", "about", "after", "before", "during", "since",
        "was", "were", "is", "are", "be", "been", "being", "had", "has", "have", "not", "no", "which", "who", "whom",
        "whose", "what", "when", "where", "while", "all", "some", "many", "most", "such", "other", "their", "his", "her",
        "its", "our", "they", "he", "she", "it", "we", "would", "could", "should", "will", "may", "might", "also", "than",
        "then", "there", "here", "so", "if", "any", "each", "every", "both", "either", "neither", "more", "less",
    };

    public static bool HasLetter(string w) => w.Any(char.IsLetter);

    public static string DistanceBucket(int d) => d switch
    {
        <= 0 => "0", 1 => "1", 2 => "2", <= 4 => "3-4", <= 7 => "5-7", <= 12 => "8-12", _ => "13+",
    };

    public static string Shape(string w) =>
        w.All(char.IsUpper) && w.Length > 1 ? "AA" : char.IsUpper(w[0]) ? "Aa" : char.IsDigit(w[0]) ? "9" : char.IsLower(w[0]) ? "a" : "p";
}
