using System.CommandLine;
using System.Diagnostics;
using Nlp.Core.Formats;
using Nlp.Corpora;
using Nlp.Pipeline.Benchmarks;
using Nlp.Pipeline.Building;
using Nlp.Rules.Diagnostics;
using Nlp.Text;
using Nlp.Text.Diagnostics;

namespace Nlp.Cli.Commands;

/// <summary>
/// <c>nlp bench [--stage text|numbers|extract] [--tokens N] [--mb M] [--seeds DIR] [--run-on]</c>: single-thread throughput of a
/// stage on the seed texts repeated to at least N tokens (text) or M MB (numbers), or the whole pipeline (extract);
/// with <c>--run-on</c>, the whole pipeline's peak memory and speed on one document of prose against the same text
/// without sentence ends. Run it on a Release build: a Debug build measures the debugger's code.
/// </summary>
internal static class BenchCommand
{
    public static Command Create(CliConsole console)
    {
        var stage = new Option<string>("--stage") { Description = "the stage to measure: text, numbers (the rules), ner, or extract (alias all) for the whole pipeline end to end", DefaultValueFactory = _ => "text" };
        var megabytes = new Option<double?>("--mb") { Description = "extract, numbers: corpus size in MB built from the seeds (default 50 for extract, 5 for numbers)" };
        var workers = new Option<int>("--workers") { Description = "extract: parallel workers", DefaultValueFactory = _ => 2 };
        var models = new Option<string>("--models") { Description = "extract, ner: folder of model folders", DefaultValueFactory = _ => ModelsFolder.Default() };
        var tokens = new Option<long>("--tokens") { Description = "measure over at least this many tokens", DefaultValueFactory = _ => 5_000_000 };
        var seeds = new Option<string?>("--seeds") { Description = "folder of seed .txt files (default: shared/seeds, searched upward)" };
        var nerModel = new Option<string?>("--ner-model") { Description = "entity tagger model folder (--stage ner; default: the profile's tagger in --models)" };
        var input = new Option<string?>("--input") { Description = "documents for --stage ner (.jsonl, or .conll converted first; default: CoNLL-2003 dev from shared/corpora)" };
        var threads = new Option<int>("--threads") { Description = "torch threads for --stage ner", DefaultValueFactory = _ => 2 };
        var byRule = new Option<bool>("--by-rule") { Description = "numbers: also print the time of each rule, citation pattern and the normalization" };
        var profile = new Option<string>("--profile") { Description = "extract, ner: the pipeline profile to measure (accurate, the default, or fast)", DefaultValueFactory = _ => StageCatalog.DefaultProfile };
        profile.AcceptOnlyFromAmong([.. StageCatalog.Profiles]);
        var runOn = new Option<bool>("--run-on") { Description = "extract: peak memory and tokens/s of one document of --mb MB (default 1) of prose, then of the same text without sentence ends and line breaks (one run-on \"sentence\")" };
        var command = new Command("bench", "measure the throughput of a stage, or of the whole pipeline")
        {
            stage, tokens, seeds, megabytes, workers, models, nerModel, input, threads, byRule, profile, runOn,
        };
        command.SetAction(parse => console.Run(() =>
        {
            string which = parse.GetValue(stage)!;
            // --run-on measures the whole pipeline: --stage may be left out, but no other stage goes with it.
            if (parse.GetValue(runOn) && parse.GetResult(stage) is { Implicit: false } && which is not ("extract" or "all"))
                throw new UsageException("--run-on measures the whole pipeline: use it with --stage extract or without --stage");
            if (which == "ner") return BenchNer(console, parse.GetValue(models)!, parse.GetValue(profile)!, parse.GetValue(nerModel), parse.GetValue(input), parse.GetValue(threads));
            if (which is not ("text" or "numbers" or "extract" or "all")) throw new UsageException($"unknown stage \"{which}\" (known: text, numbers, ner, extract, all)");
            long minTokens = parse.GetValue(tokens);
            if (minTokens <= 0) throw new UsageException("--tokens must be positive");
            string dir = parse.GetValue(seeds) ?? SeedLocator.FindFromHere()
                ?? throw new UsageException($"no {SeedLocator.RelativePath} folder above {Environment.CurrentDirectory}; pass --seeds DIR");
            if (!Directory.Exists(dir)) throw new UsageException($"no such folder: {dir}");
            var files = SeedLocator.SeedFiles(dir);
            if (files.Count == 0) throw new UsageException($"no .txt files in {dir}");

            var texts = files.Select(File.ReadAllText).ToList();
            double? mb = parse.GetValue(megabytes);
            if (parse.GetValue(runOn)) return RunOn(console, texts, dir, mb ?? 1, parse.GetValue(workers), parse.GetValue(models)!, parse.GetValue(profile)!);
            if (which is "extract" or "all") return Extract(console, texts, dir, mb ?? 50, parse.GetValue(workers), parse.GetValue(models)!, parse.GetValue(profile)!);
            if (which is "numbers") return Numbers(console, texts, dir, mb ?? 5, parse.GetValue(byRule));
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

    private static int Numbers(CliConsole console, List<string> texts, string dir, double mb, bool profile)
    {
        if (mb <= 0) throw new UsageException("--mb must be positive");
        // Tokenized first, outside the clock: the numbers stage runs after the text stage in the pipeline.
        var segmenter = new TextStage();
        var documents = texts.Select((t, i) => segmenter.Process(new Core.Model.Document($"seed{i}", t))).ToList();
        console.Out.WriteLine($"corpus: {texts.Count} seed file(s) from {dir}, tokenized, repeated to at least {mb:0.#} MB");
#if DEBUG
        console.Out.WriteLine("warning: this is a Debug build; run with -c Release for meaningful figures");
#endif
        var r = RuleBenchmark.Run(documents, (long)(mb * 1e6));
        console.Out.WriteLine("numbers stage (rules + normalization + merge, one thread):");
        console.Out.WriteLine($"  {r.Documents:N0} documents, {r.Tokens:N0} tokens, {r.Utf8Bytes / 1e6:N1} MB UTF-8 ({r.Chars:N0} chars) in {r.Time.TotalSeconds:0.000} s");
        console.Out.WriteLine($"  {r.TokensPerSecond:N0} tokens/s, {r.MegabytesPerSecond:N2} MB/s, {r.AllocatedBytesPerToken:0.###} allocated bytes/token, {r.Entities:N0} entities");
        if (profile)
        {
            console.Out.WriteLine("where the time goes (each part alone, once over the seeds):");
            foreach (var p in RuleBenchmark.Profile(texts))
                console.Out.WriteLine($"  {p.Phase,-22} {p.Time.TotalMilliseconds,10:0.0} ms  {p.Hits,7:N0} hits");
        }
        return 0;
    }

    /// <summary>Checks the sizes both end-to-end benchmarks take and runs one in a temporary folder, removed after.</summary>
    private static int InWorkFolder(double mb, int workers, Func<string, int> run)
    {
        if (mb <= 0 || workers < 1) throw new UsageException("--mb must be positive and --workers at least 1");
        string work = Path.Combine(Path.GetTempPath(), "nlp-bench-" + Guid.NewGuid().ToString("N")[..8]);
        try
        {
            return run(work);
        }
        finally
        {
            try { Directory.Delete(work, recursive: true); } catch (IOException) { }
        }
    }

    private static int Extract(CliConsole console, List<string> texts, string dir, double mb, int workers, string models, string profile) =>
        InWorkFolder(mb, workers, work =>
        {
            console.Out.WriteLine($"corpus: {mb:0.#} MB of ~{ExtractionBenchmark.DocumentBytes / 1024} KB documents cut from the seeds in {dir}; {workers} worker(s), profile {profile}");
            var r = ExtractionBenchmark.Run(texts, mb, workers, models, work, profile: profile);
            foreach (var n in r.Notices) console.Out.WriteLine($"notice: {n}");
            console.Out.WriteLine($"end to end: {r.Documents:N0} documents, {r.Tokens:N0} tokens, {r.CorpusBytes / 1048576.0:N1} MB in {r.Elapsed.TotalSeconds:0.00} s");
            console.Out.WriteLine($"  {r.TokensPerSecond:N0} tokens/s, {r.DocumentsPerSecond:N1} documents/s, {r.CorpusBytes / 1048576.0 / r.Elapsed.TotalSeconds:N2} MB/s");
            console.Out.WriteLine($"  peak resident memory {r.PeakResidentBytes / 1048576.0:N0} MB; JSONL {r.JsonlBytes / 1048576.0:N1} MB, SQLite {r.DatabaseBytes / 1048576.0:N1} MB");
            console.Out.WriteLine("per stage (time summed over workers; tokens/s of one thread):");
            foreach (var s in r.Stages)
                console.Out.WriteLine($"  {s.Stage,-10} {s.Time.TotalSeconds,8:0.00} s  {s.TokensPerSecond,14:N0} tokens/s");
            return 0;
        });

    private static int RunOn(CliConsole console, List<string> texts, string dir, double mb, int workers, string models, string profile) =>
        InWorkFolder(mb, workers, work =>
        {
            console.Out.WriteLine($"one document of {mb:0.#} MB of the seeds' prose from {dir}, then the same without sentence ends and line breaks; {workers} worker(s), profile {profile}");
#if DEBUG
            console.Out.WriteLine("warning: this is a Debug build; run with -c Release for meaningful figures");
#endif
            var r = RunOnBenchmark.Run(texts, mb, workers, models, work, profile);
            foreach (var n in r.Normal.Notices.Concat(r.RunOn.Notices).Distinct()) console.Out.WriteLine($"notice: {n}");
            foreach (var (name, m) in new[] { ("prose", r.Normal), ("run-on", r.RunOn) })
                console.Out.WriteLine($"  {name,-7} {m.CorpusBytes / 1048576.0:N2} MB, {m.Tokens,9:N0} tokens in {m.Elapsed.TotalSeconds,7:0.0} s: " +
                                      $"{m.TokensPerSecond,7:N0} tokens/s, peak resident memory {m.PeakResidentBytes / 1048576.0:N0} MB");
            console.Out.WriteLine($"  run-on / prose: time {r.TimeRatio:0.00}x, peak memory {r.MemoryRatio:0.00}x");
            return 0;
        });

    /// <summary>The ner stage as predict runs it: built from the registry (the profile's tagger, or --ner-model) and run
    /// through the pipeline's runner, JSONL in and out.</summary>
    static int BenchNer(CliConsole console, string models, string profile, string? model, string? input, int threads)
    {
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
            Nlp.Models.Encoders.ContextualEncoders.Threads = threads;
            var built = PredictCommand.Build(StageCatalog.Default(profile), new PipelineRequest
            {
                ModelsDirectory = models,
                Stages = ["segment", "ner"],
                ModelFolders = model is null ? new Dictionary<string, string>() : new Dictionary<string, string> { ["ner"] = model },
            });
            var load = Stopwatch.StartNew();
            using var pipeline = built.Create();
            load.Stop();
            // The first pass includes JIT compilation and torch's first-call setup; the second is the steady state.
            var cold = PredictCommand.Run(input, Path.Combine(dir, "output.jsonl"), pipeline, keepEntities: false, TextWriter.Null, quiet: true);
            var run = PredictCommand.Run(input, Path.Combine(dir, "output.jsonl"), pipeline, keepEntities: false, TextWriter.Null, quiet: true);
            long peak = Process.GetCurrentProcess().PeakWorkingSet64;
            console.Out.WriteLine($"ner stage, model {built.Models.Single(m => m.Stage == "ner")}, {threads} torch thread(s), input {input}:");
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
