namespace Nlp.Text.Tests;

public class SentenceSplitterTests
{
    private static void AssertSentences(string text, params string[] expected) => Assert.Equal(expected, Segment.Sentences(text));

    [Fact]
    public void Splits_at_periods_question_and_exclamation_marks()
    {
        AssertSentences("Did he know what a diplomat was? To this he replied that he knew only too well. Hands up!",
            "Did he know what a diplomat was?", "To this he replied that he knew only too well.", "Hands up!");
    }

    [Fact]
    public void Closing_quotes_and_glued_footnote_numbers_stay_with_their_sentence()
    {
        AssertSentences(
            "Maclean harbored a secret ambition: “I was going to Bokhara and Samarkand.”1 However, foreigners were then forbidden access to central Asia.",
            "Maclean harbored a secret ambition: “I was going to Bokhara and Samarkand.”1",
            "However, foreigners were then forbidden access to central Asia.");
        AssertSentences("“This is exactly what happens here,” he said.4 Since all the ships were occupied, he rode inland.",
            "“This is exactly what happens here,” he said.4", "Since all the ships were occupied, he rode inland.");
        AssertSentences("Nor was his encounter with the NKVD border troops unusual.9 He had strayed into the zone.",
            "Nor was his encounter with the NKVD border troops unusual.9", "He had strayed into the zone.");
    }

    [Fact]
    public void A_quoted_question_followed_by_a_lower_case_word_continues()
    {
        AssertSentences("“Did he know what a diplomat was?” the officer asked.", "“Did he know what a diplomat was?” the officer asked.");
    }

    [Fact]
    public void Honorifics_initials_and_citation_abbreviations_do_not_end_sentences()
    {
        AssertSentences("Mr. Haywood and Dr. Rutgers met W. E. B. Du Bois in St. Petersburg.",
            "Mr. Haywood and Dr. Rutgers met W. E. B. Du Bois in St. Petersburg.");
        AssertSentences("See also Maclean, p. 33. Maclean filed a report to the embassy after his trip.",
            "See also Maclean, p. 33.", "Maclean filed a report to the embassy after his trip.");
        AssertSentences("BFORC reel 7, pp. 216–17; Maclean, p. 36.", "BFORC reel 7, pp. 216–17; Maclean, p. 36.");
        AssertSentences("Martin, “An Affirmative Action Empire” (n. 13 above), p. 605.",
            "Martin, “An Affirmative Action Empire” (n. 13 above), p. 605.");
        AssertSentences("In recent years, N. F. Bugai has published numerous document collections.",
            "In recent years, N. F. Bugai has published numerous document collections.");
        AssertSentences("Tak eto bylo, vol. 1 (n. 228 above), p. 253.", "Tak eto bylo, vol. 1 (n. 228 above), p. 253.");
    }

    [Fact]
    public void Latin_abbreviations_inside_a_sentence_do_not_end_it()
    {
        AssertSentences("German landholdings (i.e., land owned by Russian citizens of ethnic German descent) were liquidated.",
            "German landholdings (i.e., land owned by Russian citizens of ethnic German descent) were liquidated.");
        AssertSentences("Some groups, e.g. Finns and Latvians, were affected; cf. Koreans.",
            "Some groups, e.g. Finns and Latvians, were affected; cf. Koreans.");
    }

    [Fact]
    public void An_abbreviation_at_a_sentence_end_splits_before_a_sentence_opener()
    {
        AssertSentences("Many returned to the U.S.S.R. The colony was disbanded.", "Many returned to the U.S.S.R.", "The colony was disbanded.");
        AssertSentences("They brought seeds, tools, etc. However, the colony failed.", "They brought seeds, tools, etc.", "However, the colony failed.");
        AssertSentences("W.E.B. Du Bois’s 1926 experience was equally profound.", "W.E.B. Du Bois’s 1926 experience was equally profound.");
        AssertSentences("They brought seeds, tools, etc. and much else.", "They brought seeds, tools, etc. and much else.");
    }

