using Newtonsoft.Json.Linq;

namespace Nlp.Core.Model;

/// <summary>An entity mention. <see cref="Extra"/> keeps JSON fields this model does not know, so they survive a round trip.</summary>
public sealed record Entity(string? Id, Span Span, string Label, double? Confidence = null, JObject? Extra = null)
{
    public int Start => Span.Start;
    public int End => Span.End;
}
