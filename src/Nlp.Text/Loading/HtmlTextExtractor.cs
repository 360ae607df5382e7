using System.Text;
using System.Text.RegularExpressions;
using AngleSharp.Dom;
using AngleSharp.Html.Parser;

namespace Nlp.Text.Loading;

/// <summary>
/// The visible text of an HTML page, via AngleSharp: no head, script, style, template or hidden elements. Block
/// elements (p, div, h1…, li, tr…) become paragraph breaks (a blank line), &lt;br&gt; a line break, table cells a
/// tab; white space inside running text collapses as a browser renders it, and &lt;pre&gt; keeps its own.
/// </summary>
internal static partial class HtmlTextExtractor
{
    private static readonly HashSet<string> Skipped = new(StringComparer.OrdinalIgnoreCase)
    {
        "head", "script", "style", "noscript", "template", "svg", "math", "iframe", "object", "embed", "canvas",
        "select", "option", "input", "button", "textarea", "audio", "video", "map",
    };

    private static readonly HashSet<string> Blocks = new(StringComparer.OrdinalIgnoreCase)
    {
        "address", "article", "aside", "blockquote", "body", "caption", "center", "dd", "details", "dialog", "div",
        "dl", "dt", "fieldset", "figcaption", "figure", "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6", "header",
        "hgroup", "hr", "li", "main", "nav", "ol", "p", "pre", "section", "summary", "table", "tbody", "thead",
        "tfoot", "tr", "ul", "html", "legend", "menu",
    };

    public static (string Text, string? Title) Extract(string html)
    {
        var document = new HtmlParser().ParseDocument(html);
        var writer = new VisibleTextWriter();
        if (document.DocumentElement is { } root) Walk(root, writer, preformatted: false);
        var title = document.Title?.Trim();
        return (writer.ToString(), string.IsNullOrEmpty(title) ? null : title);
    }

    private static void Walk(INode node, VisibleTextWriter writer, bool preformatted)
    {
        foreach (var child in node.ChildNodes)
        {
            switch (child)
            {
                case IText text:
                    if (preformatted) writer.Verbatim(text.Data);
                    else writer.Running(text.Data);
                    break;
                case IElement element:
                    var name = element.LocalName;
                    if (Skipped.Contains(name) || IsHidden(element)) break;
                    if (name == "br")
                    {
                        writer.Break(1);
                        break;
                    }
                    bool block = Blocks.Contains(name);
                    bool cell = name is "td" or "th";
                    if (block) writer.Break(2);
                    else if (cell) writer.Cell();
                    Walk(element, writer, preformatted || name == "pre");
                    if (block) writer.Break(2);
                    break;
            }
        }
    }

    private static bool IsHidden(IElement element) =>
        element.HasAttribute("hidden")
        || string.Equals(element.GetAttribute("aria-hidden"), "true", StringComparison.OrdinalIgnoreCase)
        || (element.GetAttribute("style") is { } style && HiddenStyle().IsMatch(style));

    [GeneratedRegex(@"display\s*:\s*none|visibility\s*:\s*hidden", RegexOptions.IgnoreCase)]
    private static partial Regex HiddenStyle();

    /// <summary>Collects text, collapsing white space and emitting at most one pending break between runs.</summary>
    private sealed class VisibleTextWriter
    {
        private readonly StringBuilder _sb = new();
        private int _pendingBreaks;
        private bool _pendingSpace;
        private bool _pendingTab;

        public void Break(int lines)
        {
            _pendingBreaks = Math.Max(_pendingBreaks, lines);
            _pendingSpace = false;
            _pendingTab = false;
        }

        public void Cell() => _pendingTab = _sb.Length > 0 && _pendingBreaks == 0;

        public void Running(string data)
        {
            foreach (char c in data)
            {
                if (c is ' ' or '\t' or '\n' or '\r' or '\f')
                {
                    _pendingSpace = _sb.Length > 0;
                    continue;
                }
                Flush();
                _sb.Append(c);
            }
        }

        public void Verbatim(string data)
        {
            foreach (char c in data.Replace("\r\n", "\n"))
            {
                if (c == '\n')
                {
                    _pendingBreaks = Math.Max(_pendingBreaks, 1);
                    continue;
                }
                Flush();
                _sb.Append(c);
            }
        }

        private void Flush()
        {
            if (_sb.Length > 0)
            {
                if (_pendingBreaks > 0) _sb.Append('\n', _pendingBreaks);
                else if (_pendingTab) _sb.Append('\t');
                else if (_pendingSpace) _sb.Append(' ');
            }
            _pendingBreaks = 0;
            _pendingSpace = false;
            _pendingTab = false;
        }

        public override string ToString() => _sb.ToString();
    }
}
