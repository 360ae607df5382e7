using Newtonsoft.Json.Linq;
using Nlp.Core.Model;

namespace Nlp.Corpora.Annotation;

/// <summary>
/// Builds the training data: splits every seed into passages, compiles the annotation scripts against
/// them, and assigns each seed passage to train or dev deterministically (every fifth passage of a seed,
/// counting from the fourth, goes to dev; a seed of fewer than five passages gives its last one).
/// Synthetic passages (our own writing) are kept apart and never go to dev. Dev-other passages (our own
/// writing in genres and about episodes the training data lacks, annotated without reading the training
/// annotations) live in a folder of their own and only ever serve evaluation.
/// </summary>
public sealed class TrainingDataBuilder
{
    public TrainingDataBuilder(string seedsDirectory, string annotationsDirectory, string? devOtherDirectory = null)
    {
        SeedsDirectory = seedsDirectory;
        AnnotationsDirectory = annotationsDirectory;
        DevOtherDirectory = devOtherDirectory;
    }

    public string SeedsDirectory { get; }
    public string AnnotationsDirectory { get; }
    /// <summary>The folder of dev-other scripts; none when null or missing.</summary>
    public string? DevOtherDirectory { get; }

    public sealed record Result(
        IReadOnlyList<Document> Train,
        IReadOnlyList<Document> Dev,
        IReadOnlyList<Document> Synthetic,
        IReadOnlyList<Document> DevOther,
        IReadOnlyList<Passage> Unannotated,
        IReadOnlyList<CompileError> Errors);

    /// <summary>Every seed passage, in order: what annotators annotate.</summary>
    public IReadOnlyList<Passage> Passages() =>
        SeedFiles().SelectMany(f => PassageSplitter.Split(Path.GetFileNameWithoutExtension(f), ReadSeed(f))).ToList();

    public static bool IsDev(Passage p, int passagesInSeed) =>
        passagesInSeed < 5 ? p.Index == passagesInSeed - 1 : p.Index % 5 == 3;

    public Result Build()
    {
        var compiler = new AnnotationCompiler();
        var blocks = new Dictionary<string, PassageBlock>();
        foreach (var (directory, devOther) in ScriptDirectories())
            foreach (var file in Directory.EnumerateFiles(directory, "*.ann").OrderBy(f => f, StringComparer.Ordinal))
            {
                var script = AnnotationScript.Parse(Path.GetFileName(file), File.ReadLines(file), compiler.Errors);
                foreach (var block in script.Blocks)
                {
                    if ((block.Kind == PassageKind.DevOther) != devOther)
                    {
                        compiler.Errors.Add(new CompileError(script.File, block.HeaderLine, devOther
                            ? $"passage {block.PassageId}: the dev-other folder holds only 'dev-other' passages"
                            : $"passage {block.PassageId}: 'dev-other' passages belong in the dev-other folder, apart from training annotations"));
                        continue;
                    }
                    if (!blocks.TryAdd(block.PassageId, block))
                        compiler.Errors.Add(new CompileError(script.File, block.HeaderLine, $"passage {block.PassageId} is annotated twice"));
                }
            }

        var train = new List<Document>();
        var dev = new List<Document>();
        var synthetic = new List<Document>();
        var devOtherDocs = new List<Document>();
        var unannotated = new List<Passage>();
        var seedPassageIds = new HashSet<string>();

        foreach (var seed in SeedFiles())
        {
            var source = Path.GetFileNameWithoutExtension(seed);
            var passages = PassageSplitter.Split(source, ReadSeed(seed));
            foreach (var p in passages)
            {
                seedPassageIds.Add(p.Id);
                if (!blocks.TryGetValue(p.Id, out var block)) { unannotated.Add(p); continue; }
                if (block.HasOwnText)
                {
                    compiler.Errors.Add(new CompileError(block.Lines.FirstOrDefault()?.File ?? "", block.HeaderLine, $"{p.Id} is a seed passage, not synthetic"));
                    continue;
                }
                var meta = new JObject
                {
                    ["source"] = Path.GetFileName(seed),
                    ["passage"] = p.Index,
                    ["start"] = p.Start,
                    ["end"] = p.End,
                    ["synthetic"] = false,
                };
                var doc = compiler.Compile(block, p.Id, p.Text, meta);
                if (doc is not null) (IsDev(p, passages.Count) ? dev : train).Add(doc);
            }
        }

        foreach (var block in blocks.Values.Where(b => !seedPassageIds.Contains(b.PassageId)).OrderBy(b => b.PassageId, StringComparer.Ordinal))
        {
            if (!block.HasOwnText)
            {
                compiler.Errors.Add(new CompileError(block.Lines.FirstOrDefault()?.File ?? "", block.HeaderLine,
                    $"no seed passage has id {block.PassageId} (a passage of our own writing is marked 'synthetic')"));
                continue;
            }
            var text = string.Join("\n", block.TextLines);
            if (text.Trim().Length == 0)
            {
                compiler.Errors.Add(new CompileError("", block.HeaderLine, $"synthetic passage {block.PassageId} has no '>' text lines"));
                continue;
            }
            bool devOther = block.Kind == PassageKind.DevOther;
            var meta = new JObject { ["source"] = devOther ? "dev-other" : "synthetic", ["synthetic"] = true };
            if (devOther) meta["dev_other"] = true;
            if (block.Genre is not null) meta["genre"] = block.Genre;
            var doc = compiler.Compile(block, block.PassageId, text, meta);
            if (doc is not null) (devOther ? devOtherDocs : synthetic).Add(doc);
        }
        return new Result(train, dev, synthetic, devOtherDocs, unannotated, compiler.Errors);
    }

    private IEnumerable<(string Directory, bool DevOther)> ScriptDirectories()
    {
        yield return (AnnotationsDirectory, false);
        if (DevOtherDirectory is not null && Directory.Exists(DevOtherDirectory)) yield return (DevOtherDirectory, true);
    }

    private IEnumerable<string> SeedFiles() =>
        Directory.EnumerateFiles(SeedsDirectory, "*.txt").OrderBy(f => f, StringComparer.Ordinal);

    // Seeds are UTF-8; line endings are kept as they are, so offsets match the file.
    private static string ReadSeed(string path) => File.ReadAllText(path);
}
