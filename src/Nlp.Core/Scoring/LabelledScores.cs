namespace Nlp.Core.Scoring;

/// <summary>Micro-averaged counts over all labels, and counts per label.</summary>
public sealed class LabelledScores
{
    private readonly SortedDictionary<string, PrfCounts> _perLabel = new(StringComparer.Ordinal);

    public IReadOnlyDictionary<string, PrfCounts> PerLabel => _perLabel;

    public PrfCounts Micro => _perLabel.Values.Aggregate(PrfCounts.Zero, (a, b) => a + b);

    public void AddTruePositive(string label) => Add(label, new PrfCounts(1, 0, 0));
    public void AddFalsePositive(string label) => Add(label, new PrfCounts(0, 1, 0));
    public void AddFalseNegative(string label) => Add(label, new PrfCounts(0, 0, 1));

    private void Add(string label, PrfCounts c) =>
        _perLabel[label] = _perLabel.TryGetValue(label, out var old) ? old + c : c;
}
