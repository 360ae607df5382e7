namespace Nlp.Core.Formats;

/// <summary>A document that cannot be read or does not satisfy the format. Names the file and line when known.</summary>
public sealed class DocumentFormatException : Exception
{
    public DocumentFormatException(string reason, string? file = null, int? line = null, Exception? inner = null)
        : base(Compose(reason, file, line), inner)
    {
        Reason = reason;
        File = file;
        Line = line;
    }

    public string Reason { get; }
    public string? File { get; }
    public int? Line { get; }

    public DocumentFormatException At(string? file, int? line) => new(Reason, file ?? File, line ?? Line, InnerException);

    private static string Compose(string reason, string? file, int? line) =>
        (file, line) switch
        {
            (null, null) => reason,
            (not null, null) => $"{file}: {reason}",
            (null, not null) => $"line {line}: {reason}",
            _ => $"{file}:{line}: {reason}",
        };
}
