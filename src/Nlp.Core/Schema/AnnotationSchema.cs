namespace Nlp.Core.Schema;

/// <summary>
/// A label inventory: entity labels, event types with their roles, relation types with head/tail labels.
/// The domain schema is the contract of ANNOTATION.md; foreign corpora (CoNLL-2003, CoNLL04) keep their own labels.
/// </summary>
public sealed class AnnotationSchema
{
    public AnnotationSchema(
        string name,
        IEnumerable<string> entityLabels,
        IReadOnlyDictionary<string, string[]> eventRoles,
        IReadOnlyDictionary<string, RelationSignature> relations)
    {
        Name = name;
        EntityLabels = entityLabels.ToArray();
        EventRoles = eventRoles;
        Relations = relations;
        _entitySet = new HashSet<string>(EntityLabels, StringComparer.Ordinal);
    }

    private readonly HashSet<string> _entitySet;

    public string Name { get; }
    public IReadOnlyList<string> EntityLabels { get; }
    public IReadOnlyDictionary<string, string[]> EventRoles { get; }
    public IReadOnlyDictionary<string, RelationSignature> Relations { get; }

    public IEnumerable<string> EventTypes => EventRoles.Keys;
    public IEnumerable<string> RelationTypes => Relations.Keys;

    public bool IsEntityLabel(string label) => _entitySet.Contains(label);
    public bool IsEventType(string type) => EventRoles.ContainsKey(type);
    public bool IsRelationType(string type) => Relations.ContainsKey(type);

    public bool RoleBelongsTo(string eventType, string role) =>
        EventRoles.TryGetValue(eventType, out var roles) && Array.IndexOf(roles, role) >= 0;

    public override string ToString() => Name;
}
