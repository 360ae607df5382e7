using Nlp.Text.Normalization;
using Nlp.Text.Tokenization;

namespace Nlp.Text.Tests;

public class TokenizerTests
{
    private static void AssertTokens(string text, params string[] expected) => Assert.Equal(expected, Segment.Tokens(text));

    [Fact]
    public void Plain_sentence_splits_words_and_punctuation()
    {
        AssertTokens("In February 1937, a young English adventurer arrived in Moscow.",
            "In", "February", "1937", ",", "a", "young", "English", "adventurer", "arrived", "in", "Moscow", ".");
    }

    [Fact]
    public void Initialisms_and_initials_keep_their_periods()
    {
        AssertTokens("W.E.B. Du Bois’s 1926 experience was equally profound.",
            "W.E.B.", "Du", "Bois", "’s", "1926", "experience", "was", "equally", "profound", ".");
        AssertTokens("In recent years, N. F. Bugai has published", "In", "recent", "years", ",", "N.", "F.", "Bugai", "has", "published");
        AssertTokens("the U.S.S.R. and the U.S.", "the", "U.S.S.R.", "and", "the", "U.S.");
        AssertTokens("(Ithaca, N.Y., 1983)", "(", "Ithaca", ",", "N.Y.", ",", "1983", ")");
        AssertTokens("(Ph.D. diss., University of Chicago, 1996)", "(", "Ph.D.", "diss.", ",", "University", "of", "Chicago", ",", "1996", ")");
    }

    [Fact]
    public void Honorifics_keep_their_periods()
    {
        AssertTokens("Mr. Haywood met Dr. Rutgers in St. Petersburg.",
            "Mr.", "Haywood", "met", "Dr.", "Rutgers", "in", "St.", "Petersburg", ".");
    }

    [Fact]
    public void Citation_abbreviations_keep_their_periods()
    {
        AssertTokens("Tak eto bylo, vol. 1 (n. 228 above), p. 253.",
            "Tak", "eto", "bylo", ",", "vol.", "1", "(", "n.", "228", "above", ")", ",", "p.", "253", ".");
        AssertTokens("BFORC reel 7, pp. 216–17;Maclean, p. 36.",
            "BFORC", "reel", "7", ",", "pp.", "216", "–", "17", ";", "Maclean", ",", "p.", "36", ".");
        AssertTokens("Jozef Turowski, ed., and Andrei Lebed, eds.", "Jozef", "Turowski", ",", "ed.", ",", "and", "Andrei", "Lebed", ",", "eds.");
        AssertTokens("cf. i.e. e.g. etc.", "cf.", "i.e.", "e.g.", "etc.");
        AssertTokens("order No. 00447", "order", "No.", "00447");
    }

    [Fact]
    public void A_number_after_No_is_needed_for_the_abbreviation()
    {
        AssertTokens("He said no.", "He", "said", "no", ".");
    }

    [Fact]
    public void Numbers_keep_separators_and_decimals()
    {
        AssertTokens("around 16,000 Americans", "around", "16,000", "Americans");
        AssertTokens("2,204 families and 22.04 percent", "2,204", "families", "and", "22.04", "percent");
        AssertTokens("Sobranie zakonov (05.09.35): 45/377.", "Sobranie", "zakonov", "(", "05.09.35", ")", ":", "45/377", ".");
        AssertTokens("in 1919,1920", "in", "1919", ",", "1920");
    }

    [Fact]
    public void Percent_and_currency_signs_are_separate_tokens()
    {
        AssertTokens("12% of the land", "12", "%", "of", "the", "land");
        AssertTokens("a value estimated at around $500,000.", "a", "value", "estimated", "at", "around", "$", "500,000", ".");
    }

    [Fact]
    public void Ordinals_and_decades_are_one_token()
    {
        AssertTokens("On December 28th, 1926, in the 1930s", "On", "December", "28th", ",", "1926", ",", "in", "the", "1930s");
    }

    [Fact]
    public void Year_ranges_are_three_tokens()
    {
        AssertTokens("Polacy w zwiazku radzieckim, 1921–1939 (Warsaw, 1991)",
            "Polacy", "w", "zwiazku", "radzieckim", ",", "1921", "–", "1939", "(", "Warsaw", ",", "1991", ")");
        AssertTokens("the 1914-1918 war", "the", "1914", "-", "1918", "war");
    }

