using System.Text;

namespace Nlp.Review.Report;

/// <summary>A stacked bar per year, one colour per event type, as inline SVG (no script, no external file).</summary>
internal static class TimelineChart
{
    public static string Svg(SortedDictionary<string, Dictionary<string, int>> byYear)
    {
        if (byYear.Count == 0) return "<p>No events.</p>\n";
        var types = byYear.Values.SelectMany(c => c.Keys).Distinct().Order(StringComparer.Ordinal).ToList();
        int max = byYear.Values.Max(c => c.Values.Sum());
        const int barWidth = 36, gap = 12, height = 160, top = 10, legendRow = 16;
        int width = Math.Max(gap + 4 * 140, byYear.Count * (barWidth + gap) + gap);
        int total = top + height + 20 + legendRow * ((types.Count + 3) / 4);
        var svg = new StringBuilder($"<svg class=\"timeline\" xmlns=\"http://www.w3.org/2000/svg\" width=\"{width}\" height=\"{total}\" role=\"img\" aria-label=\"event types over time\">");
        int x = gap;
        foreach (var (year, counts) in byYear)
        {
            double y = top + height;
            foreach (var type in types)
            {
                int n = counts.GetValueOrDefault(type);
                if (n == 0) continue;
                double h = height * n / (double)max;
                y -= h;
                svg.Append($"<rect x=\"{x}\" y=\"{y:0.#}\" width=\"{barWidth}\" height=\"{h:0.#}\" fill=\"{LabelColors.For(type, types)}\" stroke=\"#555\">")
                    .Append("<title>").Append(Html.Encode($"{year}: {type} {n}")).Append("</title></rect>");
            }
            svg.Append($"<text x=\"{x + barWidth / 2}\" y=\"{top + height + 14}\" text-anchor=\"middle\" font-size=\"11\">").Append(Html.Encode(year)).Append("</text>");
            x += barWidth + gap;
        }
        for (int i = 0; i < types.Count; i++)
        {
            int lx = gap + i % 4 * 140, ly = top + height + 24 + i / 4 * legendRow;
            svg.Append($"<rect x=\"{lx}\" y=\"{ly}\" width=\"10\" height=\"10\" fill=\"{LabelColors.For(types[i], types)}\"/>")
                .Append($"<text x=\"{lx + 14}\" y=\"{ly + 9}\" font-size=\"11\">").Append(Html.Encode(types[i])).Append("</text>");
        }
        return svg.Append("</svg>\n").ToString();
    }
}
