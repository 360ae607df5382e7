using System.Collections.Immutable;
using Nlp.Core.Model;
using Nlp.Models.MaxEnt;
using Nlp.Text;

namespace Nlp.Models.Tests.MaxEnt;

/// <summary>
/// A few hand-written sentences with entities, events and relations, built by marking spans in the text, and a small
/// in-memory lexicon, so that training tests need neither WordNet nor the shared corpora.
/// </summary>
internal static class TinyCorpus
{
    /// <summary>Spans are written [[text|LABEL]] for entities, {{text|TYPE}} for the trigger, &lt;&lt;text|Role&gt;&gt; for a non-entity argument;
    /// an entity that is an argument is [[text|LABEL|Role]].</summary>
    public static Document Parse(string id, string marked, params (int Head, int Tail, string Type)[] relations)
    {
        var text = new System.Text.StringBuilder();
        var entities = new List<Entity>();
        var args = new List<Argument>();
        Span? trigger = null;
        string? type = null;
        int i = 0;
        while (i < marked.Length)
        {
            string? open = marked[i..] switch
            {
                var s when s.StartsWith("[[") => "]]",
                var s when s.StartsWith("{{") => "}}",
                var s when s.StartsWith("<<") => ">>",
                _ => null,
            };
            if (open is null) { text.Append(marked[i++]); continue; }
            int close = marked.IndexOf(open, i + 2, StringComparison.Ordinal);
            var parts = marked[(i + 2)..close].Split('|');
            var span = new Span(text.Length, text.Length + parts[0].Length);
            text.Append(parts[0]);
            switch (open)
            {
                case "]]":
                    entities.Add(new Entity($"T{entities.Count + 1}", span, parts[1]));
                    if (parts.Length > 2) args.Add(new Argument(parts[2], span));
                    break;
                case "}}": trigger = span; type = parts[1]; break;
                default: args.Add(new Argument(parts[1], span)); break;
            }
            i = close + 2;
        }
        var events = trigger is { } t ? ImmutableArray.Create(new Event("E1", type!, t, args.ToImmutableArray())) : ImmutableArray<Event>.Empty;
        var doc = new Document(id, text.ToString())
        {
            Entities = entities.ToImmutableArray(),
            Events = events,
            Relations = relations.Select((r, k) => new Relation($"R{k + 1}", r.Type, entities[r.Head].Span, entities[r.Tail].Span)).ToImmutableArray(),
        };
        return new TextStage().Process(doc);
    }

    public static IReadOnlyList<Document> Events() =>
    [
        Parse("e1", "In [[1937|DATE|Time]] the [[NKVD|ORG|Agent]] {{deported|DEPORT}} the [[Koreans|NORP|Deportee]] from the [[Far East|LOC|Origin]] to [[Kazakhstan|GPE|Destination]]."),
        Parse("e2", "In [[1938|DATE|Time]] the [[OGPU|ORG|Agent]] {{deported|DEPORT}} the [[Finns|NORP|Deportee]] from [[Karelia|GPE|Origin]] to [[Siberia|LOC|Destination]]."),
        Parse("e3", "The [[NKVD|ORG|Agent]] {{arrested|ARREST}} [[Ivanov|PERSON|Detainee]] in [[Moscow|GPE|Place]] in [[1937|DATE|Time]]."),
        Parse("e4", "The [[OGPU|ORG|Agent]] {{arrested|ARREST}} [[Petrov|PERSON|Detainee]] in [[Leningrad|GPE|Place]] in [[1933|DATE|Time]]."),
        Parse("e5", "In [[1931|DATE|Time]] many [[Finnish|NORP]] <<workers|Migrant>> {{moved|MIGRATE}} from [[America|GPE|Origin]] to [[Karelia|GPE|Destination]]."),
        Parse("e6", "In [[1932|DATE|Time]] [[American|NORP]] <<engineers|Migrant>> {{moved|MIGRATE}} from [[Detroit|GPE|Origin]] to [[Moscow|GPE|Destination]]."),
        Parse("e7", "In [[1936|DATE|Time]] the [[Politburo|ORG|Agent]] {{issued|DECREE}} [[decree 00447|LAW|Law]] against the [[Poles|NORP|Target]]."),
        Parse("e8", "In [[1935|DATE|Time]] the [[Sovnarkom|ORG|Agent]] {{issued|DECREE}} [[order 00485|LAW|Law]] against the [[Germans|NORP|Target]]."),
        Parse("e9", "The weather in [[Moscow|GPE]] was cold in [[1937|DATE]]."),
    ];

    public static IReadOnlyList<Document> Relations() =>
    [
        Parse("r1", "[[Ivanov|PERSON]] was a member of the [[NKVD|ORG]] and lived in [[Moscow|GPE]].", (0, 1, "MEMBER_OF"), (0, 2, "RESIDES_IN")),
        Parse("r2", "[[Petrov|PERSON]] was a member of the [[OGPU|ORG]] and lived in [[Leningrad|GPE]].", (0, 1, "MEMBER_OF"), (0, 2, "RESIDES_IN")),
        Parse("r3", "[[Smirnova|PERSON]] was a member of the [[Komintern|ORG]] and lived in [[Kiev|GPE]].", (0, 1, "MEMBER_OF"), (0, 2, "RESIDES_IN")),
        Parse("r4", "[[Amtorg|ORG]] was based in [[New York|GPE]], [[USA|GPE]].", (0, 1, "LOCATED_IN"), (1, 2, "LOCATED_IN")),
        Parse("r5", "[[Gorky|PERSON]] wrote [[Mother|WORK_OF_ART]] in [[1906|DATE]].", (0, 1, "AUTHOR_OF")),
        Parse("r6", "[[Tolstoy|PERSON]] wrote [[Resurrection|WORK_OF_ART]] in [[1899|DATE]].", (0, 1, "AUTHOR_OF")),
    ];

    /// <summary>Just enough lexicon for the tiny corpus: the trigger verbs and a few nouns.</summary>
    public static Lexicon Lexicon()
    {
        var entries = new Dictionary<string, LexicalInfo>(StringComparer.Ordinal);
        void Add(string w, int noun, int verb, string? root = null) => entries[w] = new LexicalInfo(w, noun, verb, false, root ?? w, []);
        Add("deport", -1, 38); Add("deportation", 4, -1, "deport"); Add("arrest", 4, 41); Add("move", 4, 38);
        Add("issue", 10, 32); Add("worker", 18, -1); Add("engineer", 18, 36); Add("weather", 19, 30); Add("member", 18, -1);
        Add("live", -1, 42); Add("write", -1, 36);
        return new Lexicon(entries, new Dictionary<string, string> { ["wrote"] = "write" });
    }
}
