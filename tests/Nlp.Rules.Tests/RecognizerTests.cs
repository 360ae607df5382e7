namespace Nlp.Rules.Tests;

/// <summary>The span conventions of ANNOTATION.md on sentences of the domain (most from training-data sources).</summary>
public class RecognizerTests
{
    [Fact]
    public void Full_date_with_ordinal_day()
    {
        var m = Rules.Single("On December 28th, 1926, the colony was disbanded. Most returned home.", "December 28th, 1926");
        Assert.Equal("DATE", m.Label);
        Assert.Equal("1926-12-28", (string?)m.Value?["normalized"]);
    }

    [Fact]
    public void Month_and_year_then_place() =>
        Assert.Equal(["DATE May 1919"],
            Rules.Found("the Society for Technical Aid to Soviet Russia, founded in May 1919 in New York, USA."));

    [Fact]
    public void Time_expressions_keep_their_article()
    {
        Assert.Equal(["DATE the 1930s"], Rules.Found("Ethnic cleansing in the 1930s was not exceptional."));
        Assert.Equal(["DATE the summer of 1947"], Rules.Found("those relocated by the summer of 1947 were then"));
        Assert.Equal(["DATE the last five years"], Rules.Found("He had lived there for the last five years."));
        Assert.Equal(["DATE the 25th of December"], Rules.Found("On the 25th of December, an agreement was signed"));
        Assert.Equal(["DATE the end of 1923"], Rules.Found("a total of around 8,000 by the end of 1923."[27..]));
    }

    [Fact]
    public void Qualified_years_keep_the_qualifier() =>
        Assert.Equal(["DATE early 1931", "DATE late February 1930"],
            Rules.Found("In early 1931 the plan changed, as it had in late February 1930."));

    [Fact]
    public void Ranges_are_one_date()
    {
        Assert.Equal(["DATE 1932 and 1933"], Rules.Found("the famine of 1932 and 1933 in Ukraine"));
        Assert.Equal(["DATE 1935 and 1938", "CARDINAL nine"],
            Rules.Found("Between 1935 and 1938, at least nine Soviet nationalities were deported."));
        Assert.Equal(["DATE May 1930 to June 1931"], Rules.Found("He worked there from May 1930 to June 1931."));
        Assert.Equal(["DATE 1914–1918"], Rules.Found("the war of 1914–1918 changed everything"));
        Assert.Equal(["DATE the 1920s and 1930s"], Rules.Found("relations in the 1920s and 1930s that brought"));
    }

    [Fact]
    public void Durations_ages_and_frequencies_are_dates()
    {
        Assert.Equal(["DATE two years"], Rules.Found("The colonists pledged to stay for at least two years and obey Soviet law"));
        Assert.Equal(["DATE aged 30"], Rules.Found("He was arrested in Moscow, aged 30."));
        Assert.Equal(["DATE every month"], Rules.Found("They reported to the commandant every month."));
        Assert.Equal(["DATE Three days later"], Rules.Found("Three days later, the official order was issued."));
    }

    [Fact]
    public void Decade_words_seasons_and_ages()
    {
        Assert.Equal(["DATE the thirties"], Rules.Found("In the thirties the collective farms grew."));
        Assert.Equal(["DATE the spring"], Rules.Found("In the spring the roads were closed."));
        Assert.Empty(Rules.Found("The fall of the regime came."));
        Assert.Equal(["DATE the age of 30"], Rules.Found("He emigrated at the age of 30 with his family."));
    }

    [Fact]
    public void Numerals_of_Russian_titles_are_not_counts() =>
        Assert.Empty(Rules.Found("N. F. Bugai, “20–40-e gody: Deportatsii naseleniia”"));

    [Fact]
    public void Approximators_are_left_out_of_numbers()
    {
        Assert.Equal(["DATE April 1921", "CARDINAL 16,000"],
            Rules.Found("Before April 1921, around 16,000 Americans are believed to have arrived in the USSR."));
        Assert.Equal(["CARDINAL 5,000"], Rules.Found("the deportation of some 5,000 German households"));
        Assert.Equal(["CARDINAL 800,000"], Rules.Found("approximately 800,000 of their countrymen"));
    }

    [Fact]
    public void Number_ranges_are_one_cardinal_but_from_to_are_two()
    {
        Assert.Equal(["CARDINAL 2,000 to 3,000"], Rules.Found("Then 2,000 to 3,000 refugees crossed"));
        Assert.Equal(["CARDINAL 10,000–15,000"], Rules.Found("and another 10,000–15,000 from Ukraine"));
        Assert.Equal(["CARDINAL 1,000 and 2,000"], Rules.Found("Between 1,000 and 2,000 Finns crossed the border."));
        Assert.Equal(["DATE 1917 to 1926", "CARDINAL 53,600", "CARDINAL 168,009", "DATE 1926"],
            Rules.Found("From 1917 to 1926, the Soviet Korean population tripled from 53,600 to 168,009.106 By 1926, Koreans"));
    }

