namespace Nlp.Text.Normalization;

/// <summary>
/// Repairs the damage text extraction does, keeping the original offset of every character (see
/// <see cref="NormalizedText"/>):
/// <list type="bullet">
/// <item>words hyphenated across line breaks are rejoined ("Mac-" blank line "lean" → "Maclean"), real hyphens
///   kept (<see cref="LineJoin"/>);</item>
/// <item>hard-wrapped lines are joined into paragraphs, and paragraphs are separated by a blank line;</item>
/// <item>footnotes ("1 FitzroyMaclean, Eastern Approaches…", "* Research support…"), page furniture (running
///   headers, page numbers) and headings are found and returned as zones in original offsets. Footnotes and
///   headings become paragraphs of their own (so no sentence mixes them with body text); furniture is left out.</item>
/// </list>
/// The layout rules are tuned on PDF extractions like the long seed, where a page's footnotes follow its body
/// text, a page's first line is indented by a space, and the blank line that should end a paragraph is displaced
/// to after the next paragraph's first line ("…Asia.\nThe people of … speculate on\n\nits cause.").
/// </summary>
public static class TextNormalizer
{
    public static NormalizedText Normalize(string text, NormalizerOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(text);
        var lines = SourceLine.Split(text);
        var layout = LineLayout.Measure(lines, (options ?? NormalizerOptions.Default).Wrapping);
        return new NormalizationPass(text, lines, layout).Run();
    }
}
