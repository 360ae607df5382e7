using System.Text.RegularExpressions;
using Newtonsoft.Json.Linq;

namespace Nlp.Cli.Tests;

/// <summary>
/// docs/FORMAT.md shows the provenance of a real `nlp extract samples/` record. A new model, model version or
/// provenance field changes the real one; this test then fails and prints the record to paste into the page.
/// </summary>
public sealed partial class ProvenanceExampleTests
{
    private const string Sample = "karelian-fever.txt";

    [GeneratedRegex(@"<!-- provenance-example: samples/karelian-fever\.txt[^>]*-->\s*```json\s*(?<json>.*?)```", RegexOptions.Singleline)]
    private static partial Regex ExampleBlock();

    [Fact]
    public void The_provenance_example_in_FORMAT_md_is_what_extract_writes_today()
    {
        string page = File.ReadAllText(Path.Combine(TestPaths.RepoRoot, "docs", "FORMAT.md"));
        var block = ExampleBlock().Match(page);
        Assert.True(block.Success, "docs/FORMAT.md: no provenance example after its provenance-example marker");
        var documented = (JObject)JObject.Parse("{" + block.Groups["json"].Value + "}")["provenance"]!;

        string dir = TestPaths.TempDir();
        string input = Path.Combine(dir, Sample), output = Path.Combine(dir, "documents.jsonl");
        File.Copy(Path.Combine(TestPaths.RepoRoot, "samples", Sample), input);
        var run = CliResult.Run("extract", input, "--out", output, "--db", "none", "--models", Path.Combine(TestPaths.RepoRoot, "models"));
        Assert.True(run.ExitCode == 0, run.Error);
        var actual = (JObject)JObject.Parse(File.ReadAllLines(output).Single())["provenance"]!;

        // Where the repository lives and when the run happened differ from run to run; everything else must not.
        Assert.EndsWith("/samples/" + Sample, (string?)documented["path"]);
        Assert.Equal(input, (string?)actual["path"]);
        Assert.True(DateTimeOffset.TryParse((string?)documented["extracted_at"], out _), "extracted_at is not a time");
        foreach (var json in new[] { documented, actual })
        {
            json.Remove("path");
            json.Remove("extracted_at");
            MaskSegmentVersion(json);
        }
        Assert.True(JToken.DeepEquals(documented, actual),
            $"docs/FORMAT.md's provenance example is stale; today's run gives:\n{actual}");
    }

    /// <summary>The segment stage's version is a hash of the compiled text code (TextStage.Version): a Debug build,
    /// the Release build the page was made with and every change to the tokenizer give another. Only its form is
    /// compared.</summary>
    private static void MaskSegmentVersion(JObject provenance)
    {
        var segment = (JObject)provenance["models"]!.Single(m => (string?)m["stage"] == "segment");
        string version = (string)segment["version"]!;
        Assert.Matches("^text-[0-9a-f]{12}$", version);
        segment["version"] = "text-…";
        provenance["pipeline"] = ((string)provenance["pipeline"]!).Replace("segment@" + version, "segment@text-…");
    }
}
