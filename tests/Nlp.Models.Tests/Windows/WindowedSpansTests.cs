using Nlp.Models.Windows;

namespace Nlp.Models.Tests.Windows;

public class WindowedSpansTests
{
    // 400 tokens: windows [0, 256) and [144, 400); they share tokens 144..255, whose middle is 199/200.
    static readonly IReadOnlyList<TokenWindow> Two = TokenWindows.Split(400);

    static WindowSpan<string> S(int first, int last, string label) => new(first, last, label);

    static List<WindowSpan<string>> Merge(IReadOnlyList<WindowSpan<string>> left, IReadOnlyList<WindowSpan<string>> right) =>
        WindowedSpans.Merge(Two, [left, right], 400);

    [Fact]
    public void One_window_keeps_its_spans_unchanged()
    {
        var spans = new[] { S(3, 4, "PER"), S(0, 1, "LOC") };
        Assert.Equal([S(0, 1, "LOC"), S(3, 4, "PER")], WindowedSpans.Merge([new TokenWindow(0, 10)], [spans], 10));
    }

    [Fact]
    public void A_span_both_windows_see_comes_out_once()
    {
        Assert.Equal([S(10, 11, "PER"), S(170, 172, "ORG"), S(300, 300, "LOC")],
            Merge([S(10, 11, "PER"), S(170, 172, "ORG")], [S(170, 172, "ORG"), S(300, 300, "LOC")]));
    }

    [Fact]
    public void A_span_across_the_seam_comes_out_whole_when_both_windows_agree()
    {
        Assert.Equal([S(198, 202, "GPE")], Merge([S(198, 202, "GPE")], [S(198, 202, "GPE")]));
    }

    [Fact]
    public void Where_windows_disagree_the_one_farther_from_its_cut_decides()
    {
        // Tokens 240..242 lie 13 tokens from the first window's cut and 96 from the second's: the second decides,
        // also when it sees no entity there.
        Assert.Equal([S(240, 242, "ORG")], Merge([S(240, 242, "PER")], [S(240, 242, "ORG")]));
        Assert.Empty(Merge([S(240, 242, "PER")], []));
        // Tokens 150..151 lie 6 tokens from the second window's cut: the first decides.
        Assert.Equal([S(150, 151, "PER")], Merge([S(150, 151, "PER")], [S(149, 151, "LOC")]));
        Assert.Empty(Merge([], [S(150, 151, "LOC")]));
    }

    [Fact]
    public void Spans_of_different_windows_never_overlap()
    {
        // Each window owns its own reading of the stretch around the seam; the better-placed one wins.
        var merged = Merge([S(195, 199, "ORG")], [S(199, 203, "LOC")]);
        Assert.Single(merged);
        Assert.Equal(S(195, 199, "ORG"), merged[0]); // 56 tokens from the first window's cut, 51 from the second's
        var many = Merge(Enumerable.Range(0, 120).Select(i => S(2 * i, 2 * i + 1, "A")).ToList(),
            Enumerable.Range(0, 127).Select(i => S(145 + 2 * i, 146 + 2 * i, "B")).ToList());
        for (int i = 1; i < many.Count; i++) Assert.True(many[i].First > many[i - 1].Last, $"{many[i - 1]} overlaps {many[i]}");
    }

    [Fact]
    public void A_span_outside_its_window_is_refused()
    {
        Assert.Throws<ArgumentException>(() => Merge([S(250, 260, "PER")], []));
    }
}