    [Fact]
    public void Ellipses_inside_a_sentence_do_not_end_it()
    {
        AssertSentences("AtAltaisk . . . we stopped for several hours. These were filled with people.",
            "AtAltaisk . . . we stopped for several hours.", "These were filled with people.");
        AssertSentences("Most returned home, though some moved to work elsewhere in the USSR… Still more faced repression.",
            "Most returned home, though some moved to work elsewhere in the USSR…", "Still more faced repression.");
        AssertSentences("It’s not a party, but a caricature of a parliament . . . If we don’t take measures now, we may lose Ukraine.",
            "It’s not a party, but a caricature of a parliament . . .", "If we don’t take measures now, we may lose Ukraine.");
    }

    [Fact]
    public void An_ellipsis_after_a_comma_marks_an_omission_not_an_end()
    {
        AssertSentences("He again concluded that “without these changes, . . . I repeat, we may lose Ukraine.”190 Here again",
            "He again concluded that “without these changes, . . . I repeat, we may lose Ukraine.”190", "Here again");
    }

    [Fact]
    public void A_sentence_glued_to_the_next_by_extraction_is_split()
    {
        AssertSentences("Maclean filed a report to the embassy after his trip.The account in his book is shorter.",
            "Maclean filed a report to the embassy after his trip.", "The account in his book is shorter.");
    }

    [Fact]
    public void Numbers_and_decimals_do_not_end_sentences()
    {
        AssertSentences("Kazakhstan’s Russian population declined by 19.5 percent and its sewn area by 50.6 percent.71 The center lost control.",
            "Kazakhstan’s Russian population declined by 19.5 percent and its sewn area by 50.6 percent.71", "The center lost control.");
        AssertSentences("Germany had begun a limited expropriation in 1908.24 During the war, plans were drawn up.",
            "Germany had begun a limited expropriation in 1908.24", "During the war, plans were drawn up.");
    }

    [Fact]
    public void A_period_before_a_lower_case_word_does_not_end_the_sentence()
    {
        AssertSentences("The figure given by the ed. of the volume is lower.", "The figure given by the ed. of the volume is lower.");
    }

    [Fact]
    public void Paragraph_breaks_end_sentences()
    {
        AssertSentences("Enemy Nations\n\nThe Korean deportation took place", "Enemy Nations", "The Korean deportation took place");
        AssertSentences("a sentence that never ended\n\nand a new paragraph", "a sentence that never ended", "and a new paragraph");
    }

    [Fact]
    public void A_sentence_may_start_with_a_quote_or_bracket()
    {
        AssertSentences("He refused. “This is exactly what happens here,” he said. (Maclean escaped.)",
            "He refused.", "“This is exactly what happens here,” he said.", "(Maclean escaped.)");
    }

    [Fact]
    public void Footnotes_are_separate_sentences_from_body_text()
    {
        var text = "It was, he remarked somewhat cryptically, “a measure of precaution.”3 Another local approached\n\n" +
                   "1 FitzroyMaclean, Eastern Approaches (NewYork, 1949), p. 2.\n" +
                   "2 British Foreign Office: Russia Correspondence reel 7 (1937), vol. 21107, p. 213\n" +
                   " Maclean and showed him a cartoon from the Soviet satirical journal Krokodil.";
        Assert.Equal(
            [
                "It was, he remarked somewhat cryptically, “a measure of precaution.”3",
                "Another local approached",
                "1 FitzroyMaclean, Eastern Approaches (NewYork, 1949), p. 2.",
                "2 British Foreign Office: Russia Correspondence reel 7 (1937), vol. 21107, p. 213",
                "Maclean and showed him a cartoon from the Soviet satirical journal Krokodil.",
            ],
            Segment.NormalizedSentences(text));
    }

    [Fact]
    public void No_text_no_sentences()
    {
        Assert.Empty(Segment.Sentences(""));
        Assert.Equal(["word"], Segment.Sentences("word"));
    }
}
