using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;
using System.Numerics;

namespace Nlp.Cli;

/// <summary>
/// Usage checks every command gets, made by the parser so that a wrong command line is refused before a command
/// runs (nothing written, no output or errors.jsonl touched), and the one place that turns parse errors into exit 2.
/// </summary>
internal static class UsageRules
{
    public const int ExitCode = 2;

    /// <summary>Installs the rules on the command and all its subcommands.</summary>
    public static void Apply(Command command)
    {
        // First, so that "--wrokers 3" is reported as an unknown option before its value as a missing file.
        foreach (var argument in command.Arguments) argument.Validators.Insert(0, NoUnknownOptions);
        foreach (var option in command.Options) NumberParsers.Install(option);
        foreach (var subcommand in command.Subcommands) Apply(subcommand);
    }

    /// <summary>Prints the parse errors (a misspelled command or option with the nearest known name) and a pointer to
    /// the command's help, and returns the usage exit code.</summary>
    public static int Report(ParseResult parse, TextWriter error)
    {
        var command = parse.CommandResult.Command;
        var unmatched = parse.UnmatchedTokens;
        if (command.Subcommands.Count > 0 && unmatched.FirstOrDefault(t => !LooksLikeOption(t)) is { } typed)
        {
            // "nlp extarct docs": one line about the command, not one per word the parser could not place.
            error.WriteLine($"error: unknown command '{typed}'{Guess(typed, command.Subcommands.Select(c => c.Name))}");
        }
        else
        {
            // The parser's own line for a word it could not place says "command or argument": said here more precisely.
            foreach (var e in parse.Errors.Where(e => !unmatched.Any(t => e.Message.Contains($"'{t}'", StringComparison.Ordinal))))
                error.WriteLine($"error: {e.Message}");
            foreach (var token in unmatched)
                error.WriteLine(LooksLikeOption(token)
                    ? $"error: unknown option '{token}'{Guess(token, OptionNames(command))}"
                    : $"error: unexpected argument '{token}'");
        }
        error.WriteLine($"see: {CommandPath(parse.CommandResult)} --help");
        return ExitCode;
    }

    /// <summary>A token that looks like an option but matched none: the parser would take it as an input file name.</summary>
    public static bool LooksLikeOption(string token) =>
        token.Length > 1 && token[0] == '-' && !double.TryParse(token, NumberStyles.Float, CultureInfo.InvariantCulture, out _);

    private static void NoUnknownOptions(ArgumentResult result)
    {
        var command = (result.Parent as CommandResult)?.Command;
        foreach (var token in result.Tokens.Where(t => LooksLikeOption(t.Value)))
            result.AddError($"unknown option '{token.Value}'{(command is null ? "" : Guess(token.Value, OptionNames(command)))}" +
                            $"; a file whose name begins with '-' can be given as ./{token.Value}");
    }

    private static IEnumerable<string> OptionNames(Command command) => command.Options.SelectMany(o => o.Aliases.Prepend(o.Name));

    /// <summary>" (did you mean 'X'?)" for the known name nearest to a mistyped one, when near enough to be a typo.</summary>
    private static string Guess(string typed, IEnumerable<string> names) =>
        names.Select(n => (Name: n, Distance: EditDistance(typed, n)))
            .Where(c => c.Distance <= 2 && c.Distance * 2 < c.Name.Length - 1)
            .OrderBy(c => c.Distance).Select(c => $" (did you mean '{c.Name}'?)").FirstOrDefault() ?? "";

    private static int EditDistance(string a, string b)
    {
        var row = Enumerable.Range(0, b.Length + 1).ToArray();
        for (int i = 1; i <= a.Length; i++)
        {
            int diagonal = row[0];
            row[0] = i;
            for (int j = 1; j <= b.Length; j++)
            {
                int above = row[j];
                row[j] = Math.Min(Math.Min(row[j] + 1, row[j - 1] + 1), diagonal + (a[i - 1] == b[j - 1] ? 0 : 1));
                diagonal = above;
            }
        }
        return row[b.Length];
    }

    private static string CommandPath(CommandResult? result)
    {
        var names = new List<string>();
        for (var r = result; r is not null; r = r.Parent as CommandResult)
            names.Insert(0, r.Parent is null ? "nlp" : r.Command.Name);
        return string.Join(' ', names);
    }

    /// <summary>Number options parsed with a message naming the option and what it wants, instead of the parser's
    /// default, which names a .NET type ("as expected type 'System.Int32'").</summary>
    private static class NumberParsers
    {
        public static void Install(Option option)
        {
            switch (option)
            {
                case Option<int> o when o.CustomParser is null: o.CustomParser = Parser<int>(o.Name, "a whole number", NumberStyles.Integer); break;
                case Option<long> o when o.CustomParser is null: o.CustomParser = Parser<long>(o.Name, "a whole number", NumberStyles.Integer | NumberStyles.AllowThousands); break;
                case Option<double> o when o.CustomParser is null: o.CustomParser = Parser<double>(o.Name, "a number", NumberStyles.Float); break;
                case Option<double?> o when o.CustomParser is null:
                    var parse = Parser<double>(o.Name, "a number", NumberStyles.Float);
                    o.CustomParser = r => parse(r);
                    break;
            }
        }

        private static Func<ArgumentResult, T> Parser<T>(string option, string what, NumberStyles styles) where T : INumber<T> => result =>
        {
            if (result.Tokens.Count == 0) return default!;
            string text = result.Tokens[^1].Value;
            if (T.TryParse(text, styles, CultureInfo.InvariantCulture, out var value)) return value;
            result.AddError($"{option}: '{text}' is not {what}");
            return default!;
        };
    }
}
