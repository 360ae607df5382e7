using System.Collections.Immutable;
using Nlp.Core.Manifests;
using Nlp.Core.Model;
using Nlp.Core.Scoring;
using Nlp.Pipeline.Building;

namespace Nlp.Pipeline.Versions;

/// <summary>One layer's F1 (percent) of the current (A) and the new (B) version, and how B − A spreads over
/// bootstrap resamples of the documents: the 5th and 95th percentiles, and whether B is worse beyond noise.</summary>
public sealed record LayerComparison(string Layer, double F1A, double F1B, double DeltaLow, double DeltaHigh, bool Worse)
{
    public double Delta => F1B - F1A;
}

/// <summary>Two versions of one stage scored on one gold set.</summary>
public sealed record VersionComparisonResult(string Stage, string Set, int Documents, IReadOnlyList<LayerComparison> Layers)
{
    /// <summary>B is worse than A beyond noise on some layer the stage predicts.</summary>
    public bool Worse => Layers.Any(l => l.Worse);
}

/// <summary>
/// Scores two versions of a stage's model on gold documents through the one runner (the catalog's pipeline, as
/// <c>nlp predict</c> + <c>nlp eval</c> do) and decides with a paired bootstrap over documents whether the second is
/// worse beyond noise: B is worse on a layer when fewer than 5% of the seeded resamples give B an F1 at least A's
/// (one-sided, so the 95th percentile of B − A is below zero). The relations and events stages read the gold
/// entities, so that a change of the tagger does not move their scores.
/// </summary>
public static class VersionComparison
{
    public const int DefaultResamples = 1000;
    const double Alpha = 0.05;

    /// <summary>The stage that runs a model of this kind, and the layers its score is read from.</summary>
    public static (string Stage, string[] Layers) StageOf(ModelManifest manifest) => manifest.Kind switch
    {
        "entity-tagger" => ("ner", ["entities"]),
        "relations" => ("relations", ["relations"]),
        "events" => ("events", ["triggers", "arguments"]),
        var kind => throw new ArgumentException($"models of kind '{kind}' cannot be compared (only the tagger, events and relations)"),
    };

    public static VersionComparisonResult Compare(string modelA, string modelB, IReadOnlyList<Document> gold, string set,
        int resamples = DefaultResamples, int seed = 1)
    {
        var manifestA = ManifestFile.Read(modelA);
        var (stage, layers) = StageOf(manifestA);
        if (StageOf(ManifestFile.Read(modelB)).Stage != stage)
            throw new ArgumentException($"{modelA} and {modelB} are models of different stages");
        if (gold.Count == 0) throw new ArgumentException($"{set}: no documents to compare on");
        return Compare(stage, layers, Predict(stage, modelA, gold), Predict(stage, modelB, gold), gold, set, resamples, seed);
    }

    /// <summary>Two sets of predictions of the same gold documents (by id), compared as <see cref="Compare(string, string, IReadOnlyList{Document}, string, int, int)"/>
    /// does: e.g. the current model's against the out-of-fold predictions of models trained without each document.</summary>
    public static VersionComparisonResult Compare(string stage, string[] layers, IReadOnlyList<Document> predictedA, IReadOnlyList<Document> predictedB,
        IReadOnlyList<Document> gold, string set, int resamples = DefaultResamples, int seed = 1)
    {
        if (gold.Count == 0) throw new ArgumentException($"{set}: no documents to compare on");
        var a = PerDocument(predictedA, gold, layers);
        var b = PerDocument(predictedB, gold, layers);
        var random = new Random(seed);
        var draws = Enumerable.Range(0, resamples).Select(_ => Enumerable.Range(0, gold.Count).Select(_ => random.Next(gold.Count)).ToArray()).ToList();
        var result = new List<LayerComparison>();
        for (int l = 0; l < layers.Length; l++)
        {
            double f1A = Sum(a, l, null).F1, f1B = Sum(b, l, null).F1;
            var deltas = draws.Select(d => Sum(b, l, d).F1 - Sum(a, l, d).F1).Order().ToArray();
            double notWorse = deltas.Count(d => d >= 0) / (double)resamples;
            result.Add(new LayerComparison(layers[l], f1A, f1B, Percentile(deltas, 0.05), Percentile(deltas, 0.95), notWorse < Alpha));
        }
        return new VersionComparisonResult(stage, set, gold.Count, result);
    }

    /// <summary>The gold documents annotated by the segment stage and the model's stage (model folder given directly).</summary>
    public static IReadOnlyList<Document> Predict(string stage, string modelDirectory, IReadOnlyList<Document> gold)
    {
        bool keepEntities = stage != "ner";
        var request = new PipelineRequest
        {
            ModelsDirectory = Path.GetDirectoryName(Path.GetFullPath(modelDirectory))!,
            Stages = ["segment", stage],
            ModelFolders = new Dictionary<string, string> { [stage] = modelDirectory },
            InputLayers = keepEntities ? Layer.Text | Layer.Entities : Layer.Text,
        };
        using var pipeline = PipelineBuilder.Build(StageCatalog.Default(), request).Create();
        var input = gold.Select(d => keepEntities
            ? d.WithoutAnnotations() with { Entities = d.Entities }
            : d.WithoutAnnotations()).ToList();
        return pipeline.Run(input).Select(r => r.Succeeded
            ? r.Document
            : throw new InvalidOperationException($"document {r.Document.Id}: stage {r.FailedStage}: {r.Error!.Message}")).ToList();
    }

    /// <summary>Each document's counts of each layer.</summary>
    static PrfCounts[][] PerDocument(IReadOnlyList<Document> predicted, IReadOnlyList<Document> gold, string[] layers)
    {
        var byId = predicted.ToDictionary(d => d.Id);
        return gold.Select(g =>
        {
            var report = new EvaluationReport();
            Scorer.ScoreDocument(g, byId.TryGetValue(g.Id, out var p) ? p : g.WithoutAnnotations(), report);
            return layers.Select(l => LayerOf(report, l).Micro).ToArray();
        }).ToArray();
    }

    static LabelledScores LayerOf(EvaluationReport report, string layer) => layer switch
    {
        "entities" => report.Entities,
        "triggers" => report.Triggers,
        "arguments" => report.ArgumentsOverlap,
        "relations" => report.Relations,
        _ => throw new ArgumentOutOfRangeException(nameof(layer), layer, null),
    };

    static PrfCounts Sum(PrfCounts[][] documents, int layer, int[]? draw) =>
        (draw ?? Enumerable.Range(0, documents.Length)).Aggregate(PrfCounts.Zero, (sum, d) => sum + documents[d][layer]);

    static double Percentile(double[] sorted, double q) => sorted.Length == 0 ? 0 : sorted[(int)Math.Clamp(Math.Round(q * (sorted.Length - 1)), 0, sorted.Length - 1)];
}
