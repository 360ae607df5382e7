using System.Collections.Immutable;
using Newtonsoft.Json.Linq;

namespace Nlp.Core.Model;

/// <summary>An event mention: a typed trigger span with role-labelled arguments.</summary>
public sealed record Event(
    string? Id,
    string Type,
    Span Trigger,
    ImmutableArray<Argument> Arguments,
    double? Confidence = null,
    JObject? Extra = null,
    JObject? TriggerExtra = null)
{
    public Event WithArguments(IEnumerable<Argument> arguments) => this with { Arguments = arguments.ToImmutableArray() };
}