    [Fact]
    public void Footnote_markers_are_never_part_of_a_mention()
    {
        Assert.Equal(["DATE 1926"], Rules.Found("The colony was founded in 1926.12 Its members"));
        Assert.Equal(["CARDINAL Twelve\nto 14 million"],
            Rules.Found("remaining in Poland, Czechoslovakia and Hungary.”36 Twelve\nto 14 million Germans were expelled"));
        Assert.Equal(["DATE 1930", "CARDINAL Ten thousand", "CARDINAL 10,000"],
            Rules.Found("officials were suspect.163\nThe deportation was scheduled to begin in 1930. Ten thousand Koreans were\nto be moved northward and 10,000 demobilized"));
    }

    [Fact]
    public void Citation_numbers_are_not_entities()
    {
        Assert.Equal(["DATE 1926"], Rules.Found("74 GARF 3316/64/220 (1926): 11–14ob."));
        Assert.Equal(["DATE 1996"], Rules.Found("Terry Martin (Cambridge, 1996), pp. 23–54."));
        Assert.Equal(["DATE Summer 1994"], Rules.Found("Slavic Review 53 (Summer 1994): 414–52."));
        Assert.Equal(["DATE 1938", "CARDINAL 44,000"], Rules.Found("Page 12 of the report (1938) gives 44,000; see chapter 4."));
        Assert.Equal(["DATE 1935-09-05 05.09.35"],
            NumericRecognizer.Recognize("Sobranie zakonov SSSR (05.09.35): 45/377.").Select(m => $"{m.Label} {m.Value?["normalized"]} {m.Span.Of("Sobranie zakonov SSSR (05.09.35): 45/377.")}").ToList());
    }

    [Fact]
    public void Numbers_in_words_ordinals_and_fractions()
    {
        Assert.Equal(["CARDINAL ten thousand", "ORDINAL third"],
            Rules.Found("Of the ten thousand settlers, the third group arrived late."));
        Assert.Equal(["ORDINAL 28th"], Rules.Found("the 28th regiment"));
        Assert.Equal(["CARDINAL a quarter"], Rules.Found("Koreans represented over a quarter of the rural population"));
        Assert.Equal(["CARDINAL One"], Rules.Found("One of them was sent to Karaganda."));
    }

    [Fact]
    public void Percent_money_and_quantity()
    {
        Assert.Equal(["DATE 1922", "PERCENT 84.3 percent"], Rules.Found("In 1922, 84.3 percent of Korean households were landless"));
        Assert.Equal(["PERCENT 40 percent", "PERCENT 12%"], Rules.Found("prices rose by 40 percent and wages by 12%."));
        Assert.Equal(["MONEY $500,000"], Rules.Found("a value estimated at around $500,000. Not exactly insignificant"));
        Assert.Equal(["CARDINAL 10,000 hectares"[..0] + "QUANTITY 10,000 hectares"],
            Rules.Found("a mine, a construction plant and 10,000 hectares of agricultural land."));
        Assert.Equal(["QUANTITY 300 kilometers"], Rules.Found("a border zone 300 kilometers deep"));
    }

    [Fact]
    public void Names_with_numerals_and_pronoun_one_are_not_counts()
    {
        Assert.Empty(Rules.Found("the consequences of the Second World War"));
        Assert.Empty(Rules.Found("carried out under decree 00447, the mass operation"));
        Assert.Empty(Rules.Found("On the one hand, one might say that the Polish one was first."[..26]));
        Assert.Equal(["ORDINAL first"], Rules.Found("the Polish one was the first"));
    }

    [Fact]
    public void Months_are_case_sensitive() =>
        Assert.Empty(Rules.Found("they may march to the border"));

    [Fact]
    public void Pre_tokenized_documents_keep_mentions_from_cutting_through_a_token()
    {
        string text = "It escalated byAugust 1937; in 1926.12 Its ten thousand moved.";
        // Given tokens: "byAugust" (extraction glued two words: "August 1937" would start inside the token, cutting
        // letters) and "1926.12" (a year and a footnote marker kept whole: the mention ends before the marker, at
        // punctuation, as the conventions say).
        var tokens = System.Collections.Immutable.ImmutableArray.Create(
            new Nlp.Core.Model.Span(0, 2), new(3, 12), new(13, 21), new(22, 26), new(26, 27), new(28, 30), new(31, 38),
            new(39, 42), new(43, 46), new(47, 55), new(56, 61), new(61, 62));
        Assert.Equal(["1926", "ten thousand"], NumericRecognizer.Recognize(text, tokens).Select(m => m.Span.Of(text)).ToList());
        Assert.Equal(["August 1937", "1926", "ten thousand"], NumericRecognizer.Recognize(text).Select(m => m.Span.Of(text)).ToList());
    }
}

public class TimeTests
{
    [Fact]
    public void Clock_times_and_parts_of_day()
    {
        string text = "The train left at 10.30 p.m. and arrived the next morning.";
        Assert.Equal(["TIME 10.30 p.m.", "TIME the next morning"], Rules.Found(text));
        Assert.Equal("T22:30", (string?)Rules.Single(text, "10.30 p.m.").Value?["normalized"]);
        Assert.Null(Rules.Single(text, "the next morning").Value);
    }
}
