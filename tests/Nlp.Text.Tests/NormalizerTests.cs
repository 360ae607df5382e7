using Nlp.Core.Model;
using Nlp.Text.Normalization;

namespace Nlp.Text.Tests;

public class NormalizerTests
{
    private static string Normalized(string text, Wrapping wrapping = Wrapping.Auto) =>
        TextNormalizer.Normalize(text, new NormalizerOptions { Wrapping = wrapping }).Text;

    // Lines of the long seed, hard-wrapped at its width, so that the layout is measured as in the real file.
    private const string LenkoranPassage =
        "peasants under the escort of NKVD frontier troops with fixed bayonets.”2 At\n" +
        "the port, the peasants were being loaded onto ships for deportation to central\n" +
        "Asia.\n" +
        "The people of Lenkoran gathered to watch the deportation and speculate on\n" +
        "\n" +
        "its cause. Maclean favored the explanation of an elderly Russian, who said that\n" +
        "“the arrests had been decreed from Moscow and merely formed part of the\n";

    private const string MacleanPassage =
        "Maclean and showed him a cartoon from the Soviet satirical journal Krokodil\n" +
        "about British deportations in India. “This is exactly what happens here,” he\n" +
        "said.4\n" +
        "Since all the ships to central Asia were occupied with the deportation, Mac-\n" +
        "\n" +
        "lean decided to rent a horse and ride inland to explore the nearby mountains.\n";

    [Fact]
    public void Word_hyphenated_across_a_displaced_blank_line_is_rejoined()
    {
        var text = Normalized(MacleanPassage);
        Assert.Contains("the deportation, Maclean decided to rent a horse", text);
        Assert.DoesNotContain("Mac-", text);
    }

    [Fact]
    public void Word_hyphenated_across_a_line_break_is_rejoined()
    {
        Assert.Equal("Approximately 800,000 individuals were arrested in the national operations of the Great Terror.",
            Normalized("Approximately 800,000 individ-\nuals were arrested in the national operations of the Great Terror."));
    }

    [Fact]
    public void Real_hyphens_at_line_ends_are_kept()
    {
        // Before a capital or a digit.
        Assert.Equal("After Czechoslovakia ceded Carpatho-Ukraine to the Soviet Union in 1945, the two agreed.",
            Normalized("After Czechoslovakia ceded Carpatho-\nUkraine to the Soviet Union in 1945, the two agreed."));
        Assert.Equal("the war of 1914-1918 and the deportations of the post-1924 period in the borderlands",
            Normalized("the war of 1914-\n1918 and the deportations of the post-\n1924 period in the borderlands"));
        // A suspended hyphen keeps its space.
        Assert.Equal("Maclean would have gotten a one- to three-year prison term in the camps.",
            Normalized("Maclean would have gotten a one-\nto three-year prison term in the camps."));
        // A prefix or second part that makes compounds.
        Assert.Equal("they were depressed-looking Turko-Tartar peasants with self-expression in mind",
            Normalized("they were depressed-\nlooking Turko-Tartar peasants with self-\nexpression in mind"));
    }

    [Fact]
    public void A_compound_seen_whole_elsewhere_keeps_its_hyphen()
    {
        var text = "The Basmachi movement received cross-border support from Afghanistan in 1925.\n" +
                   "Soviet Ukraine was to be attractive to the cross-\nborder Ukrainian population of Poland.";
        Assert.Contains("to the cross-border Ukrainian population", Normalized(text));
    }

    [Fact]
    public void Hyphens_inside_lines_are_untouched()
    {
        Assert.Equal("each filled with depressed-looking Turko-Tartar peasants under the escort",
            Normalized("each filled with depressed-looking Turko-Tartar peasants under the escort"));
    }

    [Fact]
    public void Dash_at_a_line_end_is_glued_to_the_next_word()
    {
        Assert.Equal("at least nine Soviet nationalities—Poles, Germans, Finns—were all subjected to it",
            Normalized("at least nine Soviet nationali-\nties—Poles, Germans, Finns—\nwere all subjected to it"));
    }

