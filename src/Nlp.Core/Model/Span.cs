namespace Nlp.Core.Model;

/// <summary>
/// A half-open character range [Start, End) into a document's original text.
/// Offsets are UTF-16 indices in memory; the JSONL format counts Unicode code points,
/// and <see cref="Nlp.Core.Formats.OffsetMap"/> converts at the file boundary.
/// </summary>
public readonly record struct Span(int Start, int End) : IComparable<Span>
{
    public int Length => End - Start;
    public bool IsEmpty => End <= Start;
    public bool Overlaps(Span other) => Start < other.End && other.Start < End;
    public bool Contains(Span other) => Start <= other.Start && other.End <= End;
    public bool Contains(int offset) => Start <= offset && offset < End;
    public string Of(string text) => text.Substring(Start, End - Start);

    public int CompareTo(Span other) => Start != other.Start ? Start.CompareTo(other.Start) : End.CompareTo(other.End);

    public override string ToString() => $"[{Start},{End})";
}
