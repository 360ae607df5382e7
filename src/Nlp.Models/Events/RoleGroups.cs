using Nlp.Core.Schema;

namespace Nlp.Models.Events;

/// <summary>
/// Role names shared across event types for learning: the person moved, held or harmed (Migrant, Traveler, Deportee,
/// Detainee, Prisoner, Victim, Recruit, and the Target of an attack or decree) is one "Patient" group, an Attacker
/// is an "Agent". The argument classifier predicts groups, so 1,000 patients teach every type; decoding maps a group
/// back to the one role of the event's type that belongs to it, so a role is always one of its type's roles.
/// </summary>
public static class RoleGroups
{
    public const string Patient = "Patient";

    public static string GroupOf(string type, string role) => role switch
    {
        "Migrant" or "Traveler" or "Deportee" or "Detainee" or "Prisoner" or "Victim" or "Recruit" or "Target" => Patient,
        "Attacker" => "Agent",
        _ => role,
    };

    /// <summary>The role of <paramref name="type"/> in <paramref name="group"/>, or null when the type has none.</summary>
    public static string? RoleOf(AnnotationSchema schema, string type, string group) =>
        schema.EventRoles.TryGetValue(type, out var roles) ? roles.FirstOrDefault(r => GroupOf(type, r) == group) : null;

    /// <summary>Every group some role of the schema belongs to, sorted.</summary>
    public static IEnumerable<string> All(AnnotationSchema schema) =>
        schema.EventRoles.SelectMany(p => p.Value.Select(r => GroupOf(p.Key, r))).Distinct().OrderBy(g => g, StringComparer.Ordinal);
}
