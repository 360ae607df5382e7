using Newtonsoft.Json.Linq;
using Nlp.Cli.Commands;
using Nlp.Sinks;

namespace Nlp.Cli.Tests;

/// <summary>
/// What <c>nlp eval</c> scores is what <c>extract</c> ships: <c>predict</c> with every stage and <c>extract</c> give the
/// same records for the same documents (apart from provenance: paths, times, run), with the shipped models of the
/// default profile and the same threshold overrides (which only predict applied before).
/// </summary>
public sealed class PredictEqualsExtractTests
{
    private static string Dev => Path.Combine(TestPaths.RepoRoot, "training-data", "dev.jsonl");

    [Fact]
    public void Predict_with_every_stage_writes_what_extract_writes()
    {
        string dir = TestPaths.TempDir();
        string input = Path.Combine(dir, "in.jsonl");
        // Plain documents of 1 to 3 KB (several share a batch) and one of all of them together (a batch of its own).
        var texts = File.ReadLines(Dev).Select(l => (string)JObject.Parse(l)["text"]!).ToList();
        texts.Insert(7, string.Join("\n\n", texts));
        File.WriteAllLines(input, texts.Select((t, i) => new JObject { ["id"] = $"doc-{i}", ["text"] = t }.ToString(Newtonsoft.Json.Formatting.None)));

        string predicted = Path.Combine(dir, "predicted.jsonl");
        var predict = CliResult.Run("predict", "--input", input, "--output", predicted, "--stages", "segment,ner,numbers,relations,events,calibration",
            "--thresholds", "0.3");
        Assert.True(predict.ExitCode == 0, predict.Error);
        string extracted = Path.Combine(dir, "out", "documents.jsonl");
        var extract = CliResult.Run("extract", input, "--out", extracted, "--db", "none", "--workers", "2", "--thresholds", "0.3");
        Assert.True(extract.ExitCode == 0, extract.Error);

        var shipped = File.ReadAllLines(extracted).Select(JObject.Parse).ToList();
        // The overrides are part of the events stage's version, so results made with other thresholds are redone.
        Assert.Contains(shipped[0]["provenance"]!["models"]!, m => (string)m["stage"]! == "events" && ((string)m["version"]!).EndsWith("+thresholds:*=0.3"));
        var scored = DocumentFiles.Read(predicted).ToList();
        Assert.Equal(texts.Count, shipped.Count);
        Assert.Equal(shipped.Select(r => (string)r["id"]!), scored.Select(d => d.Id));
        var provenance = new Provenance(input, "", "", "", [], DateTimeOffset.UnixEpoch, "");
        for (int i = 0; i < shipped.Count; i++)
        {
            var record = ExtractionJson.DocumentRecord(scored[i], provenance);
            record.Remove("provenance");
            shipped[i].Remove("provenance");
            Assert.True(JToken.DeepEquals(shipped[i], record), $"document {scored[i].Id}:\nextract: {shipped[i]}\npredict: {record}");
        }
        Assert.Contains(shipped, r => ((JArray)r["events"]!).Count > 0);
        Assert.Contains(shipped, r => ((JArray)r["relations"]!).Count > 0);
    }
}
