using System.CommandLine;
using Nlp.Text.Diagnostics;

namespace Nlp.Cli.Commands;

/// <summary>
/// <c>nlp bench [--stage text] [--tokens N] [--seeds DIR]</c>: single-thread throughput of a stage on the seed
/// texts repeated to at least N tokens. Run it on a Release build: a Debug build measures the debugger's code.
/// </summary>
internal static class BenchCommand
{
    public static Command Create(CliConsole console)
    {
        var stage = new Option<string>("--stage") { Description = "the stage to measure: text", DefaultValueFactory = _ => "text" };
        var tokens = new Option<long>("--tokens") { Description = "measure over at least this many tokens", DefaultValueFactory = _ => 5_000_000 };
        var seeds = new Option<string?>("--seeds") { Description = "folder of seed .txt files (default: shared/seeds, searched upward)" };
        var command = new Command("bench", "measure a stage's single-thread throughput on the seed texts") { stage, tokens, seeds };
        command.SetAction(parse => console.Run(() =>
        {
            if (parse.GetValue(stage) != "text") throw new UsageException($"unknown stage \"{parse.GetValue(stage)}\" (known: text)");
            long minTokens = parse.GetValue(tokens);
            if (minTokens <= 0) throw new UsageException("--tokens must be positive");
            string dir = parse.GetValue(seeds) ?? SeedLocator.FindFromHere()
                ?? throw new UsageException($"no {SeedLocator.RelativePath} folder above {Environment.CurrentDirectory}; pass --seeds DIR");
            if (!Directory.Exists(dir)) throw new UsageException($"no such folder: {dir}");
            var files = SeedLocator.SeedFiles(dir);
            if (files.Count == 0) throw new UsageException($"no .txt files in {dir}");

            var texts = files.Select(File.ReadAllText).ToList();
            console.Out.WriteLine($"corpus: {files.Count} seed file(s) from {dir}, repeated to at least {minTokens:N0} tokens");
#if DEBUG
            console.Out.WriteLine("warning: this is a Debug build; run with -c Release for meaningful figures");
#endif
            var r = TextBenchmark.Run(texts, minTokens);
            console.Out.WriteLine("tokenization + sentence splitting (normalized text, one thread):");
            console.Out.WriteLine($"  {r.Tokens:N0} tokens, {r.Sentences:N0} sentences in {r.SegmentTime.TotalSeconds:0.000} s");
            console.Out.WriteLine($"  {r.TokensPerSecond:N0} tokens/s, {r.AllocatedBytesPerToken:0.###} allocated bytes/token");
            console.Out.WriteLine("normalization (one thread):");
            console.Out.WriteLine($"  {r.NormalizedBytes / 1e6:N1} MB UTF-8 ({r.NormalizedChars:N0} chars) in {r.NormalizeTime.TotalSeconds:0.000} s: {r.NormalizeMegabytesPerSecond:N1} MB/s");
            console.Out.WriteLine("whole stage (normalize + tokenize + split + map to original offsets):");
            console.Out.WriteLine($"  {r.StageTokens:N0} tokens in {r.StageTime.TotalSeconds:0.000} s: {r.StageTokensPerSecond:N0} tokens/s");
            return 0;
        }));
        return command;
    }
}
