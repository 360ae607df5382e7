namespace Nlp.Text.Loading;

/// <summary>A file the loaders refuse: missing, empty, too large, binary, undecodable or of no readable format.</summary>
public sealed class DocumentLoadException : Exception
{
    public DocumentLoadException(string path, string reason, Exception? inner = null)
        : base($"{path}: {reason}", inner)
    {
        Path = path;
        Reason = reason;
    }

    public string Path { get; }
    public string Reason { get; }
}
