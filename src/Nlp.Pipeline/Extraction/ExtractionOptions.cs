namespace Nlp.Pipeline.Extraction;

public sealed record ExtractionOptions
{
    /// <summary>16 MB of text per document (a file's bytes, or a JSONL document's text): far above any archival
    /// document, and low enough that two workers' documents and their annotations fit comfortably in memory.</summary>
    public const long DefaultMaxBytes = 16L * 1024 * 1024;

    public required IReadOnlyList<string> Inputs { get; init; }

    /// <summary>The JSONL output; errors.jsonl and (by default) nlp.db are written beside it.</summary>
    public required string OutputPath { get; init; }

    /// <summary>sqlite:PATH or postgres://…; null: sqlite nlp.db beside the output; "none": no database.</summary>
    public string? Database { get; init; }

    public int Workers { get; init; } = 2;
    public bool EventsOnly { get; init; }
    public bool IncludeTokens { get; init; }
    /// <summary>The folder of model folders; by default the installation's (see <see cref="Building.ModelsFolder"/>).</summary>
    public string ModelsDirectory { get; init; } = Building.ModelsFolder.Default();
    /// <summary>The stages to run, by name; null: every stage of the catalog. Each stage run needs its model.</summary>
    public IReadOnlyList<string>? Stages { get; init; }
    /// <summary>Which models run: <c>fast</c> (models/ner, models/events, models/relations) or <c>accurate</c> (models/ner-minilm, models/events-minilm, models/relations-minilm); see StageCatalog.Profiles.</summary>
    public string Profile { get; init; } = Building.StageCatalog.DefaultProfile;
    public long MaxBytes { get; init; } = DefaultMaxBytes;

    /// <summary>Threshold overrides of the relations and events stages (--thresholds, as predict takes them); empty:
    /// the models' own. Part of those stages' versions, so results made with other thresholds are redone.</summary>
    public IReadOnlyDictionary<string, double> Thresholds { get; init; } = new Dictionary<string, double>();

    /// <summary>The encoding of text and HTML files (--encoding); null: detected per file (see LoadOptions.Encoding).</summary>
    public string? Encoding { get; init; }

    /// <summary>When another run holds the output or the database: wait for it (true) or refuse at once (false).</summary>
    public bool Wait { get; init; }

    public string ErrorsPath => Path.Combine(Path.GetDirectoryName(Path.GetFullPath(OutputPath))!, "errors.jsonl");

    public string? DatabaseValue =>
        Database switch
        {
            null => "sqlite:" + Path.Combine(Path.GetDirectoryName(Path.GetFullPath(OutputPath))!, "nlp.db"),
            "none" => null,
            var d => d,
        };
}

/// <summary>A snapshot for progress displays. Done counts documents written and documents found already done.</summary>
public sealed record ExtractionProgress(int Done, int Total, int Skipped, int Failed, long Tokens, TimeSpan Elapsed)
{
    /// <summary>Tokens per second over the documents processed in this run.</summary>
    public double TokensPerSecond => Elapsed.TotalSeconds > 0 ? Tokens / Elapsed.TotalSeconds : 0;

    public TimeSpan? Eta
    {
        get
        {
            int processed = Done - Skipped;
            if (processed <= 0 || Total <= Done) return null;
            return TimeSpan.FromSeconds(Elapsed.TotalSeconds / processed * (Total - Done - Failed));
        }
    }
}

public sealed record StageTiming(string Stage, TimeSpan Time, long Tokens)
{
    /// <summary>Tokens per second of one thread inside this stage.</summary>
    public double TokensPerSecond => Time.TotalSeconds > 0 ? Tokens / Time.TotalSeconds : 0;
}

public sealed record ExtractionSummary(
    int Files,
    int Total,
    int Written,
    int Skipped,
    int Failed,
    long Tokens,
    TimeSpan Elapsed,
    bool Cancelled,
    IReadOnlyList<StageTiming> Stages,
    IReadOnlyList<string> Notices,
    string Pipeline,
    ExtractionCounts Counts)
{
    /// <summary>Files extracted with a repair (replaced bytes, mapped control characters, a lying extension): warning lines of errors.jsonl.</summary>
    public int Warnings { get; init; }

    /// <summary>0 when every document succeeded, 1 when any failed (the others are still written).</summary>
    public int ExitCode => Failed > 0 || Cancelled ? 1 : 0;
}

/// <summary>What the documents written in a run contain, for the closing summary.</summary>
public sealed class ExtractionCounts
{
    public long Sentences { get; private set; }
    public long Relations { get; private set; }
    public SortedDictionary<string, int> EntityLabels { get; } = new(StringComparer.Ordinal);
    public SortedDictionary<string, int> EventTypes { get; } = new(StringComparer.Ordinal);

    internal void Add(DocumentTally doc)
    {
        Sentences += doc.Sentences;
        Relations += doc.Relations;
        foreach (var label in doc.EntityLabels) EntityLabels[label] = EntityLabels.GetValueOrDefault(label) + 1;
        foreach (var type in doc.EventTypes) EventTypes[type] = EventTypes.GetValueOrDefault(type) + 1;
    }
}
