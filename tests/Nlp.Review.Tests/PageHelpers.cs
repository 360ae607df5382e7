using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace Nlp.Review.Tests;

/// <summary>What a reviewer does on the page: select text, click an entity by its text.</summary>
internal static class PageHelpers
{
    /// <summary>Selects the characters [start,end) of the document text with a DOM range over the drawn text nodes,
    /// as a mouse selection would.</summary>
    public static Task SelectTextAsync(this IPage page, int start, int end) => page.EvaluateAsync(@"([s, e]) => {
        const segs = [...document.querySelectorAll('#text .seg')];
        const at = (o, isEnd) => {
          for (const seg of segs) {
            const a = +seg.dataset.start, b = +seg.dataset.end;
            if (o >= a && (o < b || (isEnd && o === b))) return [seg.firstChild, o - a];
          }
          throw new Error('offset ' + o + ' is not in the text');
        };
        const [sn, so] = at(s, false), [en, eo] = at(e, true);
        const range = document.createRange();
        range.setStart(sn, so);
        range.setEnd(en, eo);
        const sel = window.getSelection();
        sel.removeAllRanges();
        sel.addRange(range);
      }", new[] { start, end });

    public static Task SelectTextAsync(this IPage page, string text, string word, int occurrence = 0)
    {
        int at = -1;
        for (int i = 0; i <= occurrence; i++) at = text.IndexOf(word, at + 1, StringComparison.Ordinal);
        return page.SelectTextAsync(at, at + word.Length);
    }

    public static ILocator Entity(this IPage page, string text) =>
        page.Locator("#text .seg.ent").Filter(new LocatorFilterOptions { HasTextRegex = new Regex($"^{Regex.Escape(text)}$") });
}
