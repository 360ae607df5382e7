using Nlp.Core.Formats;
using Nlp.Core.Model;

namespace Nlp.Rules.Tests.Regression;

/// <summary>
/// A rule's start filter only says where its pattern is tried: the rule must find exactly what its plain pattern
/// finds, on every training document and seed and on texts built to sit on the filters' edges.
/// </summary>
public class StartFilterTests
{
    private static readonly string[] Edges =
    [
        "bathe spring 1930 and the template 1931", "ſpring 1930, SPRING 1931, Spring of 1932", "Octo- ber 1930, Sept. 1931, Ja- nuary 1932",
        "from 5 to 6, Twelve to 14 million, a hundred to two hundred", "the 25th of December, mid-1930s, post-1917",
        "nineteen – twenty, Eleven—twelve, 1,000-2,000 and 3.5 to 4", "the end of 1930 to the beginning of 1931",
        "_one to two, x1 to 2, ONE TO TWO", "", "7", "a", "the middle-1930s, middle 1931, the close of 1932, the turn of 1933",
        "the first half of 1934, the second half of 1935, the first three months of 1936, late- 1937, early-1938",
        "the twentieth century, mid-nineteenth century, the 19th-century, Twenty-first century, in the THIRD CENTURY",
    ];

    public static IEnumerable<object[]> FilteredRules() =>
        Enumerable.Range(0, RulePatterns.All.Count).Where(r => RulePatterns.All[r].Start is not null).Select(r => new object[] { r });

    [Fact]
    public void Some_rules_have_a_start_filter() => Assert.NotEmpty(FilteredRules());

    [Theory]
    [MemberData(nameof(FilteredRules))]
    public void A_filtered_rule_finds_what_its_pattern_finds(int r)
    {
        var rule = RulePatterns.All[r];
        // The same rule without gate: the filter alone is tested, over whole texts.
        var ungated = rule with { Gate = null };
        var texts = RegressionCorpus.Documents().Select(d => d.Text).Concat(Edges).ToList();
        foreach (var text in texts)
        {
            var expected = rule.Pattern.Matches(text).Select(m => (m.Index, m.Length)).ToList();
            var actual = NumericRecognizer.RuleMatches(ungated, text).ToList();
            Assert.True(expected.SequenceEqual(actual), $"rule {r} differs on: {(text.Length > 200 ? text[..200] + "…" : text)}");
        }
    }
}
