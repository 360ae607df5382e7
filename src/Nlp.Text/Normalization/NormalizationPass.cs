using System.Collections.Immutable;
using Nlp.Core.Model;

namespace Nlp.Text.Normalization;

internal enum BlockKind { Body, Footnote, Heading }

/// <summary>
/// One run of <see cref="TextNormalizer"/> over the lines of a text: places each line in a block (paragraph,
/// footnote, heading), leaves furniture out, and writes each block out as one paragraph of the normalized text.
/// </summary>
internal sealed class NormalizationPass(string text, List<SourceLine> lines, LineLayout layout)
{
    private readonly NormalizedTextBuilder _out = new(text);
    private readonly ImmutableArray<Zone>.Builder _zones = ImmutableArray.CreateBuilder<Zone>();
    private readonly List<int> _block = new();
    private BlockKind _kind;
    private bool[] _heading = [];
    private int _lastFootnote;
    private int _lastMarker;
    private bool _footnotesSeen;
    private bool _inFootnotes;
    private int _lastEnd;
    private HyphenEvidence? _evidence;
    private Func<HyphenEvidence>? _getEvidence;
    private bool _hasBody;

    private HyphenEvidence Evidence() => _evidence ??= new HyphenEvidence(text);

    public NormalizedText Run()
    {
        _heading = HeadingLines();
        // A text whose every line looks like page furniture ("Moscow 1937" alone) is the document itself, not the
        // header of a page: leaving it out would leave nothing to read.
        _hasBody = lines.Any(l => !l.IsBlank && !LineRules.IsFurniture(text, l));
        int previous = -1;
        bool blank = false;
        bool afterFurniture = false;
        for (int li = 0; li < lines.Count; li++)
        {
            var line = lines[li];
            if (line.IsBlank)
            {
                blank = true;
                continue;
            }
            if (IsFurniture(li))
            {
                Close();
                _zones.Add(new Zone(new Span(line.ContentStart, line.ContentEnd), Zone.Furniture));
                _inFootnotes = false;
                afterFurniture = true;
                previous = -1; // what follows a header starts afresh, like the top of a page
                blank = false;
                continue;
            }
            bool atBreak = previous < 0 || blank || afterFurniture || line.AfterPageBreak;
            bool pageStart = layout.HardWrapped && previous >= 0 && (line.Indented || line.AfterPageBreak);
            Place(li, previous, blank, atBreak, pageStart);
            if (_kind == BlockKind.Body) _lastMarker = Math.Max(_lastMarker, LineRules.LastFootnoteMarker(text, line));
            previous = li;
            blank = false;
            afterFurniture = false;
        }
        Close();
        var (normalized, map) = _out.Build(_lastEnd);
        return new NormalizedText(text, normalized, map, _zones.ToImmutable());
    }

    private void Place(int li, int previous, bool blank, bool atBreak, bool pageStart)
    {
        var line = lines[li];
        int footnote = LineRules.FootnoteStart(text, line, _lastFootnote, _lastMarker);
        // A footnote usually opens after a blank line, inside the page's notes or at a page start; without any of
        // these, only the very next number after a finished sentence counts (a misplaced page-start mark).
        bool nextInSequence = footnote == _lastFootnote + 1 && _footnotesSeen && previous >= 0 && LineRules.EndsSentence(text, lines[previous]);
        if (footnote >= 0 && (atBreak || _inFootnotes || pageStart || nextInSequence))
        {
            if (footnote > 0) _lastFootnote = footnote;
            _footnotesSeen = true;
            _inFootnotes = true;
            Start(BlockKind.Footnote, li);
            return;
        }
        if (_heading[li])
        {
            _inFootnotes = false;
            Start(BlockKind.Heading, li);
            return;
        }
        if (_block.Count == 0 || previous < 0 || _kind == BlockKind.Heading)
        {
            _inFootnotes = false;
            Start(BlockKind.Body, li);
            return;
        }
        if (_inFootnotes)
        {
            // The page's footnotes run until the next page starts (an indented line) or a line after a
            // blank that cannot continue a footnote.
            if (pageStart && !FootnoteFollows(li)) Start(BlockKind.Body, li);
            else if (!blank || IsDisplacedBlank(previous) || LineRules.StartsAsContinuation(text, line)) Continue(li);
            else Start(BlockKind.Body, li);
            _inFootnotes = _kind == BlockKind.Footnote;
            return;
        }
        if (!layout.HardWrapped)
        {
            Start(BlockKind.Body, li); // one paragraph per line
            return;
        }
        if (blank)
        {
            if (IsDisplacedBlank(previous) || IsHyphenatedAcrossBlank(previous, li))
            {
                SplitBefore(previous); // the paragraph really started one line earlier
                Continue(li);
            }
            else if (_footnotesSeen && LineRules.StartsAsContinuation(text, line) && !LineRules.EndsSentence(text, lines[previous]))
            {
                // A footnote carried over from the previous page, below this page's body text.
                _inFootnotes = true;
                Start(BlockKind.Footnote, li);
            }
            else
            {
                Start(BlockKind.Body, li);
            }
            return;
        }
        if (EndsParagraph(lines[previous])) Start(BlockKind.Body, li);
        else Continue(li);
    }