    [Fact]
    public void Glued_number_and_word_are_split_but_suffixes_stay()
    {
        AssertTokens("approximately 1.3million Poles", "approximately", "1.3", "million", "Poles");
        AssertTokens("GARF 5446/20a/493 (1937)", "GARF", "5446/20a/493", "(", "1937", ")");
    }

    [Fact]
    public void Curly_and_straight_quotes_are_separate_tokens()
    {
        AssertTokens("“This is exactly what happens here,” he said.",
            "“", "This", "is", "exactly", "what", "happens", "here", ",", "”", "he", "said", ".");
        AssertTokens("the \"forbidden border zone\"", "the", "\"", "forbidden", "border", "zone", "\"");
        Assert.Equal(TokenKind.OpenQuote, Segment.KindOf("the \"zone\"", "\"")); // the first one opens
        AssertTokens("‘Karelian Fever’", "‘", "Karelian", "Fever", "’");
    }

    [Fact]
    public void Possessives_and_contractions_are_split()
    {
        AssertTokens("Maclean’s reports", "Maclean", "’s", "reports");
        AssertTokens("Maclean's reports", "Maclean", "'s", "reports");
        AssertTokens("I don't know", "I", "do", "n't", "know");
        AssertTokens("they can’t", "they", "ca", "n’t");
        AssertTokens("I’m sure they’d been scammed", "I", "’m", "sure", "they", "’d", "been", "scammed");
        AssertTokens("the Soviets’ intensions", "the", "Soviets", "’", "intensions");
    }

    [Fact]
    public void Apostrophes_inside_transliterations_stay()
    {
        AssertTokens("Natsional’nye repressii in L’viv", "Natsional’nye", "repressii", "in", "L’viv");
        AssertTokens("S’ezdy sovetov", "S’ezdy", "sovetov");
    }

    [Fact]
    public void Em_and_en_dashes_are_separate_tokens()
    {
        AssertTokens("nine Soviet nationalities—Poles, Germans", "nine", "Soviet", "nationalities", "—", "Poles", ",", "Germans");
        AssertTokens("the pre–WorldWar II deportations", "the", "pre", "–", "World", "War", "II", "deportations");
    }

    [Fact]
    public void Ellipses_are_one_token()
    {
        AssertTokens("AtAltaisk . . . we stopped", "At", "Altaisk", ". . .", "we", "stopped");
        AssertTokens("in twenty-four hours . . . driven out", "in", "twenty-four", "hours", ". . .", "driven", "out");
        AssertTokens("elsewhere in the USSR… Still", "elsewhere", "in", "the", "USSR", "…", "Still");
        AssertTokens("and so on... Then", "and", "so", "on", "...", "Then");
        Assert.Equal(TokenKind.Ellipsis, Segment.KindOf("hours . . . driven", ". . ."));
    }

    [Fact]
    public void Urls_and_email_addresses_are_one_token()
    {
        AssertTokens("See https://example.org/archive/f_5446?op=20. Write to jane.doe@example.org.",
            "See", "https://example.org/archive/f_5446?op=20", ".", "Write", "to", "jane.doe@example.org", ".");
        AssertTokens("(www.memo.ru)", "(", "www.memo.ru", ")");
        Assert.Equal(TokenKind.Email, Segment.KindOf("mail jane.doe@example.org now", "jane.doe@example.org"));
        Assert.Equal(TokenKind.Url, Segment.KindOf("see www.memo.ru now", "www.memo.ru"));
    }

    [Fact]
    public void Footnote_numbers_glued_to_punctuation_are_separate()
    {
        AssertTokens("Bokhara and Samarkand.”1 However", "Bokhara", "and", "Samarkand", ".", "”", "1", "However");
        AssertTokens("troops unusual.9 He", "troops", "unusual", ".", "9", "He");
        AssertTokens("expropriation of Polish landholdings in 1908.24 During the war",
            "expropriation", "of", "Polish", "landholdings", "in", "1908", ".", "24", "During", "the", "war");
        AssertTokens("The Origins of Soviet Ethnic Cleansing*", "The", "Origins", "of", "Soviet", "Ethnic", "Cleansing", "*");
    }

    [Fact]
    public void Hyphenated_words_stay_whole()
    {
        AssertTokens("depressed-looking Turko-Tartar peasants", "depressed-looking", "Turko-Tartar", "peasants");
        AssertTokens("the post-1924 borders of an L-shaped strip", "the", "post-1924", "borders", "of", "an", "L-shaped", "strip");
        AssertTokens("a one- to three-year prison term", "a", "one", "-", "to", "three-year", "prison", "term");
    }

