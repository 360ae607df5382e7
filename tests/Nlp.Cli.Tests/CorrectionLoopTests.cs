using Newtonsoft.Json.Linq;
using Nlp.Core.Formats;
using Nlp.Pipeline.Versions;

namespace Nlp.Cli.Tests;

/// <summary>Small fast-profile models (ner, events, relations) trained by <c>nlp train</c> on 8 training documents, in a tree
/// laid out like the repository (training-data/, models/), so that their recipes can be run again by <c>nlp retrain</c>.</summary>
public sealed class TinyModelsTree
{
    public string Root { get; } = TestPaths.TempDir();
    public string Models => Path.Combine(Root, "models");
    public string Dev => Path.Combine(Root, "training-data", "dev.jsonl");

    public TinyModelsTree()
    {
        Directory.CreateDirectory(Path.Combine(Root, "training-data"));
        string train = Path.Combine(Root, "training-data", "train.jsonl");
        File.WriteAllLines(train, File.ReadLines(Path.Combine(TestPaths.RepoRoot, "training-data", "train.jsonl")).Take(8));
        File.WriteAllLines(Dev, File.ReadLines(Path.Combine(TestPaths.RepoRoot, "training-data", "dev.jsonl")).Take(5));
        string[][] trainings =
        [
            ["train", "ner", "--train", train, "--dev", Dev, "--out", Path.Combine(Models, "ner"), "--epochs", "12", "--hidden", "16",
                "--word-dim", "16", "--min-count", "1", "--lr", "0.02", "--lr-decay", "1", "--batch-size", "2", "--threads", "2"],
            ["train", "events", "--train", train, "--dev", Dev, "--out", Path.Combine(Models, "events")],
            ["train", "relations", "--train", train, "--dev", Dev, "--out", Path.Combine(Models, "relations")],
        ];
        foreach (var args in trainings)
        {
            var result = CliResult.Run(args);
            if (result.ExitCode != 0) throw new InvalidOperationException($"nlp {string.Join(' ', args)}: {result.Error}");
        }
    }
}

/// <summary>
/// The correction loop of issue 21 as a user walks it: predict with the current models, correct a copy of the output
/// (a wrong entity label, a missed entity, a false event, a missed relation: the first mistake of each kind the tiny models
/// really make, found against the gold documents), mark it reviewed, <c>nlp retrain</c> (finetune), predict again.
/// The event and relation corrections are asserted; the entity ones are not learned by a tiny tagger's finetune (see below).
/// </summary>
public sealed class CorrectionLoopTests(TinyModelsTree tree) : IClassFixture<TinyModelsTree>
{
    const string Stages = "ner,events,relations";

    /// <summary>Documents 9-12 of the training data: not seen by the tiny models.</summary>
    static List<JObject> Gold() =>
        File.ReadLines(Path.Combine(TestPaths.RepoRoot, "training-data", "train.jsonl")).Skip(8).Take(4).Select(JObject.Parse).ToList();

    List<JObject> Predict(string input)
    {
        string output = Path.Combine(TestPaths.TempDir(), "predicted.jsonl");
        var run = CliResult.Run("predict", "--input", input, "--output", output, "--stages", Stages, "--profile", "fast", "--models", tree.Models);
        Assert.True(run.ExitCode == 0, run.Error);
        return File.ReadLines(output).Select(JObject.Parse).ToList();
    }

