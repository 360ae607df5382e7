using Newtonsoft.Json.Linq;

namespace Nlp.Core.Model;

/// <summary>An event argument: a role filled by a span of the text (usually an entity mention).</summary>
public sealed record Argument(string Role, Span Span, double? Confidence = null, JObject? Extra = null)
{
    public int Start => Span.Start;
    public int End => Span.End;
}