    [Fact]
    public void Words_glued_by_pdf_extraction_are_split_at_the_case_change()
    {
        AssertTokens("Rittersporn, andYuri Slezkine", "Rittersporn", ",", "and", "Yuri", "Slezkine");
        AssertTokens("FitzroyMaclean, Eastern Approaches (NewYork, 1949)",
            "Fitzroy", "Maclean", ",", "Eastern", "Approaches", "(", "New", "York", ",", "1949", ")");
        AssertTokens("the post-1924 KazakhASSR", "the", "post-1924", "Kazakh", "ASSR");
        AssertTokens("JosephB. Schechtman", "Joseph", "B.", "Schechtman");
        AssertTokens("By 1938, the NKVDwas arresting Poles", "By", "1938", ",", "the", "NKVD", "was", "arresting", "Poles");
    }

    [Fact]
    public void Names_with_inner_capitals_are_not_split()
    {
        AssertTokens("the MacArthur Foundation and Claude McKay", "the", "MacArthur", "Foundation", "and", "Claude", "McKay");
        AssertTokens("RTsKhIDNI 17/3/994 and TsDAHOU", "RTsKhIDNI", "17/3/994", "and", "TsDAHOU");
        AssertTokens("NKVDs, USSRs and NKVDSSSRNo", "NKVDs", ",", "USSRs", "and", "NKVDSSSRNo");
    }

    [Fact]
    public void Sentence_glued_to_the_next_by_extraction_is_split_at_the_period()
    {
        AssertTokens("after his trip.The account", "after", "his", "trip", ".", "The", "account");
        AssertTokens("George J.Demko", "George", "J.", "Demko");
    }

    [Fact]
    public void Paragraph_breaks_are_flagged_on_the_next_token()
    {
        var text = "End of one.\n\nStart of two";
        var buffer = new TokenBuffer();
        Tokenizer.Tokenize(text, buffer);
        var tokens = buffer.AsSpan().ToArray();
        Assert.True(tokens[4].Has(TokenFlags.ParagraphBefore));
        Assert.Equal("Start", text[tokens[4].Start..tokens[4].End]);
        Assert.All(tokens.Take(4), t => Assert.False(t.Has(TokenFlags.ParagraphBefore)));
    }

    [Fact]
    public void A_single_line_break_is_not_a_paragraph_break()
    {
        var buffer = new TokenBuffer();
        Tokenizer.Tokenize("one\ntwo", buffer);
        Assert.False(buffer[1].Has(TokenFlags.ParagraphBefore));
        Assert.True(buffer[1].Has(TokenFlags.SpaceBefore));
    }

    [Fact]
    public void Empty_and_blank_text_give_no_tokens()
    {
        Assert.Empty(Segment.Tokens(""));
        Assert.Empty(Segment.Tokens(" \n\n\t "));
    }

    [Fact]
    public void Tokens_never_contain_white_space_except_spaced_ellipses()
    {
        var text = TextNormalizer.Normalize(Seeds.Read(Seeds.Long)).Text;
        var buffer = new TokenBuffer();
        Tokenizer.Tokenize(text, buffer);
        foreach (var t in buffer.AsSpan())
        {
            var s = text.AsSpan(t.Start, t.Length);
            Assert.True(t.Length > 0);
            if (t.Kind != TokenKind.Ellipsis) Assert.True(s.IndexOfAny(" \t\n\r") < 0, $"token \"{s}\" has white space");
        }
    }

    [Fact]
    public void Tokenizing_into_a_grown_buffer_allocates_nothing()
    {
        var text = TextNormalizer.Normalize(Seeds.Read(Seeds.Long)).Text;
        var tokens = new TokenBuffer(1 << 16);
        var sentences = new SpanBuffer(1 << 12);
        for (int warm = 0; warm < 3; warm++)
        {
            Tokenizer.Tokenize(text, tokens);
            SentenceSplitter.Split(text, tokens, sentences);
        }
        long before = GC.GetAllocatedBytesForCurrentThread();
        Tokenizer.Tokenize(text, tokens);
        SentenceSplitter.Split(text, tokens, sentences);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.True(tokens.Count > 20_000);
        Assert.True(allocated < 1024, $"{allocated} bytes allocated for {tokens.Count} tokens");
    }
}
