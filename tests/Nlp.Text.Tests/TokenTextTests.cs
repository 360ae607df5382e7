using Nlp.Core.Model;

namespace Nlp.Text.Tests;

public class TokenTextTests
{
    private static string Surface(string text) => TokenText.Surface(text, new Span(0, text.Length));

    [Fact]
    public void Removes_line_break_hyphenation()
    {
        Assert.Equal("Maclean", Surface("Mac-\n\nlean"));
        Assert.Equal("individuals", Surface("individ-\nuals"));
        Assert.Equal("individuals", Surface("individ-\r\nuals"));
    }

    [Fact]
    public void Keeps_real_hyphens_and_dashes_without_the_line_break()
    {
        Assert.Equal("Carpatho-Ukraine", Surface("Carpatho-\nUkraine"));
        Assert.Equal("depressed-looking", Surface("depressed-\nlooking"));
        Assert.Equal("1939–1945", Surface("1939–\n1945"));
    }

    [Fact]
    public void Other_line_breaks_become_one_space()
    {
        Assert.Equal(". . .", Surface(". .\n."));
        Assert.Equal("New York", Surface("New  \n  York"));
    }

    [Fact]
    public void Text_without_line_breaks_is_returned_as_is()
    {
        Assert.Equal("Turko-Tartar", Surface("Turko-Tartar"));
        Assert.Equal("Tartar", TokenText.Surface("Turko-Tartar", new Span(6, 12)));
    }
}
