using System.Collections.Immutable;
using Newtonsoft.Json.Linq;
using Nlp.Core.Model;
using Nlp.Core.Pipeline;

namespace Nlp.Rules;

/// <summary>
/// The "numbers" stage: adds the rules' DATE, TIME, CARDINAL, ORDINAL, PERCENT, MONEY and QUANTITY entities to
/// the entities already in the document (a tagger that ran before), with this policy:
/// <list type="bullet">
/// <item>an entity of another label (PERSON, GPE, LAW…) wins over a rule entity it overlaps — names carry numbers
/// ("the Second World War", "decree 00447");</item>
/// <item>a rule entity replaces the overlapping entities of the seven labels — the rules' spans follow the
/// conventions exactly and carry a value — except a longer entity of another of the seven labels that holds it
/// whole: there the rules saw a number and the tagger the expression around it ("28 December", "the first winter",
/// "600 grams", "aged 9 to 49", "five in the morning");</item>
/// <item>an entity of the seven labels that no rule matched is kept and given a normalized value when one can be
/// computed;</item>
/// <item>a footnote marker ("[1]", "Samarkand.1") is no entity, whoever proposed it (<see cref="FootnoteMarkers"/>).</item>
/// </list>
/// Rule entities get the per-label confidence of <see cref="RuleManifest"/>, a normalized value in Extra
/// ("normalized", and "unit" for MONEY and QUANTITY) and "source": "rules". Run it before stages that read
/// entities (relations, events): it may remove entities of the seven labels.
/// </summary>
public sealed class NumericEntityStage : IDocumentStage
{
    public NumericEntityStage(RuleManifest? manifest = null) => Manifest = manifest ?? RuleManifest.Default;

    public RuleManifest Manifest { get; }

    /// <summary>The "source" written into the Extra of the entities this stage makes.</summary>
    public const string Source = "rules";

    public string Name => "numbers";
    public Layer Requires => Layer.Text;
    public Layer Assigns => Layer.Entities;

    public Document Process(Document document)
    {
        ArgumentNullException.ThrowIfNull(document);
        // The stage's own entities from an earlier run are made again, so running it twice changes nothing.
        var existing = document.Entities
            .Where(e => (string?)e.Extra?["source"] != Source && !FootnoteMarkers.IsMarker(document.Text, e.Span))
            .ToImmutableArray();
        // Overlap tests go through span indexes: testing every mention against every entity is quadratic in a long document.
        var names = new SpanIndex<Entity>(existing.Where(e => !NumericLabels.Contains(e.Label)), e => e.Span);
        var found = NumericRecognizer.Recognize(document)
            .Where(r => !names.AnyOverlapping(r.Span) && !FootnoteMarkers.IsMarker(document.Text, r.Span))
            .ToList();
        var foundIndex = new SpanIndex<RuleMatch>(found, r => r.Span);
        // A tagger's expression that cuts through a rule entity ("1931 ten" of "1931 ten thousand") is no wider reading.
        var wider = new SpanIndex<Entity>(existing.Where(e => NumericLabels.Contains(e.Label)
                                        && foundIndex.Overlapping(e.Span).All(r => e.Span.Contains(r.Span))), e => e.Span);
        var rules = found
            .Where(r => !wider.Overlapping(r.Span).Any(e => e.Label != r.Label && e.Span.Contains(r.Span) && e.Span.Length > r.Span.Length))
            .ToList();
        var rulesIndex = new SpanIndex<RuleMatch>(rules, r => r.Span);

        var result = new List<Entity>(existing.Length + rules.Count);
        foreach (var e in existing)
        {
            if (!NumericLabels.Contains(e.Label)) { result.Add(e); continue; }
            if (rulesIndex.AnyOverlapping(e.Span)) continue;
            result.Add(WithValue(e, document.TextOf(e.Span)));
        }

        var usedIds = new HashSet<string>(existing.Where(e => e.Id is not null).Select(e => e.Id!));
        int next = 1;
        foreach (var r in rules)
        {
            string id;
            do id = $"N{next++}"; while (!usedIds.Add(id));
            var extra = r.Value is null ? new JObject() : (JObject)r.Value.DeepClone();
            extra["source"] = Source;
            result.Add(new Entity(id, r.Span, r.Label, Math.Round(Manifest.Confidence(r.Label), 4), extra));
        }

        result.Sort((a, b) =>
        {
            int c = a.Span.CompareTo(b.Span);
            return c != 0 ? c : string.CompareOrdinal(a.Label, b.Label);
        });
        return document with { Entities = result.ToImmutableArray() };
    }

    /// <summary>A tagger's entity with the normalized value added, unless it has one already.</summary>
    private static Entity WithValue(Entity e, string text)
    {
        if (e.Extra?["normalized"] is not null) return e;
        var value = ValueNormalizer.Normalize(e.Label, text);
        if (value is null) return e;
        var extra = e.Extra is null ? new JObject() : (JObject)e.Extra.DeepClone();
        foreach (var p in value.Properties()) extra[p.Name] ??= p.Value;
        return e with { Extra = extra };
    }
}
