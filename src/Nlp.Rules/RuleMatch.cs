using Nlp.Core.Model;

namespace Nlp.Rules;

/// <summary>A mention found by the rules, with its label and the fields of its normalized value (may be null).</summary>
public sealed record RuleMatch(Span Span, string Label, Newtonsoft.Json.Linq.JObject? Value);
