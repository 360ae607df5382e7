namespace Nlp.Core.Scoring;

/// <summary>
/// One scored prediction with a confidence: its layer ("entities", "triggers", "arguments", "relations"), its label
/// (entity label, event type, "TYPE.Role", relation type), the confidence and whether the scorer counted it right.
/// Calibrators are fitted on these.
/// </summary>
public readonly record struct ConfidencePoint(string Layer, string Label, double Confidence, bool Correct);
