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
    /// decides, else UTF-8 if the bytes are valid UTF-8, else Windows-1252 (an HTML file's declared charset is
    /// honoured before that guess-free fallback).
    /// </summary>
    public string? Encoding { get; init; }

    /// <summary>How .jsonl files are read. Labels are not checked by default: segmentation only passes them through.</summary>
    public ReaderOptions Jsonl { get; init; } = new() { Validate = false };
}
