namespace Nlp.Corpora.Annotation;

/// <summary>
/// One annotation file (*.ann): blocks of lines, one block per passage. The syntax, documented in
/// training-data/README.md:
/// <code>
/// ## passage origins-003            (a seed passage: its text comes from the seed)
/// ## passage synth-001 synthetic    (a passage of our own writing for training: its text follows as "> " lines)
/// ## passage other-001 dev-other genre=memoir   (our own writing for the dev-other evaluation set only)
/// > In 1931 ten thousand Americans moved to the USSR.
/// ENT PERSON Fitzroy Maclean         (every occurrence in the passage)
/// ENT GPE Moscow @2                  (only the 2nd occurrence; "@1,3" several; "-@2" all but the 2nd)
/// EVT MIGRATE arrived | Migrant=Fitzroy Maclean | Destination=Moscow | Time=February 1937
/// REL MEMBER_OF Maclean -> British Embassy
/// # a comment
/// </code>
/// </summary>
public sealed record AnnotationScript(string File, IReadOnlyList<PassageBlock> Blocks)
{
    public static AnnotationScript Parse(string file, IEnumerable<string> lines, List<CompileError> errors)
    {
        var blocks = new List<PassageBlock>();
        PassageBlock? current = null;
        int n = 0;
        foreach (var raw in lines)
        {
            n++;
            var line = raw.TrimEnd();
            if (line.Length == 0 || (line.StartsWith('#') && !line.StartsWith("## "))) continue;
            if (line.StartsWith("## "))
            {
                var parts = line[3..].Split(' ', StringSplitOptions.RemoveEmptyEntries);
                if (!TryParseHeader(parts, out var kind, out var genre))
                {
                    errors.Add(new CompileError(file, n, "expected '## passage ID', '## passage ID synthetic [genre=G]' or '## passage ID dev-other [genre=G]'"));
                    current = null;
                    continue;
                }
                current = new PassageBlock(parts[1], kind, n) { Genre = genre };
                blocks.Add(current);
                continue;
            }
            if (current is null)
            {
                errors.Add(new CompileError(file, n, "annotation line before any '## passage' header"));
                continue;
            }
            if (line.StartsWith("> ") || line == ">")
            {
                if (!current.HasOwnText) errors.Add(new CompileError(file, n, "'>' text lines belong to passages of our own writing only (synthetic, dev-other)"));
                else current.TextLines.Add(line.Length > 2 ? line[2..] : "");
                continue;
            }
            current.Lines.Add(new ScriptLine(file, n, line));
        }
        return new AnnotationScript(file, blocks);
    }

    private static bool TryParseHeader(string[] parts, out PassageKind kind, out string? genre)
    {
        kind = PassageKind.Seed;
        genre = null;
        if (parts.Length < 2 || parts[0] != "passage" || parts.Length > 4) return false;
        if (parts.Length == 2) return true;
        kind = parts[2] switch { "synthetic" => PassageKind.Synthetic, "dev-other" => PassageKind.DevOther, _ => PassageKind.Seed };
        if (kind == PassageKind.Seed) return false;
        if (parts.Length == 4)
        {
            if (!parts[3].StartsWith("genre=") || parts[3].Length == "genre=".Length) return false;
            genre = parts[3]["genre=".Length..];
        }
        return true;
    }
}

/// <summary>Where a passage's text comes from and which data set it belongs to.</summary>
public enum PassageKind
{
    /// <summary>A passage of a seed document (train or dev by the deterministic split).</summary>
    Seed,
    /// <summary>Our own writing, for training only.</summary>
    Synthetic,
    /// <summary>Our own writing in genres and episodes the training data lacks, for evaluation only (dev-other).</summary>
    DevOther,
}

public sealed record PassageBlock(string PassageId, PassageKind Kind, int HeaderLine)
{
    /// <summary>True for a passage whose text is written in the script ("> " lines) rather than cut from a seed.</summary>
    public bool HasOwnText => Kind != PassageKind.Seed;
    public string? Genre { get; init; }
    public List<string> TextLines { get; } = new();
    public List<ScriptLine> Lines { get; } = new();
}

public sealed record ScriptLine(string File, int Number, string Text);

public sealed record CompileError(string File, int Line, string Reason)
{
    public override string ToString() => $"{File}:{Line}: {Reason}";
}
