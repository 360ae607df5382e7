namespace Nlp.Core.Schema;

/// <summary>The entity labels a relation type accepts as head and as tail (empty set: anything).</summary>
public sealed record RelationSignature(IReadOnlySet<string> HeadLabels, IReadOnlySet<string> TailLabels)
{
    public static readonly RelationSignature Any = new(new HashSet<string>(), new HashSet<string>());

    public bool AcceptsHead(string label) => HeadLabels.Count == 0 || HeadLabels.Contains(label);
    public bool AcceptsTail(string label) => TailLabels.Count == 0 || TailLabels.Contains(label);
}
