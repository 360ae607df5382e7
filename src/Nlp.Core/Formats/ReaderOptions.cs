using Nlp.Core.Schema;

namespace Nlp.Core.Formats;

public enum BadLinePolicy
{
    /// <summary>Stop at the first bad line with a <see cref="DocumentFormatException"/> naming file and line.</summary>
    Fail,
    /// <summary>Report the bad line, count it, and go on with the next one.</summary>
    Skip,
}

public sealed record ReaderOptions
{
    public static readonly ReaderOptions Default = new();

    public BadLinePolicy OnBadLine { get; init; } = BadLinePolicy.Fail;

    /// <summary>
    /// The schema labels are checked against. Null: each document's <c>meta.schema</c> names it
    /// (converters of foreign corpora set it), else the domain schema of ANNOTATION.md.
    /// </summary>
    public AnnotationSchema? Schema { get; init; }

    /// <summary>Checks labels, roles and relation ends; off for files that are only being passed through.</summary>
    public bool Validate { get; init; } = true;

    public AnnotationSchema SchemaFor(Model.Document doc) =>
        Schema ?? (Schemas.TryByName(doc.Meta?["schema"]?.ToString(), out var s) ? s : Schemas.Domain);
}
