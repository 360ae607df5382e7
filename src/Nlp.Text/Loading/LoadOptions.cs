using Nlp.Core.Formats;

namespace Nlp.Text.Loading;

public sealed record LoadOptions
{
    public static readonly LoadOptions Default = new();

    /// <summary>50 MB: far above any single historical document, far below what would exhaust memory.</summary>
    public const long DefaultMaxBytes = 50L * 1024 * 1024;

    /// <summary>
    /// Files larger than this are refused. Applies to every format read whole into memory (.txt, .md, .html, .pdf);
    /// a .jsonl corpus is streamed one document at a time and is not limited.
    /// </summary>
    public long MaxBytes { get; init; } = DefaultMaxBytes;

    /// <summary>
    /// The encoding of a text or HTML file, by name ("windows-1252", "utf-16", "koi8-r"…). Null: a byte-order mark
    /// decides, else UTF-16 recognised by its zero bytes, else UTF-8 (with stray non-UTF-8 bytes read as Windows-1252
    /// when the file is mostly UTF-8), else Windows-1252 (an HTML file's declared charset is honoured before these
    /// guesses). PDF files ignore it.
    /// </summary>
    public string? Encoding { get; init; }

    /// <summary>
    /// Appended to the message of a file over <see cref="MaxBytes"/>, to tell the user how to raise the limit
    /// (the command line says " (raise it with --max-mb)"). Empty by default.
    /// </summary>
    public string MaxBytesHint { get; init; } = "";

    /// <summary>
    /// Told about every file that was loaded with damage repaired or a surprise: bytes replaced because they could
    /// not be decoded, control characters mapped to spaces, an extension that lied about the content. The same
    /// sentences are kept in the document's meta as "load_warnings".
    /// </summary>
    public Action<LoadWarning>? OnWarning { get; init; }

    /// <summary>How .jsonl files are read. Labels are not checked by default: segmentation only passes them through.</summary>
    public ReaderOptions Jsonl { get; init; } = new() { Validate = false };
}

/// <summary>A file loaded with a repair or a surprise worth telling the user about (see <see cref="LoadOptions.OnWarning"/>).</summary>
public sealed record LoadWarning(string Path, string Message);
