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

    /// <summary>The document inputs of extract and segment. A named file or folder that does not exist is a usage
    /// error, found before anything is written (a typo must not cost an empty output and database).</summary>
    public static Argument<string[]> Inputs()
    {
        var inputs = new Argument<string[]>("inputs")
        {
            Description = ".txt, .md, .html, .pdf or .jsonl files, folders (recursive) or glob patterns",
            Arity = ArgumentArity.OneOrMore,
        };
        inputs.Validators.Add(result =>
        {
            foreach (var input in result.Tokens.Select(t => t.Value))
                if (!UsageRules.LooksLikeOption(input) && Missing(input) is { } problem) result.AddError(problem);
        });
        return inputs;
    }

    private static string? Missing(string input)
    {
        if (File.Exists(input) || Directory.Exists(input)) return null;
        if (input.IndexOfAny(['*', '?']) < 0) return $"no such file or folder: {input}";
        string folder = Path.GetDirectoryName(input) is { Length: > 0 } d ? d : ".";
        return Directory.Exists(folder) ? null : $"no such folder: {folder} (in the pattern {input})";
    }

    /// <summary>--thresholds of predict and extract: 0.4, or TYPE=0.3,TYPE.Role=0.5,…; a bad value is a usage error.</summary>
    public static Option<string?> Thresholds() => new("--thresholds")
    {
        Description = "relations/events thresholds: 0.4, or TYPE=0.3,TYPE.Role=0.5,trigger=0.4,argument=0.3 (default: the models' own)",
    };

    public static IReadOnlyDictionary<string, double> ParseThresholds(string? value)
    {
        try
        {
            return Nlp.Models.MaxEnt.ThresholdOverrides.Parse(value);
        }
        catch (ArgumentException e)
        {
            throw new UsageException($"--thresholds: {e.Message}");
        }
    }

    public static AnnotationSchema? ResolveSchema(string? name) => name is null ? null : Schemas.ByName(name);

    public static ReaderOptions Reader(string? schema, bool skipBad) => new()
    {
        Schema = ResolveSchema(schema),
        OnBadLine = skipBad ? BadLinePolicy.Skip : BadLinePolicy.Fail,
    };
}
