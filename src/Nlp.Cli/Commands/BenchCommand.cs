using System.CommandLine;
using System.Diagnostics;
using Nlp.Core.Formats;
using Nlp.Models.Tagging;
using Nlp.Text.Diagnostics;

namespace Nlp.Cli.Commands;

/// <summary>
/// <c>nlp bench [--stage text] [--tokens N] [--seeds DIR]</c>: single-thread throughput of a stage on the seed
/// texts repeated to at least N tokens. <c>nlp bench --stage ner --ner-model DIR [--input F.jsonl] [--threads 2]</c>:
/// the entity tagger end to end, JSONL in to JSONL out (the predict loop), with model load time and peak memory.
/// Run it on a Release build: a Debug build measures the debugger's code.
/// </summary>
internal static class BenchCommand
{
    public static Command Create(CliConsole console)
    {
        var stage = new Option<string>("--stage") { Description = "the stage to measure: text", DefaultValueFactory = _ => "text" };
        var tokens = new Option<long>("--tokens") { Description = "measure over at least this many tokens", DefaultValueFactory = _ => 5_000_000 };
        var seeds = new Option<string?>("--seeds") { Description = "folder of seed .txt files (default: shared/seeds, searched upward)" };
        var nerModel = new Option<string?>("--ner-model") { Description = "entity tagger model folder (--stage ner)" };
        var input = new Option<string?>("--input") { Description = "documents for --stage ner (.jsonl, or .conll converted first; default: CoNLL-2003 dev from shared/corpora)" };
        var threads = new Option<int>("--threads") { Description = "torch threads for --stage ner", DefaultValueFactory = _ => 2 };
        var command = new Command("bench", "measure a stage's throughput") { stage, tokens, seeds, nerModel, input, threads };
        command.SetAction(parse => console.Run(() =>
        {
            if (parse.GetValue(stage) == "ner") return BenchNer(console, parse.GetValue(nerModel), parse.GetValue(input), parse.GetValue(threads));
            if (parse.GetValue(stage) != "text") throw new UsageException($"unknown stage \"{parse.GetValue(stage)}\" (known: text, ner)");
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

    static int BenchNer(CliConsole console, string? model, string? input, int threads)
    {
        if (model is null) throw new UsageException("--stage ner needs --ner-model FOLDER");
        if (threads < 1) throw new UsageException("--threads must be at least 1");
        string dir = Path.Combine(Path.GetTempPath(), "nlp-bench-" + Environment.ProcessId);
        Directory.CreateDirectory(dir);
        try
        {
            input ??= SharedData.Locate("corpora/conll2003/dev.conll");
            if (!input.EndsWith(".jsonl", StringComparison.OrdinalIgnoreCase))
            {
                string converted = Path.Combine(dir, "input.jsonl");
                JsonlWriter.WriteFile(converted, DocumentFiles.Read(input));
                input = converted;
            }
#if DEBUG
            console.Out.WriteLine("warning: this is a Debug build; run with -c Release for meaningful figures");
#endif
            Nlp.Models.TorchSetup.Seed(0, threads);
            var load = Stopwatch.StartNew();
            var tagger = PredictStages.LoadTagger(model);
            load.Stop();
            // The first pass includes JIT compilation and torch's first-call setup; the second is the steady state.
            var cold = PredictCommand.Run(input, Path.Combine(dir, "output.jsonl"), [new EntityTaggerStage(tagger)], TextWriter.Null, quiet: true);
            var run = PredictCommand.Run(input, Path.Combine(dir, "output.jsonl"), [new EntityTaggerStage(tagger)], TextWriter.Null, quiet: true);
            long peak = Process.GetCurrentProcess().PeakWorkingSet64;
            console.Out.WriteLine($"ner stage, model {model} ({tagger.Manifest?.Version}), {threads} torch thread(s), input {input}:");
            console.Out.WriteLine($"  model load: {load.Elapsed.TotalMilliseconds:F0} ms");
            console.Out.WriteLine($"  JSONL in -> JSONL out, first pass: {cold.Written:N0} documents, {cold.Tokens:N0} tokens in {cold.Elapsed.TotalSeconds:F2} s: {cold.Tokens / cold.Elapsed.TotalSeconds:N0} tokens/s");
            console.Out.WriteLine($"  JSONL in -> JSONL out, second pass: {run.Tokens:N0} tokens in {run.Elapsed.TotalSeconds:F2} s: {run.Tokens / run.Elapsed.TotalSeconds:N0} tokens/s");
            console.Out.WriteLine($"  peak working set: {peak / 1048576.0:N0} MB");
            return 0;
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }
}
