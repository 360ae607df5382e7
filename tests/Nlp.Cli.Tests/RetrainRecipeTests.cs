using Nlp.Cli.Commands;
using Nlp.Core.Manifests;

namespace Nlp.Cli.Tests;

/// <summary>The <c>nlp train</c> command lines a model's recorded recipe turns into.</summary>
public class RetrainRecipeTests
{
    /// <summary>A tagger folder with its gazetteer and word-vector copies, whose manifest (upgraded from an older format,
    /// as every shipped tagger's is) lists neither in its recipe.</summary>
    static (string Folder, ModelManifest Manifest) TaggerWithLexiconCopies()
    {
        string root = TestPaths.TempDir();
        string folder = Path.Combine(root, "models", "ner");
        Directory.CreateDirectory(folder);
        File.WriteAllText(Path.Combine(folder, "gazetteer.tsv.gz"), "");
        File.WriteAllText(Path.Combine(folder, "word-vectors.bin.gz"), "");
        string train = Path.Combine(root, "train.jsonl"), dev = Path.Combine(root, "dev.jsonl");
        File.WriteAllText(train, "");
        File.WriteAllText(dev, "");
        var manifest = new ModelManifest
        {
            Kind = "entity-tagger", Name = "ner",
            Recipe = new TrainingRecipe { Command = "nlp train ner", TrainingData = [new DataFile(train, "")], DevData = [new DataFile(dev, "")] },
        };
        return (folder, manifest);
    }

    [Fact]
    public void A_full_tagger_retrain_reads_the_gazetteer_and_word_vectors_the_model_folder_holds()
    {
        var (folder, manifest) = TaggerWithLexiconCopies();
        var recipe = new RetrainRecipe(manifest, folder, Path.GetDirectoryName(folder)!, TextWriter.Null);

        var args = recipe.FullArguments("ner", "corrections.jsonl", "out");

        Assert.Equal(Path.Combine(folder, "gazetteer.tsv.gz"), args[Array.IndexOf(args, "--gazetteer") + 1]);
        Assert.Equal(Path.Combine(folder, "word-vectors.bin.gz"), args[Array.IndexOf(args, "--word-vectors") + 1]);
    }

    [Fact]
    public void A_tagger_without_lexicons_is_retrained_without_them()
    {
        var (folder, manifest) = TaggerWithLexiconCopies();
        File.Delete(Path.Combine(folder, "gazetteer.tsv.gz"));
        File.Delete(Path.Combine(folder, "word-vectors.bin.gz"));

        var args = new RetrainRecipe(manifest, folder, Path.GetDirectoryName(folder)!, TextWriter.Null).FullArguments("ner", "corrections.jsonl", "out");

        Assert.DoesNotContain("--gazetteer", args);
        Assert.DoesNotContain("--word-vectors", args);
    }
}
