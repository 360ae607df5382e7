using System.Text;
using Nlp.Core.Model;
using Nlp.Text.Normalization;

namespace Nlp.Text;

/// <summary>
/// A token's surface form for downstream models: its original text with line-break hyphenation removed and
/// internal line breaks joined, exactly as the normalizer joined them ("Mac-\n\nlean" → "Maclean",
/// "Carpatho-\nUkraine" → "Carpatho-Ukraine", ". .\n." → ". . .").
/// </summary>
public static class TokenText
{
    public static string Surface(Document document, Span span) => Surface(document.Text, span);

    public static string Surface(string text, Span span)
    {
        var s = text.AsSpan(span.Start, span.Length);
        if (s.IndexOfAny(LineBreaks) < 0) return text.Substring(span.Start, span.Length);

        var sb = new StringBuilder(span.Length);
        int i = span.Start;
        while (i < span.End)
        {
            char c = text[i];
            if (!CharClass.IsWhiteSpace(c))
            {
                sb.Append(c);
                i++;
                continue;
            }
            int runEnd = i;
            bool lineBreak = false;
            while (runEnd < span.End && CharClass.IsWhiteSpace(text[runEnd]))
                lineBreak |= CharClass.IsLineBreak(text[runEnd++]);
            if (!lineBreak || i == span.Start || runEnd == span.End)
            {
                sb.Append(text, i, runEnd - i);
            }
            else
            {
                switch (LineJoin.Decide(text, i - 1, runEnd, () => HyphenEvidence.For(text)))
                {
                    case JoinKind.Space:
                        sb.Append(' ');
                        break;
                    case JoinKind.DropHyphen:
                        sb.Length--;
                        break;
                }
            }
            i = runEnd;
        }
        return sb.ToString();
    }

    private static readonly System.Buffers.SearchValues<char> LineBreaks =
        System.Buffers.SearchValues.Create("\n\r\f\v\u0085\u2028\u2029");
}
