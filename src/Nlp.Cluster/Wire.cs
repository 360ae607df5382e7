using Nlp.Core.Formats;
using Nlp.Core.Model;
using Nlp.Pipeline.Extraction;
using Nlp.Sinks;

namespace Nlp.Cluster;

// What goes between the client and the silos. Documents travel as the product's own JSON (DocumentJson), so
// the silo sees exactly the document the client loaded.

/// <summary>What every batch of a run shares: which pipeline, which output form, which database run.</summary>
[GenerateSerializer, Immutable]
public sealed record RunSpec(
    [property: Id(0)] string Fingerprint,
    [property: Id(1)] string Profile,
    [property: Id(2)] string[]? Stages,
    [property: Id(3)] Dictionary<string, double> Thresholds,
    [property: Id(4)] bool EventsOnly,
    [property: Id(5)] bool IncludeTokens,
    [property: Id(6)] string? DatabaseUrl,
    [property: Id(7)] long DatabaseRunId)
{
    /// <summary>Which loaded pipelines a silo can reuse for this run: the same profile, stages and thresholds.</summary>
    public string PipelineKey => PipelineKeyOf(Profile, Stages, Thresholds);

    public static string PipelineKeyOf(string profile, IEnumerable<string>? stages, IReadOnlyDictionary<string, double> thresholds) =>
        string.Join("|", profile, stages is null ? "*" : string.Join(",", stages),
            string.Join(",", thresholds.OrderBy(t => t.Key, StringComparer.Ordinal).Select(t => $"{t.Key}={t.Value:R}")));
}

[GenerateSerializer, Immutable]
public sealed record WireItem(
    [property: Id(0)] string DocumentJson,
    [property: Id(1)] string Path,
    [property: Id(2)] string Sha256,
    [property: Id(3)] string Pipeline,
    [property: Id(4)] string[] Models,
    [property: Id(5)] DateTimeOffset ExtractedAt,
    [property: Id(6)] string? Profile)
{
    public static WireItem From(BatchItem item)
    {
        var p = item.Provenance;
        return new WireItem(Nlp.Core.Formats.DocumentJson.Serialize(item.Document), p.Path, p.ContentSha256, p.Pipeline,
            [.. p.Models.SelectMany(m => new[] { m.Stage, m.Name, m.Version })], p.ExtractedAt, p.Profile);
    }

    public BatchItem ToBatchItem()
    {
        var doc = Nlp.Core.Formats.DocumentJson.Parse(DocumentJson);
        var models = Enumerable.Range(0, Models.Length / 3).Select(i => new ModelStamp(Models[3 * i], Models[3 * i + 1], Models[3 * i + 2])).ToList();
        return new BatchItem(doc, new Provenance(Path, doc.Id, Sha256, Pipeline, models, ExtractedAt, Profile));
    }
}

[GenerateSerializer, Immutable]
public sealed record WireOutcome(
    [property: Id(0)] string? Rendered,
    [property: Id(1)] string? FailedStage,
    [property: Id(2)] string? Reason,
    [property: Id(3)] int Tokens,
    [property: Id(4)] int Sentences,
    [property: Id(5)] int Relations,
    [property: Id(6)] string[] EntityLabels,
    [property: Id(7)] string[] EventTypes)
{
    public static WireOutcome From(ItemOutcome o) => new(o.Rendered, o.FailedStage, o.Reason, o.Tally.Tokens, o.Tally.Sentences, o.Tally.Relations,
        [.. o.Tally.EntityLabels], [.. o.Tally.EventTypes]);

    /// <summary>Without the document: the silo has stored it in the database already.</summary>
    public ItemOutcome ToOutcome() => new(Rendered, FailedStage, Reason, new DocumentTally(Tokens, Sentences, Relations, EntityLabels, EventTypes));
}

/// <summary>A batch's outcomes, or why the silo could not do it at all (its models differ, the database failed).</summary>
[GenerateSerializer, Immutable]
public sealed record BatchReply(
    [property: Id(0)] WireOutcome[] Outcomes,
    [property: Id(1)] string? Fatal);

/// <summary>One silo's figures for `nlp cluster status`.</summary>
[GenerateSerializer, Immutable]
public sealed record SiloReport(
    [property: Id(0)] string Silo,
    [property: Id(1)] string Host,
    [property: Id(2)] int Workers,
    [property: Id(3)] int Busy,
    [property: Id(4)] long Documents,
    [property: Id(5)] double DocumentsPerSecond,
    [property: Id(6)] DateTimeOffset Started);
