namespace Nlp.Corpora.Annotation;

/// <summary>A passage of a source document: an unchanged substring of it, with its id and place.</summary>
public sealed record Passage(string Id, string Source, int Index, int Start, string Text)
{
    public int End => Start + Text.Length;
}
