namespace Nlp.Rules;

/// <summary>The seven OntoNotes labels this project recognizes by rule (ANNOTATION.md).</summary>
public static class NumericLabels
{
    public const string Date = "DATE";
    public const string Time = "TIME";
    public const string Cardinal = "CARDINAL";
    public const string Ordinal = "ORDINAL";
    public const string Percent = "PERCENT";
    public const string Money = "MONEY";
    public const string Quantity = "QUANTITY";

    public static readonly IReadOnlyList<string> All = [Date, Time, Cardinal, Ordinal, Percent, Money, Quantity];

    private static readonly HashSet<string> Set = new(All, StringComparer.Ordinal);

    public static bool Contains(string label) => Set.Contains(label);
}
