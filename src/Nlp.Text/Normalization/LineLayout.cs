namespace Nlp.Text.Normalization;

/// <summary>
/// How a text's lines are laid out. A PDF extraction or a typed manuscript is hard-wrapped: most lines run close to
/// one width and a line break is usually not a paragraph break. A web page or a word-processor export has one
/// paragraph per line, and every line break is a paragraph break.
/// </summary>
internal sealed class LineLayout
{
    /// <summary>Lines wider than this are paragraphs, not wrapped lines.</summary>
    private const int MaxWrapWidth = 160;

    private LineLayout(bool hardWrapped, int wrapWidth)
    {
        HardWrapped = hardWrapped;
        WrapWidth = wrapWidth;
    }

    public bool HardWrapped { get; }

    /// <summary>The width most lines are wrapped at: the 80th percentile of line lengths.</summary>
    public int WrapWidth { get; }

    /// <summary>Noticeably shorter than the wrap width: the last line of a paragraph, a heading, a caption.</summary>
    public bool IsShort(SourceLine line) => line.Length < WrapWidth * 3 / 4;

    /// <summary>At least half the wrap width: a line that was wrapped, not a heading.</summary>
    public bool IsFull(SourceLine line) => line.Length >= WrapWidth / 2;

    public static LineLayout Measure(List<SourceLine> lines, Wrapping wrapping)
    {
        var lengths = new List<int>(lines.Count);
        foreach (var line in lines)
            if (!line.IsBlank) lengths.Add(line.Length);
        if (lengths.Count == 0) return new LineLayout(false, 0);
        lengths.Sort();
        int width = lengths[Math.Min(lengths.Count - 1, lengths.Count * 4 / 5)];
        bool hardWrapped = wrapping switch
        {
            Wrapping.HardWrapped => true,
            Wrapping.Unwrapped => false,
            _ => width <= MaxWrapWidth,
        };
        return new LineLayout(hardWrapped, width);
    }
}
