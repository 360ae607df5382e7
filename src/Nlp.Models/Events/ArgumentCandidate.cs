using Nlp.Core.Model;

namespace Nlp.Models.Events;

/// <summary>A span that could fill a role of an event: an entity, a pronoun or a common-noun phrase.</summary>
public sealed record ArgumentCandidate(Span Span, int FirstToken, int EndToken, int HeadToken, string Kind, bool InPreviousSentence);
