namespace Nlp.Core.Formats;

public enum Severity { Warning, Error }

/// <summary>One finding of the validator: an error makes the document invalid, a warning is for review.</summary>
public sealed record ValidationProblem(Severity Severity, string Message)
{
    public override string ToString() => $"{(Severity == Severity.Error ? "error" : "warning")}: {Message}";
}