    [Fact]
    public void Hard_wrapped_lines_become_paragraphs_and_the_displaced_blank_line_is_put_back()
    {
        var text = Normalized(LenkoranPassage);
        Assert.Contains("bayonets.”2 At the port, the peasants were being loaded onto ships for deportation to central Asia.\n\n" +
                        "The people of Lenkoran gathered to watch the deportation and speculate on its cause. Maclean favored", text);
    }

    [Fact]
    public void One_paragraph_per_line_text_keeps_its_line_breaks()
    {
        var text = "Kuzbass Autonomous Industrial Colony\n\nSeal of the Kuzbass Autonomous Industrial Colony\n" +
                   new string('x', 10) + " One of the most notable examples of western defectors at this early times was seen in the Kuzbass colony, which " +
                   "was founded by a letter Lenin sent, directly appealing to American workers for aid in the restoration of industry.";
        var normalized = Normalized(text);
        Assert.Contains("Seal of the Kuzbass Autonomous Industrial Colony\n\nxxxxxxxxxx One", normalized);
        Assert.Equal("line one\n\nline two", Normalized("line one\nline two", Wrapping.Unwrapped));
        Assert.Equal("line one line two", Normalized("line one\nline two", Wrapping.HardWrapped));
    }

    [Fact]
    public void Windows_line_endings_are_handled_like_unix_ones()
    {
        Assert.Equal(Normalized(MacleanPassage), Normalized(MacleanPassage.Replace("\n", "\r\n")));
    }

    [Fact]
    public void Footnotes_become_zones_and_paragraphs_of_their_own()
    {
        var text =
            "It was, he remarked somewhat cryptically, “a measure of precaution.”3 Another local approached\n" +
            "\n" +
            "* Research support for this articlewas provided by the Social Sciences andHumanities\n" +
            "Research Council (SSHRC) of Canada.\n" +
            "\n" +
            "1 FitzroyMaclean, Eastern Approaches (NewYork, 1949), p. 2.\n" +
            "2 British Foreign Office: Russia Correspondence reel 7 (1937), vol. 21107, p. 213\n" +
            "\n" +
            "(hereafter cited as BFORC). See also Maclean, p. 33. Maclean filed a report to the em-\n" +
            "bassy after his trip.\n" +
            " Maclean and showed him a cartoon from the Soviet satirical journal Krokodil\n";
        var normalized = TextNormalizer.Normalize(text);
        var footnotes = normalized.Zones.Where(z => z.Kind == Zone.Footnote).Select(z => z.Span.Of(text)).ToArray();
        Assert.Equal(3, footnotes.Length);
        Assert.StartsWith("* Research support", footnotes[0]);
        Assert.Equal("1 FitzroyMaclean, Eastern Approaches (NewYork, 1949), p. 2.", footnotes[1]);
        Assert.StartsWith("2 British Foreign Office", footnotes[2]);
        Assert.EndsWith("after his trip.", footnotes[2]);
        Assert.Contains("p. 213 (hereafter cited as BFORC). See also Maclean, p. 33. Maclean filed a report to the embassy after his trip.\n\n" +
                        "Maclean and showed him", normalized.Text);
    }

    [Fact]
    public void A_body_line_starting_with_a_number_is_not_a_footnote()
    {
        var text = "also the most extreme manifestation of the contemporary practice of ethnic cleansing,\n" +
                   "6 million European Jews was a unique event in both scope and kind, but it was also\n" +
                   "the most extreme manifestation of the contemporary practice of ethnic cleansing.";
        Assert.Empty(TextNormalizer.Normalize(text).Zones);
    }

    [Fact]
    public void Page_furniture_becomes_a_zone_and_is_left_out_of_the_text()
    {
        var text =
            "Rossiiskii Tsentr Khraneniia i Izucheniia Dokumentov Noveishei Istorii (RTsKhIDNI)\n" +
            "62/2/882 (1927): 274, and 62/2/1808 (1929): 134; Martin, pp. 521–58.\n" +
            "\n\n\n" +
            "Origins of Soviet Ethnic Cleansing 827\n" +
            "\n" +
            "twined with conflicts over the formation of national territories. When the na-\n" +
            "tional majority of a new national territory came from a formerly low-status\n" +
            "\n\n\n" +
            "830 Martin\n" +
            "\n" +
            "of surreptitious foreign penetration and focused Soviet xenophobia on the\n" +
            "\n" +
            "48\n";
        var normalized = TextNormalizer.Normalize(text);
        var furniture = normalized.Zones.Where(z => z.Kind == Zone.Furniture).Select(z => z.Span.Of(text)).ToArray();
        Assert.Equal(["Origins of Soviet Ethnic Cleansing 827", "830 Martin", "48"], furniture);
        Assert.DoesNotContain("827", normalized.Text);
        Assert.DoesNotContain("Martin\n", normalized.Text);
        Assert.Contains("When the national majority", normalized.Text);
    }

