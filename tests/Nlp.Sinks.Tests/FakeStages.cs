using System.Collections.Immutable;
using System.Text.RegularExpressions;
using Newtonsoft.Json.Linq;
using Nlp.Core.Model;
using Nlp.Core.Pipeline;
using Nlp.Pipeline.Building;
using Nlp.Text;

namespace Nlp.Sinks.Tests;

/// <summary>
/// A model-backed stage for the tests, loaded from a folder with a manifest: years become DATE entities with a
/// normalized value, and "deported" with a year in its sentence becomes a DEPORT event with the year as Time.
/// A document containing "POISON" makes it throw, as a real model might on a document it cannot handle.
/// </summary>
internal sealed partial class FakeEventStage : IDocumentStage
{
    public string Name => "events";
    public Layer Requires => Layer.Sentences | Layer.Tokens;
    public Layer Assigns => Layer.Entities | Layer.Events;

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

    public static StageCatalog Catalog() => new StageCatalog()
        .Add("segment", null, _ => new TextStage(), "1")
        .Add("events", "fake-events", dir => new FakeEventStage());

    /// <summary>A models folder holding the fake model with the given version.</summary>
    public static string ModelsFolder(string root, string version = "3.1")
    {
        string dir = Path.Combine(root, "models", "fake-events");
        Directory.CreateDirectory(dir);
        File.WriteAllText(Path.Combine(dir, "manifest.json"), new JObject { ["name"] = "fake-deport", ["version"] = version }.ToString());
        return Path.Combine(root, "models");
    }
}