    /// <summary>
    /// A blank line after a full line that does not end a sentence, where that line opened a paragraph (the line
    /// before it ended a sentence) or a footnote: the extraction moved the paragraph break down by one line.
    /// </summary>
    private bool IsDisplacedBlank(int previous)
    {
        var line = lines[previous];
        if (!layout.HardWrapped || !layout.IsFull(line) || LineRules.EndsSentence(text, line)) return false;
        if (_kind == BlockKind.Footnote && _block[0] == previous) return true;
        if (previous == 0 || lines[previous - 1].IsBlank) return false;
        return LineRules.EndsSentence(text, lines[previous - 1]);
    }

    /// <summary>A word hyphenated at the end of one line and finished, in lower case, after a blank line.</summary>
    private bool IsHyphenatedAcrossBlank(int previous, int li)
    {
        var before = lines[previous];
        return before.Length >= 2
               && CharClass.IsHyphen(text[before.ContentEnd - 1])
               && CharClass.IsLower(text[before.ContentEnd - 2])
               && CharClass.IsLower(text[lines[li].ContentStart]);
    }

    /// <summary>The next non-blank line opens the next footnote: the page has not ended yet.</summary>
    private bool FootnoteFollows(int li)
    {
        int next = li + 1;
        while (next < lines.Count && lines[next].IsBlank) next++;
        return next < lines.Count && LineRules.FootnoteStart(text, lines[next], _lastFootnote, _lastMarker) > 0;
    }

    /// <summary>A short line that ends a sentence or announces a quotation ends its paragraph.</summary>
    private bool EndsParagraph(SourceLine line) =>
        layout.IsShort(line) && (LineRules.EndsSentence(text, line) || text[line.ContentEnd - 1] == ':');

    private bool IsFurniture(int li)
    {
        if (!_hasBody) return false;
        var line = lines[li];
        bool aloneBefore = li == 0 || lines[li - 1].IsBlank || line.AfterPageBreak;
        bool aloneAfter = li + 1 == lines.Count || lines[li + 1].IsBlank || lines[li + 1].AfterPageBreak;
        return aloneBefore && aloneAfter
               && LineRules.FootnoteStart(text, line, _lastFootnote, _lastMarker) <= 0
               && LineRules.IsFurniture(text, line);
    }

    /// <summary>
    /// Heading lines, decided per group of consecutive non-blank lines: a group of at most three lines that all
    /// look like headings ("Terry Martin" / "Harvard University", "Enemy Nations").
    /// </summary>
    private bool[] HeadingLines()
    {
        var heading = new bool[lines.Count];
        int g = 0;
        while (g < lines.Count)
        {
            if (lines[g].IsBlank)
            {
                g++;
                continue;
            }
            int end = g + 1;
            while (end < lines.Count && !lines[end].IsBlank && !lines[end].AfterPageBreak) end++;
            if (end - g <= 3)
            {
                bool all = true;
                for (int k = g; k < end && all; k++) all = LineRules.LooksLikeHeading(text, lines[k], layout);
                for (int k = g; k < end && all; k++) heading[k] = true;
            }
            g = end;
        }
        return heading;
    }

    private void Start(BlockKind kind, int li)
    {
        Close();
        _kind = kind;
        _block.Add(li);
    }

    private void Continue(int li) => _block.Add(li);

    /// <summary>Ends the current block before line <paramref name="li"/>, which opens a new body paragraph.</summary>
    private void SplitBefore(int li)
    {
        if (_kind != BlockKind.Body || _block.Count < 2 || _block[^1] != li) return;
        _block.RemoveAt(_block.Count - 1);
        Start(BlockKind.Body, li);
    }

    /// <summary>Writes the current block as one paragraph of the normalized text and records its zone.</summary>
    private void Close()
    {
        if (_block.Count == 0) return;
        var first = lines[_block[0]];
        _out.AppendParagraphBreak(_lastEnd, first.ContentStart);
        for (int k = 0; k < _block.Count; k++)
        {
            var line = lines[_block[k]];
            if (k > 0)
            {
                var before = lines[_block[k - 1]];
                switch (LineJoin.Decide(text, before.ContentEnd - 1, line.ContentStart, _getEvidence ??= Evidence))
                {
                    case JoinKind.Space:
                        _out.Append(' ', before.ContentEnd);
                        break;
                    case JoinKind.DropHyphen:
                        _out.RemoveLast();
                        break;
                }
            }
            _out.AppendOriginal(line.ContentStart, line.ContentEnd);
        }
        _lastEnd = lines[_block[^1]].ContentEnd;
        var span = new Span(first.ContentStart, _lastEnd);
        if (_kind == BlockKind.Footnote) _zones.Add(new Zone(span, Zone.Footnote));
        else if (_kind == BlockKind.Heading) _zones.Add(new Zone(span, Zone.Heading));
        _block.Clear();
    }
}