    static (int Start, int End) Span(JToken t) => ((int)t["start"]!, (int)t["end"]!);
    static bool Overlaps(JToken a, JToken b) => (int)a["start"]! < (int)b["end"]! && (int)b["start"]! < (int)a["end"]!;
    static IEnumerable<JObject> Items(JObject doc, string layer) => (doc[layer] as JArray ?? []).Cast<JObject>();
    static string RelationKey(JToken r) => $"{r["type"]} {Span(r["head"]!)} {Span(r["tail"]!)}";
    static string EventKey(JToken e) => $"{e["type"]} {Span(e["trigger"]!)}";
    [Fact]
    public void Event_and_relation_mistakes_a_user_corrected_are_gone_after_a_finetune_and_dev_F1_stays_within_noise()
    {
        var gold = Gold();
        string input = Path.Combine(TestPaths.TempDir(), "documents.jsonl");
        File.WriteAllLines(input, gold.Select(d => d.ToString(Newtonsoft.Json.Formatting.None)));
        var predicted = Predict(input);
        var edited = predicted.Select(d => (JObject)d.DeepClone()).ToList();

        // 1. A wrong label: an entity whose span is right and whose label is not.
        var (labelDoc, relabelled, rightLabel) = Enumerable.Range(0, gold.Count)
            .SelectMany(i => Items(edited[i], "entities").SelectMany(p => Items(gold[i], "entities")
                .Where(g => Span(g) == Span(p) && (string)g["label"]! != (string)p["label"]!).Select(g => (i, p, (string)g["label"]!))))
            .First();
        relabelled["label"] = rightLabel;
        // 2. A missed entity: a gold entity no predicted entity overlaps.
        var (missedDoc, missed) = Enumerable.Range(0, gold.Count)
            .SelectMany(i => Items(gold[i], "entities").Where(g => !Items(edited[i], "entities").Any(p => Overlaps(p, g))).Select(g => (i, g)))
            .First();
        ((JArray)edited[missedDoc]["entities"]!).Add(new JObject
        {
            ["id"] = "U1", ["start"] = missed["start"], ["end"] = missed["end"], ["label"] = missed["label"],
        });
        // 3. A false event: a predicted event with no gold event of its type and trigger.
        var (eventDoc, falseEvent) = Enumerable.Range(0, gold.Count)
            .SelectMany(i => Items(edited[i], "events").Where(p => Items(gold[i], "events").All(g => EventKey(g) != EventKey(p))).Select(p => (i, p)))
            .First();
        string falseEventKey = EventKey(falseEvent);
        falseEvent.Remove();
        // 4. A missed relation between two entities the (corrected) document has with their gold labels.
        var (relationDoc, missedRelation) = Enumerable.Range(0, gold.Count)
            .SelectMany(i => Items(gold[i], "relations")
                .Where(g => Items(edited[i], "relations").All(p => RelationKey(p) != RelationKey(g)))
                .Where(g => new[] { g["head"]!, g["tail"]! }.All(arg => Items(edited[i], "entities").Any(e => Span(e) == Span(arg)
                    && Items(gold[i], "entities").Any(ge => Span(ge) == Span(arg) && (string)ge["label"]! == (string)e["label"]!))))
                .Select(g => (i, g)))
            .First();
        ((JArray)(edited[relationDoc]["relations"] ??= new JArray())).Add(new JObject
        {
            ["id"] = "UR1", ["type"] = missedRelation["type"], ["head"] = missedRelation["head"]!.DeepClone(), ["tail"] = missedRelation["tail"]!.DeepClone(),
        });

        // The corrected documents, marked reviewed for the layers the user checked; three copies each, so that a few
        // corrections weigh against the replayed training data as a user's repeated corrections would.
        var correctedDocs = new[] { labelDoc, missedDoc, eventDoc, relationDoc }.Distinct().ToList();
        string corrections = Path.Combine(TestPaths.TempDir(), "edited.jsonl");
        File.WriteAllLines(corrections, Enumerable.Range(0, 3).SelectMany(copy => correctedDocs.Select(i =>
        {
            var doc = (JObject)edited[i].DeepClone();
            doc["id"] = $"{doc["id"]}-reviewed{copy}";
            var meta = doc["meta"] as JObject ?? new JObject();
            meta["reviewed"] = new JArray("entities", "events", "relations");
            doc["meta"] = meta;
            return doc.ToString(Newtonsoft.Json.Formatting.None);
        })));
        // Snapshots of the current models, to score them beside the new versions.
        var before = Stages.Split(',').ToDictionary(s => s, s => ModelVersions.List(Path.Combine(tree.Models, s)).Single(v => v.Current).Version);

        var retrain = CliResult.Run("retrain", "--corrections", corrections, "--stages", Stages, "--profile", "fast", "--models", tree.Models, "--force");
        Assert.True(retrain.ExitCode == 0, retrain.Error);

        var again = Predict(input);
        // Each corrected mistake the finetune learns, checked on the new prediction of its document. Not asserted: the two
        // entity corrections (they stay in the corrections, as a user makes them). The tagger's finetune (5 epochs at lr
        // 5e-4, keeping the epoch best on dev) keeps epoch 1 of a tiny tagger, which predicts both entity mistakes again even
        // with 20 copies of the corrected documents; at --lr 0.02 the label is learned, the missed entity still not.
        var stillWrong = new List<string>();
        if (Items(again[eventDoc], "events").Any(e => EventKey(e) == falseEventKey))
            stillWrong.Add($"false event: {falseEventKey} is predicted again");
        if (!Items(again[eventDoc], "events").Any())
            stillWrong.Add("false event: the new model finds no event at all in its document (the deletion proves nothing)");
        if (!Items(again[relationDoc], "relations").Any(r => RelationKey(r) == RelationKey(missedRelation)))
            stillWrong.Add($"missed relation: {RelationKey(missedRelation)}: {again[relationDoc]["relations"]?.ToString(Newtonsoft.Json.Formatting.None)}");
        Assert.True(stillWrong.Count == 0, string.Join("\n", stillWrong) + "\n" + retrain.Out);

        // Dev F1: each new version beside the one it replaced, on the recipe's dev documents. The floor is the noise the
        // retrain itself judges by: the 90% paired-bootstrap interval of B - A over documents must reach 0 (5 dev documents
        // scored by 8-document models move by several points: event triggers drop 52.9 -> 41.9 here, interval [-21, +1]).
        var dev = JsonlReader.ReadAll(tree.Dev);
        foreach (var (stage, version) in before)
        {
            string model = Path.Combine(tree.Models, stage);
            var old = ModelVersions.Find(model, version);
            Assert.False(old.Current);
            foreach (var layer in VersionComparison.Compare(old.Directory, model, dev, "dev").Layers)
                Assert.False(layer.Worse, $"{stage} {layer.Layer}: dev F1 {layer.F1A:F3} -> {layer.F1B:F3} [{layer.DeltaLow:F3}, {layer.DeltaHigh:F3}]\n{retrain.Out}");
        }
    }
}
