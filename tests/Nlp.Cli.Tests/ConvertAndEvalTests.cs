using Newtonsoft.Json.Linq;
using Nlp.Core.Formats;

namespace Nlp.Cli.Tests;

public class ConvertAndEvalTests
{
    private static IEnumerable<(string Token, string Tag)> TokensAndTags(string conllPath) =>
        File.ReadLines(conllPath).Where(l => l.Trim().Length > 0).Select(l => l.Split(' ')).Select(c => (c[0], c[^1]));

    [Fact]
    public void Conll2003DevConvertsToJsonlAndBackWithTheSameTokensAndTags()
    {
        string dev = TestPaths.Shared("corpora/conll2003/dev.conll");
        string dir = TestPaths.TempDir();
        string jsonl = Path.Combine(dir, "dev.jsonl"), back = Path.Combine(dir, "dev.conll");

        Assert.Equal(0, CliResult.Run("convert", "--from", "conll2003", "--to", "jsonl", dev, jsonl).ExitCode);
        Assert.Equal(0, CliResult.Run("convert", "--from", "jsonl", "--to", "conll2003", jsonl, back).ExitCode);

        Assert.Equal(TokensAndTags(dev), TokensAndTags(back));
        // Beyond tokens and tags, every line (POS and chunk columns too) comes back as it was.
        Assert.Equal(File.ReadLines(dev).Where(l => l.Length > 0), File.ReadLines(back).Where(l => l.Length > 0));

        var validate = CliResult.Run("validate", jsonl);
        Assert.Equal(0, validate.ExitCode);
        Assert.Contains("entities: 5942", validate.Out);
        Assert.Contains("documents: 3250", validate.Out);
    }

    [Fact]
    public void ConvertedDocumentsCarryTokensSentencesAndSingleSpacedText()
    {
        string dir = TestPaths.TempDir();
        string conll = Path.Combine(dir, "in.conll"), jsonl = Path.Combine(dir, "out.jsonl");
        File.WriteAllText(conll, "-DOCSTART- -X- -X- O\n\nEU NNP B-NP B-ORG\nrejects VBZ B-VP O\nGerman JJ B-NP B-MISC\ncall NN I-NP O\n\nPeter NNP B-NP B-PER\nBlackburn NNP I-NP I-PER\n\n");
        Assert.Equal(0, CliResult.Run("convert", "--from", "conll2003", "--to", "jsonl", conll, jsonl).ExitCode);

        var doc = Assert.Single(JsonlReader.ReadAll(jsonl));
        Assert.Equal("EU rejects German call\nPeter Blackburn", doc.Text);
        Assert.Equal(6, doc.Tokens!.Value.Length);
        Assert.Equal(2, doc.Sentences!.Value.Length);
        Assert.Equal(["EU/ORG", "German/MISC", "Peter Blackburn/PER"], doc.Entities.Select(e => $"{doc.TextOf(e.Span)}/{e.Label}"));
    }

    [Fact]
    public void EvalOfAFileAgainstItselfIsPerfectEverywhere()
    {
        string train = Path.Combine(TestPaths.RepoRoot, "training-data", "dev.jsonl");
        var result = CliResult.Run("eval", "--gold", train, "--pred", train, "--json");
        Assert.Equal(0, result.ExitCode);

        var report = JObject.Parse(result.Out);
        var f1s = report.Descendants().OfType<JProperty>().Where(p => p.Name == "f1").Select(p => (double)p.Value).ToList();
        Assert.True(f1s.Count > 50, "the report should score every label, type, role and relation");
        Assert.All(f1s, f => Assert.Equal(100.0, f));
        Assert.True((int)report["triggers"]!["micro"]!["gold"]! > 100);
    }

    [Fact]
    public void EvalPrintsAReadableTableByDefault()
    {
        string dev = Path.Combine(TestPaths.RepoRoot, "training-data", "dev.jsonl");
        var result = CliResult.Run("eval", "--gold", dev, "--pred", dev);
        Assert.Equal(0, result.ExitCode);
        Assert.Contains("arguments (overlap)", result.Out);
        Assert.Contains("micro", result.Out);
    }

    [Fact]
    public void ValidateNamesFileAndLineOfABadDocumentAndFails()
    {
        string dir = TestPaths.TempDir();
        string path = Path.Combine(dir, "bad.jsonl");
        File.WriteAllLines(path,
        [
            """{"id":"a","text":"Stalin","entities":[{"start":0,"end":6,"label":"PERSON"}]}""",
            """{"id":"b","text":"Stalin","entities":[{"start":0,"end":6,"label":"DICTATOR"}]}""",
            """{"id":"c","text":"Stalin","entities":[{"start":0,"end":60,"label":"PERSON"}]}""",
        ]);
        var stopAtFirst = CliResult.Run("validate", path);
        Assert.Equal(1, stopAtFirst.ExitCode);
        Assert.Contains("bad.jsonl:2:", stopAtFirst.Error);
        Assert.Contains("DICTATOR", stopAtFirst.Error);

        var all = CliResult.Run("validate", "--all", path);
        Assert.Equal(1, all.ExitCode);
        Assert.Contains("bad.jsonl:3:", all.Error);
        Assert.Contains("out of range", all.Error);
        Assert.Contains("documents: 1", all.Out);
        Assert.Contains("bad lines: 2", all.Out);
    }

    [Fact]
    public void ConvertRefusesAnUnknownFormatAsAUsageError()
    {
        var result = CliResult.Run("convert", "--from", "xml", "--to", "jsonl", "a", "b");
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("cannot read format 'xml'", result.Error);
    }

    [Fact]
    public void BratFolderWithABrokenLineIsReportedWithFileAndLine()
    {
        string dir = TestPaths.TempDir();
        string brat = Path.Combine(dir, "brat");
        Directory.CreateDirectory(brat);
        File.WriteAllText(Path.Combine(brat, "d1.txt"), "Koreans were deported in 1937.");
        File.WriteAllText(Path.Combine(brat, "d1.ann"), "T1\tNORP 0 7\tKoreans\nT2\tDATE twenty 29\t1937\n");
        var result = CliResult.Run("convert", "--from", "brat", "--to", "jsonl", brat, Path.Combine(dir, "out.jsonl"));
        Assert.Equal(1, result.ExitCode);
        Assert.Contains("d1.ann:2:", result.Error);
    }

    [Fact]
    public void Conll04TrainConvertsWithItsLabelsAndRelations()
    {
        string dir = TestPaths.TempDir();
        string jsonl = Path.Combine(dir, "c04.jsonl");
        Assert.Equal(0, CliResult.Run("convert", "--from", "conll04", "--to", "jsonl", TestPaths.Shared("corpora/conll04/train.json"), jsonl).ExitCode);
        var validate = CliResult.Run("validate", jsonl);
        Assert.Equal(0, validate.ExitCode);
        Assert.Contains("documents: 922", validate.Out);
        Assert.Contains("entities: 3377", validate.Out);
        Assert.Contains("relations: 1283", validate.Out);
    }
}
