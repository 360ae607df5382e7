namespace Nlp.Cli.Tests;

/// <summary>
/// A wrong command line exits 2 before anything is written, with a message naming what was wrong in the user's
/// terms (the option, never a .NET type); an option-like word is never taken as an input file.
/// </summary>
public sealed class UsageErrorTests
{
    /// <summary>An input file and an output folder that already holds an earlier run's errors.jsonl.</summary>
    private static (string Input, string Output, string Errors) Setup()
    {
        string dir = TestPaths.TempDir();
        string input = Path.Combine(dir, "memo.txt");
        File.WriteAllText(input, "In 1937 the Koreans were deported to Kazakhstan.\n");
        string errors = Path.Combine(dir, "out", "errors.jsonl");
        Directory.CreateDirectory(Path.GetDirectoryName(errors)!);
        File.WriteAllText(errors, "{\"earlier\": true}\n");
        return (input, Path.Combine(dir, "out", "documents.jsonl"), errors);
    }

    /// <summary>Runs extract with the given arguments added and checks exit 2 with nothing written.</summary>
    private static string RefusedExtract(params string[] args)
    {
        var (input, output, errors) = Setup();
        var result = CliResult.Run(["extract", .. args.Select(a => a == "INPUT" ? input : a), "--out", output]);
        Assert.Equal(2, result.ExitCode);
        Assert.Equal("{\"earlier\": true}\n", File.ReadAllText(errors));
        Assert.False(File.Exists(output));
        Assert.False(File.Exists(Path.Combine(Path.GetDirectoryName(output)!, "nlp.db")));
        Assert.DoesNotContain("System.", result.Error);
        return result.Error;
    }

    [Fact]
    public void An_unknown_option_is_refused_not_taken_as_an_input_file()
    {
        string error = RefusedExtract("INPUT", "-x");
        Assert.Contains("unknown option '-x'", error);
        Assert.Contains("see: nlp extract --help", error);
    }

    [Fact]
    public void A_mistyped_option_is_refused_with_the_option_it_resembles()
    {
        string error = RefusedExtract("INPUT", "--wrokers", "3");
        Assert.Contains("unknown option '--wrokers' (did you mean '--workers'?)", error);
    }

    [Fact]
    public void A_misspelled_command_exits_2_with_the_command_it_resembles()
    {
        var result = CliResult.Run("extarct", "docs");
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("unknown command 'extarct' (did you mean 'extract'?)", result.Error);
    }

    [Fact]
    public void A_missing_option_value_names_the_option()
    {
        var (input, _, _) = Setup();
        var result = CliResult.Run("extract", input, "--out");
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("--out", result.Error);
    }

    [Theory]
    [InlineData("--workers", "abc", "--workers: 'abc' is not a whole number")]
    [InlineData("--max-mb", "lots", "--max-mb: 'lots' is not a number")]
    public void A_bad_number_names_the_option_not_a_type(string option, string value, string message)
    {
        Assert.Contains(message, RefusedExtract("INPUT", option, value));
    }

    [Fact]
    public void No_input_exits_2()
    {
        Assert.Contains("'inputs'", RefusedExtract());
    }

    [Fact]
    public void A_missing_input_file_leaves_no_output_and_no_database_behind()
    {
        string error = RefusedExtract("INPUT", "no-such-memo.txt");
        Assert.Contains("no such file or folder: no-such-memo.txt", error);
    }

    [Fact]
    public void Help_is_not_a_usage_error()
    {
        var result = CliResult.Run("extract", "--help");
        Assert.Equal(0, result.ExitCode);
        Assert.Contains("--stages", result.Out);
    }

    /// <summary>Every command, with an option it does not have: exit 2, the option named (some also lack a required
    /// option or argument; the unknown one is still named).</summary>
    [Theory]
    [InlineData("convert")]
    [InlineData("validate")]
    [InlineData("eval")]
    [InlineData("folds")]
    [InlineData("calibrate")]
    [InlineData("segment", "INPUT")]
    [InlineData("bench")]
    [InlineData("train", "ner")]
    [InlineData("train", "events")]
    [InlineData("train", "relations")]
    [InlineData("predict")]
    [InlineData("annotations")]
    [InlineData("annotations", "passages")]
    [InlineData("annotations", "build")]
    [InlineData("extract", "INPUT")]
    [InlineData("gazetteer")]
    [InlineData("word-vectors")]
    public void Every_command_refuses_an_unknown_option(params string[] command)
    {
        var (input, _, _) = Setup();
        var result = CliResult.Run([.. command.Select(a => a == "INPUT" ? input : a), "--no-such-option"]);
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("--no-such-option", result.Error);
    }

    [Fact]
    public void Segment_refuses_a_bad_number_and_a_missing_file_before_writing()
    {
        var (input, _, _) = Setup();
        string output = Path.Combine(Path.GetDirectoryName(input)!, "segments.jsonl");
        var bad = CliResult.Run("segment", input, "--max-mb", "x", "--output", output);
        Assert.Equal(2, bad.ExitCode);
        Assert.Contains("--max-mb: 'x' is not a number", bad.Error);
        var missing = CliResult.Run("segment", input + ".missing", "--output", output);
        Assert.Equal(2, missing.ExitCode);
        Assert.False(File.Exists(output));
    }
}
