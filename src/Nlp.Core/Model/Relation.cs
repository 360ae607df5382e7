using Newtonsoft.Json.Linq;

namespace Nlp.Core.Model;

/// <summary>A directed, typed relation between two entity mentions (head → tail).</summary>
public sealed record Relation(
    string? Id,
    string Type,
    Span Head,
    Span Tail,
    double? Confidence = null,
    JObject? Extra = null,
    JObject? HeadExtra = null,
    JObject? TailExtra = null);
