using System.Collections.Immutable;
using System.Text.RegularExpressions;
using Newtonsoft.Json.Linq;
using Nlp.Core.Manifests;
using Nlp.Core.Model;
using Nlp.Core.Pipeline;
using Nlp.Pipeline.Building;
using Nlp.Text;

namespace Nlp.Pipeline.Tests;

/// <summary>
/// A model-backed stage for the tests, loaded from a folder with a manifest: years become DATE entities with a
/// normalized value, and "deported" with a year in its sentence becomes a DEPORT event with the year as Time.
/// A document containing "POISON" makes it throw, as a real model might on a document it cannot handle.
/// Its loads and disposals are counted, as a model's native memory would be.
/// </summary>
internal sealed partial class FakeEventStage(ModelCounter? counter = null) : IDocumentStage, IDisposable
{
    public const Layer Reads = Layer.Sentences | Layer.Tokens;
    public const Layer Writes = Layer.Entities | Layer.Events;

    public string Name => "events";
    public Layer Requires => Reads;
    public Layer Assigns => Writes;

    public void Dispose() => counter?.Disposed();

    public Document Process(Document document)
    {
        if (document.Text.Contains("POISON")) throw new InvalidDataException("the model cannot read this document");
        var entities = Year().Matches(document.Text)
            .Select((m, i) => new Entity($"T{i + 1}", new Span(m.Index, m.Index + m.Length), "DATE", 0.9, new JObject { ["normalized"] = m.Value }))
            .ToImmutableArray();
        var events = ImmutableArray.CreateBuilder<Event>();
        foreach (Match m in Deported().Matches(document.Text))
        {
            var trigger = new Span(m.Index, m.Index + m.Length);
            var sentence = document.Sentences!.Value.First(s => s.Contains(trigger));
            var args = entities.Where(e => sentence.Contains(e.Span)).Select(e => new Argument("Time", e.Span, 0.7)).ToImmutableArray();
            events.Add(new Event($"E{events.Count + 1}", "DEPORT", trigger, args, 0.8));
        }
        return document with { Entities = entities, Events = events.ToImmutable() };
    }

    [GeneratedRegex(@"\b1[89]\d\d\b")] private static partial Regex Year();
    [GeneratedRegex(@"\bdeported\b")] private static partial Regex Deported();

    public static StageCatalog Catalog(ModelCounter? counter = null) => new StageCatalog()
        .Add("segment", null, Layer.Text, Layer.Sentences | Layer.Tokens | Layer.Zones, _ => new TextStage(), "1")
        .Add("events", "fake-events", Reads, Writes, _ =>
        {
            counter?.Loaded();
            return new FakeEventStage(counter);
        });

    /// <summary>A models folder holding the fake model; its threshold stands for whatever makes one model differ from another.</summary>
    public static string ModelsFolder(string root, double threshold = 0.5)
    {
        string dir = Path.Combine(root, "models", "fake-events");
        ManifestFile.Write(dir, new ModelManifest
        {
            Kind = "fake-events", Name = "fake-deport", Thresholds = new Dictionary<string, double> { ["DEPORT"] = threshold },
        });
        return Path.Combine(root, "models");
    }
}

/// <summary>How many times a fake model was loaded and disposed (from several workers at once).</summary>
internal sealed class ModelCounter
{
    private int _loads, _disposals;
    public int Loads => Volatile.Read(ref _loads);
    public int Disposals => Volatile.Read(ref _disposals);
    public void Loaded() => Interlocked.Increment(ref _loads);
    public void Disposed() => Interlocked.Increment(ref _disposals);
}
