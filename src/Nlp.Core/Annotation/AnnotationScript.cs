namespace Nlp.Core.Annotation;

/// <summary>
/// One annotation file (*.ann): blocks of lines, one block per passage. The syntax, documented in
/// training-data/README.md:
/// <code>
/// ## passage origins-003            (a seed passage: its text comes from the seed)
/// ## passage synth-001 synthetic    (a passage of our own writing: its text follows as "> " lines)
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
                if (parts.Length < 2 || parts[0] != "passage" || parts.Length > 3 || (parts.Length == 3 && parts[2] != "synthetic"))
                {
                    errors.Add(new CompileError(file, n, "expected '## passage ID' or '## passage ID synthetic'"));
                    current = null;
                    continue;
                }
                current = new PassageBlock(parts[1], parts.Length == 3, n);
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
                if (!current.Synthetic) errors.Add(new CompileError(file, n, "'>' text lines belong to synthetic passages only"));
                else current.TextLines.Add(line.Length > 2 ? line[2..] : "");
                continue;
            }
            current.Lines.Add(new ScriptLine(file, n, line));
        }
        return new AnnotationScript(file, blocks);
    }
}

public sealed record PassageBlock(string PassageId, bool Synthetic, int HeaderLine)
{
    public List<string> TextLines { get; } = new();
    public List<ScriptLine> Lines { get; } = new();
}

public sealed record ScriptLine(string File, int Number, string Text);

public sealed record CompileError(string File, int Line, string Reason)
{
    public override string ToString() => $"{File}:{Line}: {Reason}";
}
