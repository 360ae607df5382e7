using Nlp.Core.Model;

namespace Nlp.Rules.Tests;

public class SpanIndexTests
{
    [Fact]
    public void Finds_exactly_the_overlapping_spans_including_nested_long_and_empty_ones()
    {
        var random = new Random(7);
        var spans = Enumerable.Range(0, 400).Select(_ =>
        {
            int start = random.Next(0, 1000);
            return new Span(start, start + (random.Next(10) == 0 ? random.Next(0, 300) : random.Next(0, 6)));
        }).ToList();
        var index = new SpanIndex<Span>(spans, s => s);
        for (int q = 0; q < 500; q++)
        {
            int start = random.Next(-5, 1010);
            var query = new Span(start, start + random.Next(0, 20));
            var expected = spans.Where(s => s.Overlaps(query)).OrderBy(s => s).ToList();
            Assert.Equal(expected, index.Overlapping(query).OrderBy(s => s).ToList());
            Assert.Equal(expected.Count > 0, index.AnyOverlapping(query));
        }
    }
}
