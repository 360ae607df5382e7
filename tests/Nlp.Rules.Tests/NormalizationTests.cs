using Newtonsoft.Json;

namespace Nlp.Rules.Tests;

/// <summary>ValueNormalizer on the shapes docs/FORMAT.md ("Normalized values") lists, as a tagger's span would reach it.</summary>
public class NormalizationTests
{
    [Theory]
    [InlineData("December 28th, 1926", "1926-12-28")]
    [InlineData("May 1919", "1919-05")]
    [InlineData("March of 1921", "1921-03")]
    [InlineData("the 25th of December", "--12-25")]
    [InlineData("December 14", "--12-14")]
    [InlineData("1931", "1931")]
    [InlineData("the 1930s", "1930/1939")]
    [InlineData("the mid-30s", "1930/1939")]
    [InlineData("the 1920s and 1930s", "1920/1939")]
    [InlineData("the 1920s through the 1930s", "1920/1939")]
    [InlineData("early 1931", "1931")]
    [InlineData("late February 1930", "1930-02")]
    [InlineData("the summer of 1929", "1929")]
    [InlineData("the end of 1922", "1922")]
    [InlineData("1914-1918", "1914/1918")]
    [InlineData("1912–13", "1912/1913")]
    [InlineData("1932 and 1933", "1932/1933")]
    [InlineData("May 1930 to June 1931", "1930-05/1931-06")]
    [InlineData("September to November 1938", "1938-09/1938-11")]
    [InlineData("February 20 and March 10, 1935", "1935-02-20/1935-03-10")]
    [InlineData("August, September, andOctober 1937", "1937-08/1937-10")]
    [InlineData("Octo- ber 1, 1936, and November 1, 1938", "1936-10-01/1938-11-01")]
    [InlineData("the twentieth century", "1900/1999")]
    [InlineData("05.09.35", "1935-09-05")]
    [InlineData("11–12.10.37", "1937-10-11/1937-10-12")]
    [InlineData("the thirties", "1930/1939")]
    [InlineData("the 1800s", "1800/1899")]
    [InlineData("the age of 30", "P30Y")]
    [InlineData("30 years old", "P30Y")]
    [InlineData("25-year-old", "P25Y")]
    [InlineData("two years", "P2Y")]
    [InlineData("six months", "P6M")]
    [InlineData("a week", "P1W")]
    [InlineData("twenty-four hours", "PT24H")]
    [InlineData("seventy-five years", "P75Y")]
    [InlineData("five-year", "P5Y")]
    [InlineData("aged 30", "P30Y")]
    [InlineData("every month", "R/P1M")]
    [InlineData("Each year", "R/P1Y")]
    public void Dates_get_ISO_8601_values(string text, string expected) =>
        Assert.Equal(expected, (string?)ValueNormalizer.Normalize("DATE", text)?["normalized"]);

    [Theory]
    [InlineData("that year")]
    [InlineData("Three days later")]
    [InlineData("the next month")]
    [InlineData("several hours")]
    [InlineData("the postwar years")]
    public void Relative_or_vague_dates_get_no_value(string text) =>
        Assert.Null(ValueNormalizer.Normalize("DATE", text));

    [Theory]
    [InlineData("CARDINAL", "ten thousand", "10000")]
    [InlineData("CARDINAL", "16,000", "16000")]
    [InlineData("CARDINAL", "twenty-seven", "27")]
    [InlineData("CARDINAL", "five hundred", "500")]
    [InlineData("CARDINAL", "a hundred thousand", "100000")]
    [InlineData("CARDINAL", "1.3million", "1300000")]
    [InlineData("CARDINAL", "500 thousand", "500000")]
    [InlineData("CARDINAL", "half a dozen", "6")]
    [InlineData("CARDINAL", "a quarter", "0.25")]
    [InlineData("CARDINAL", "2,000 to 3,000", "\"2000/3000\"")]
    [InlineData("CARDINAL", "1,000 and 2,000", "\"1000/2000\"")]
    [InlineData("CARDINAL", "one hundred and twenty", "120")]
    [InlineData("CARDINAL", "3,000–3,500", "\"3000/3500\"")]
    [InlineData("CARDINAL", "Twelve to 14 million", "\"12000000/14000000\"")]
    [InlineData("CARDINAL", "2–3 mil- lion", "\"2000000/3000000\"")]
    [InlineData("CARDINAL", "some 5,000", "5000")]
    [InlineData("CARDINAL", "approximately 1.5 million", "1500000")]
    [InlineData("PERCENT", "about 30 percent", "30")]
    [InlineData("ORDINAL", "28th", "28")]
    [InlineData("ORDINAL", "third", "3")]
    [InlineData("ORDINAL", "twenty-first", "21")]
    [InlineData("PERCENT", "40 percent", "40")]
    [InlineData("PERCENT", "12%", "12")]
    [InlineData("PERCENT", "84.3 percent", "84.3")]
    [InlineData("PERCENT", "84.4 to 88.0 percent", "\"84.4/88\"")]
    public void Numbers_get_JSON_numbers_and_ranges_strings(string label, string text, string expectedJson) =>
        Assert.Equal(expectedJson, ValueNormalizer.Normalize(label, text)?["normalized"]?.ToString(Formatting.None));

    [Theory]
    [InlineData("CARDINAL", "thousands")]
    [InlineData("CARDINAL", "tens of thousands")]
    [InlineData("CARDINAL", "several hundred")]
    [InlineData("PERCENT", "a few percent")]
    [InlineData("PERSON", "Stalin")]
    public void Vague_numbers_and_other_labels_get_none(string label, string text) =>
        Assert.Null(ValueNormalizer.Normalize(label, text)?["normalized"]);

    [Theory]
    [InlineData("MONEY", "$500,000", "500000", "USD")]
    [InlineData("MONEY", "200,000 Marks", "200000", "DEM")]
    [InlineData("MONEY", "3,000 rubles", "3000", "RUB")]
    [InlineData("MONEY", "$1.5 million", "1500000", "USD")]
    [InlineData("MONEY", "50 kopecks", "0.5", "RUB")]
    [InlineData("QUANTITY", "10,000 hectares", "10000", "ha")]
    [InlineData("QUANTITY", "300 kilometers", "300", "km")]
    [InlineData("QUANTITY", "fifteen- kilometer", "15", "km")]
    [InlineData("QUANTITY", "4.6 acres", "4.6", "acre")]
    [InlineData("QUANTITY", "100- to 150-kilometer", "\"100/150\"", "km")]
    public void Money_and_quantities_get_a_number_and_a_unit(string label, string text, string expectedJson, string unit)
    {
        var value = ValueNormalizer.Normalize(label, text);
        Assert.NotNull(value);
        Assert.Equal(expectedJson, value!["normalized"]?.ToString(Formatting.None));
        Assert.Equal(unit, (string?)value["unit"]);
    }

    [Fact]
    public void A_quantity_without_a_number_still_has_its_unit()
    {
        var value = ValueNormalizer.Normalize("QUANTITY", "dozens of kilometers");
        Assert.Equal("km", (string?)value?["unit"]);
        Assert.Null(value?["normalized"]);
    }

    [Fact]
    public void Impossible_calendar_dates_get_none() =>
        Assert.Null(ValueNormalizer.Normalize("DATE", "31.02.35"));
}
