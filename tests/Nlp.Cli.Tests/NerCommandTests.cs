using Newtonsoft.Json.Linq;
using Nlp.Core.Formats;

namespace Nlp.Cli.Tests;

/// <summary>nlp train ner and nlp predict on a tiny corpus (seconds), checking what predict keeps and drops.</summary>
public class NerCommandTests
{
    static readonly string[] Sentences =
    [
        "Anna Berg lives in Oslo .", "She works for Acme Corp .", "Boris visited Paris and Rome .",
        "Carla Diaz met Boris in Rome .", "Globex hired Anna Berg .", "Paris is far from Oslo .",
    ];

    static readonly (string Surface, string Label)[] Names =
        [("Anna Berg", "PERSON"), ("Oslo", "GPE"), ("Acme Corp", "ORG"), ("Boris", "PERSON"), ("Paris", "GPE"),
         ("Rome", "GPE"), ("Carla Diaz", "PERSON"), ("Globex", "ORG")];

    /// <summary>A tokenized gold document per sentence, with an event and meta that predict must drop or keep.</summary>
    static JObject GoldJson(int i, string sentence)
    {
        var tokens = new JArray();
        int at = 0;
        foreach (var word in sentence.Split(' '))
        {
            tokens.Add(new JObject { ["start"] = at, ["end"] = at + word.Length });
            at += word.Length + 1;
        }
        var entities = new JArray();
        foreach (var (surface, label) in Names)
            for (int k = sentence.IndexOf(surface, StringComparison.Ordinal); k >= 0; k = sentence.IndexOf(surface, k + 1, StringComparison.Ordinal))
                entities.Add(new JObject { ["start"] = k, ["end"] = k + surface.Length, ["label"] = label });
        return new JObject
        {
            ["id"] = $"d{i}",
            ["text"] = sentence,
            ["tokens"] = tokens,
            ["sentences"] = new JArray(new JObject { ["start"] = 0, ["end"] = sentence.Length }),
            ["entities"] = entities,
            ["events"] = new JArray(new JObject
            {
                ["id"] = "E1", ["type"] = "TRAVEL", ["trigger"] = new JObject { ["start"] = 0, ["end"] = 4 }, ["arguments"] = new JArray(),
            }),
            ["meta"] = new JObject { ["source"] = "test", ["n"] = i },
        };
    }

