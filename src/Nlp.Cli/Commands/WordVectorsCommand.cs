using System.CommandLine;
using System.Diagnostics;
using Nlp.Models.Tagging;

namespace Nlp.Cli.Commands;

/// <summary>
/// <c>nlp word-vectors --text PATH[,PATH] --out FILE [--wordnet DIR] [--dim N] ...</c>: learns word vectors from
/// unlabeled prose (training-data/fetch-text-corpora.sh fetches public-domain text), for
/// <c>nlp train ner --word-vectors FILE</c>. Only for training: the file ships inside the model folder.
/// </summary>
internal static class WordVectorsCommand
{
    public static Command Create(CliConsole console)
    {
        var defaults = new WordVectorSettings();
        var text = new Option<string>("--text")
        {
            Description = "plain-text files or folders (every *.txt below them), and corpora (.conll, CoNLL04 .json, .jsonl) whose text is read; comma-separated",
            Required = true,
        };
        var output = new Option<string>("--out") { Description = "word vector file to write (.bin.gz)", Required = true };
        var wordNet = new Option<string?>("--wordnet")
        {
            Description = "WordNet database folder whose glosses join the text, or 'none'",
            DefaultValueFactory = _ => GazetteerSources.Default().WordNet,
        };
        var dim = new Option<int>("--dim") { DefaultValueFactory = _ => defaults.Dimension };
        var window = new Option<int>("--window") { DefaultValueFactory = _ => defaults.Window };
        var minCount = new Option<int>("--min-count") { DefaultValueFactory = _ => defaults.MinCount };
        var maxWords = new Option<int>("--max-words") { DefaultValueFactory = _ => defaults.MaxWords };
        var epochs = new Option<int>("--epochs") { DefaultValueFactory = _ => defaults.Epochs };
        var seed = new Option<int>("--seed") { DefaultValueFactory = _ => defaults.Seed };
        var command = new Command("word-vectors", "learn word vectors from unlabeled text for the entity tagger's features")
            { text, output, wordNet, dim, window, minCount, maxWords, epochs, seed };
        command.SetAction(parse => console.Run(() =>
        {
            var settings = defaults with
            {
                Dimension = parse.GetValue(dim), Window = parse.GetValue(window), MinCount = parse.GetValue(minCount),
                MaxWords = parse.GetValue(maxWords), Epochs = parse.GetValue(epochs), Seed = parse.GetValue(seed),
            };
            try { settings.Validate(); }
            catch (ArgumentException e) { throw new UsageException(e.Message); }

            var sentences = new List<string[]>();
            foreach (var path in DocumentFiles.SplitList(parse.GetValue(text)))
            {
                int before = sentences.Count;
                foreach (var file in TextFiles(path))
                    sentences.AddRange(Path.GetExtension(file).Equals(".txt", StringComparison.OrdinalIgnoreCase)
                        ? WordVectorCorpus.Sentences(File.ReadAllText(file))
                        : DocumentFiles.Read(file).SelectMany(d => WordVectorCorpus.Sentences(d.Text)));
                console.Error.WriteLine($"{path}: {sentences.Count - before:N0} sentences");
            }
            if (parse.GetValue(wordNet) is { Length: > 0 } folder && folder != "none")
            {
                if (!Directory.Exists(folder)) throw new UsageException($"--wordnet: no folder {folder}");
                int before = sentences.Count;
                sentences.AddRange(WordVectorCorpus.WordNetGlosses(folder));
                console.Error.WriteLine($"{folder}: {sentences.Count - before:N0} glosses");
            }

            var clock = Stopwatch.StartNew();
            var vectors = WordVectorTrainer.Fit(sentences, settings, new SyncProgress<string>(console.Error.WriteLine));
            string outPath = parse.GetValue(output)!;
            Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(outPath))!);
            vectors.Save(outPath);
            console.Out.WriteLine($"wrote {outPath}: {vectors.Count:N0} words x {vectors.Dimension}, {new FileInfo(outPath).Length / 1024:N0} KB, {clock.Elapsed.TotalSeconds:F0} s");
            return 0;
        }));
        return command;
    }

    static IEnumerable<string> TextFiles(string path)
    {
        if (Directory.Exists(path))
            return Directory.EnumerateFiles(path, "*.txt", SearchOption.AllDirectories).Order(StringComparer.Ordinal);
        if (File.Exists(path)) return [path];
        throw new UsageException($"--text: no file or folder {path}");
    }
}
