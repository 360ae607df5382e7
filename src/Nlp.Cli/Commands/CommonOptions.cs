using System.CommandLine;
using Nlp.Core.Formats;
using Nlp.Core.Schema;

namespace Nlp.Cli.Commands;

/// <summary>Options several commands share, so they are spelled and explained the same everywhere.</summary>
internal static class CommonOptions
{
    public static Option<string?> Schema() => new("--schema")
    {
        Description = $"label inventory to check against: {string.Join(", ", Schemas.All.Select(s => s.Name))} " +
                      "(default: each document's meta.schema, else domain)",
    };

    public static AnnotationSchema? ResolveSchema(string? name) => name is null ? null : Schemas.ByName(name);

    public static ReaderOptions Reader(string? schema, bool skipBad) => new()
    {
        Schema = ResolveSchema(schema),
        OnBadLine = skipBad ? BadLinePolicy.Skip : BadLinePolicy.Fail,
    };
}
