using System.Collections.Immutable;
using Nlp.Core.Model;

namespace Nlp.Text.Normalization;

/// <summary>
/// Text repaired for the tokenizer (line-break hyphenation removed, hard-wrapped lines unwrapped, footnotes and
/// headings in paragraphs of their own, page furniture left out) together with, for every character of it, its
/// offset in the original text. <see cref="Map"/> has one entry per character plus one for the end, and never
/// decreases, so any span of <see cref="Text"/> maps back to one span of <see cref="Original"/>.
/// </summary>
public sealed class NormalizedText
{
    internal NormalizedText(string original, string text, int[] map, ImmutableArray<Zone> zones)
    {
        Original = original;
        Text = text;
        Map = map;
        Zones = zones;
    }

    public string Original { get; }

    public string Text { get; }

    /// <summary>Map[i] is the original offset of Text[i]; Map[Text.Length] is the end of the last mapped character.</summary>
    public int[] Map { get; }

    /// <summary>Footnotes, page furniture and headings, in original offsets, ordered by start.</summary>
    public ImmutableArray<Zone> Zones { get; }

    public int Length => Text.Length;

    /// <summary>The original span covering normalized characters [start, end).</summary>
    public Span ToOriginal(int start, int end) =>
        end > start ? new Span(Map[start], Map[end - 1] + 1) : new Span(Map[start], Map[start]);

    public Span ToOriginal(Span normalized) => ToOriginal(normalized.Start, normalized.End);

    /// <summary>Identity: text that needed no repair (used for pre-normalized input and in tests).</summary>
    public static NormalizedText Identity(string text)
    {
        var map = new int[text.Length + 1];
        for (int i = 0; i <= text.Length; i++) map[i] = i;
        return new NormalizedText(text, text, map, ImmutableArray<Zone>.Empty);
    }
}