    [Theory]
    [InlineData("Moscow 1937")]
    [InlineData("Moscow 1937\n")]
    [InlineData("48\n\nKharkov 1932\n")]
    public void A_text_made_only_of_furniture_like_lines_is_kept(string text)
    {
        var normalized = TextNormalizer.Normalize(text);
        Assert.DoesNotContain(normalized.Zones, z => z.Kind == Zone.Furniture);
        Assert.Contains(text.Split('\n')[0], normalized.Text);
        var doc = new TextStage().Process(new Document("d", text));
        Assert.NotEmpty(doc.Tokens!.Value);
    }

    [Fact]
    public void Headings_become_zones()
    {
        var text = Seeds.Read(Seeds.Long);
        var normalized = TextNormalizer.Normalize(text);
        var headings = normalized.Zones.Where(z => z.Kind == Zone.Heading).Select(z => z.Span.Of(text)).ToArray();
        Assert.Contains("The Origins of Soviet Ethnic Cleansing*", headings);
        Assert.Contains("Ethnic Cleansing in the Eurasian Borderlands, 1912–53", headings);
        Assert.Contains("Conclusion", headings);
    }

    [Fact]
    public void Every_normalized_character_maps_to_its_original_or_to_a_replaced_line_break()
    {
        foreach (var name in Seeds.All)
        {
            var original = Seeds.Read(name);
            var n = TextNormalizer.Normalize(original);
            Assert.Equal(n.Text.Length + 1, n.Map.Length);
            for (int i = 0; i < n.Text.Length; i++)
            {
                if (i > 0) Assert.True(n.Map[i] >= n.Map[i - 1], $"{name}: map decreases at {i}");
                char c = n.Text[i];
                char o = original[n.Map[i]];
                if (c == ' ' && o != ' ' || c == '\n') Assert.True(char.IsWhiteSpace(o), $"{name}: inserted '{c}' at {i} maps to '{o}'");
                else Assert.Equal(o, c);
            }
        }
    }

    [Fact]
    public void Zones_are_ordered_and_in_range()
    {
        var original = Seeds.Read(Seeds.Long);
        var zones = TextNormalizer.Normalize(original).Zones;
        Assert.True(zones.Length > 200);
        for (int i = 0; i < zones.Length; i++)
        {
            Assert.InRange(zones[i].Span.End, zones[i].Span.Start + 1, original.Length);
            if (i > 0) Assert.True(zones[i].Span.Start >= zones[i - 1].Span.End);
        }
    }

    [Fact]
    public void The_long_seeds_numbered_footnotes_are_all_found()
    {
        var original = Seeds.Read(Seeds.Long);
        var zones = TextNormalizer.Normalize(original).Zones.Where(z => z.Kind == Zone.Footnote).Select(z => z.Span.Of(original)).ToList();
        Assert.Contains("1 FitzroyMaclean, Eastern Approaches (NewYork, 1949), p. 2.", zones);
        Assert.Contains(zones, z => z.StartsWith("* Research support for this articlewas provided"));
        Assert.Contains(zones, z => z.StartsWith("279 In addition to the January 1938 Politburo resolution"));
        var numbers = zones.Where(z => char.IsDigit(z[0])).Select(z => int.Parse(z[..z.IndexOf(' ')])).ToList();
        Assert.Equal(numbers.Order(), numbers); // in sequence
        Assert.True(numbers.Count >= 215, $"{numbers.Count} numbered footnotes"); // the extraction lost some notes
    }

    [Fact]
    public void Empty_text_normalizes_to_empty()
    {
        var n = TextNormalizer.Normalize("");
        Assert.Equal("", n.Text);
        Assert.Equal([0], n.Map);
        Assert.Empty(TextNormalizer.Normalize("\n\n  \n").Text);
    }
}