    [Fact]
    public void Train_then_predict_drops_gold_keeps_tokens_and_meta_and_segments_plain_text()
    {
        string dir = TestPaths.TempDir();
        string train = Path.Combine(dir, "train.jsonl"), input = Path.Combine(dir, "in.jsonl"), output = Path.Combine(dir, "out.jsonl");
        string model = Path.Combine(dir, "model");
        File.WriteAllLines(train, Sentences.Select((s, i) => GoldJson(i, s).ToString(Newtonsoft.Json.Formatting.None)));
        // The input: the gold documents (annotations must be dropped) plus one plain text without tokens.
        var plain = new JObject { ["id"] = "plain", ["text"] = "Anna Berg visited Rome.", ["meta"] = new JObject { ["title"] = "x" } };
        File.WriteAllLines(input, File.ReadAllLines(train).Append(plain.ToString(Newtonsoft.Json.Formatting.None)));

        var trained = CliResult.Run("train", "ner", "--train", train, "--dev", train, "--out", model, "--epochs", "25",
            "--hidden", "16", "--word-dim", "16", "--min-count", "1", "--lr", "0.02", "--lr-decay", "1", "--batch-size", "2", "--threads", "1");
        Assert.True(trained.ExitCode == 0, trained.Error);
        Assert.Contains("epoch  25/25", trained.Error);
        var manifest = JObject.Parse(File.ReadAllText(Path.Combine(model, "manifest.json")));
        Assert.Equal(Nlp.Core.Manifests.ModelManifest.CurrentFormatVersion, (int)manifest["format_version"]!);
        Assert.Equal(64, ((string)manifest["recipe"]!["training_data"]![0]!["sha256"]!).Length);
        Assert.Equal("nlp train ner", (string?)manifest["recipe"]!["command"]);
        Assert.Equal(25, (int)manifest["recipe"]!["settings"]!["epochs"]!);
        Assert.NotNull(manifest["scores"]!["dev"]!["per_label"]!["PERSON"]);

        var predicted = CliResult.Run("predict", "--input", input, "--output", output, "--stages", "ner", "--ner-model", model, "--threads", "1");
        Assert.True(predicted.ExitCode == 0, predicted.Error);
        var gold = JsonlReader.ReadAll(train);
        var docs = JsonlReader.ReadAll(output);
        Assert.Equal(Sentences.Length + 1, docs.Count);
        for (int i = 0; i < gold.Count; i++)
        {
            Assert.Equal(gold[i].Tokens, docs[i].Tokens);
            Assert.Equal(gold[i].Sentences, docs[i].Sentences);
            Assert.Equal((string)gold[i].Meta!["source"]!, (string)docs[i].Meta!["source"]!);
            Assert.Empty(docs[i].Events);
            Assert.All(docs[i].Entities, e => Assert.InRange(e.Confidence!.Value, 0, 1));
        }
        // The model learned its training data well enough to find most names again.
        var report = Nlp.Core.Scoring.Scorer.Score(gold, docs.Take(gold.Count));
        Assert.True(report.Entities.Micro.F1 > 80, $"F1 {report.Entities.Micro.F1}");
        var segmented = docs[^1];
        Assert.NotNull(segmented.Tokens);
        Assert.Equal("x", (string)segmented.Meta!["title"]!);
    }

    [Fact]
    public void Train_refuses_fine_tuning_encoder_layers_without_an_encoder_or_beyond_its_layers()
    {
        string dir = TestPaths.TempDir();
        string train = Path.Combine(dir, "train.jsonl");
        File.WriteAllLines(train, Sentences.Select((s, i) => GoldJson(i, s).ToString(Newtonsoft.Json.Formatting.None)));
        var noEncoder = CliResult.Run("train", "ner", "--train", train, "--dev", train, "--out", Path.Combine(dir, "a"), "--tune-encoder-layers", "1");
        Assert.Equal(2, noEncoder.ExitCode);
        Assert.Contains("--tune-encoder-layers needs --encoder", noEncoder.Error);
        var tooMany = CliResult.Run("train", "ner", "--train", train, "--dev", train, "--out", Path.Combine(dir, "b"),
            "--encoder", "minilm-l2-v2-int8", "--tune-encoder-layers", "2");
        Assert.Equal(2, tooMany.ExitCode);
        Assert.Contains("fine-tune 1 to 1 of them", tooMany.Error);
        Assert.False(Directory.Exists(Path.Combine(dir, "b")));
    }

    [Fact]
    public void Predict_refuses_an_unknown_stage_and_a_missing_model()
    {
        string dir = TestPaths.TempDir();
        string input = Path.Combine(dir, "in.jsonl");
        File.WriteAllText(input, "{\"id\":\"a\",\"text\":\"x\"}\n");
        Assert.Equal(2, CliResult.Run("predict", "--input", input, "--output", Path.Combine(dir, "o.jsonl"), "--stages", "nope").ExitCode);
        Assert.Equal(2, CliResult.Run("predict", "--input", input, "--output", Path.Combine(dir, "o.jsonl"), "--stages", "ner", "--profile", "slow").ExitCode);
        var missing = CliResult.Run("predict", "--input", input, "--output", Path.Combine(dir, "o.jsonl"), "--stages", "ner", "--ner-model", Path.Combine(dir, "none"));
        Assert.Equal(1, missing.ExitCode);
        Assert.Contains("manifest", missing.Error);
    }
}
