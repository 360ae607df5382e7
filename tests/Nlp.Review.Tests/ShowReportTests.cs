using AngleSharp.Html.Parser;
using Nlp.Core.Model;
using Nlp.Review.Report;

namespace Nlp.Review.Tests;

public class ShowReportTests
{
    private static AngleSharp.Html.Dom.IHtmlDocument Parse(string html) => new HtmlParser().ParseDocument(html);

    [Fact]
    public void Markup_in_a_document_is_shown_as_text_and_never_becomes_an_element()
    {
        var doc = TestDocuments.Hostile();
        var page = Parse(ReportRenderer.Render([doc], "report <script>x</script>"));

        Assert.Empty(page.QuerySelectorAll("script"));
        Assert.Empty(page.QuerySelectorAll("img"));
        Assert.Empty(page.QuerySelectorAll(".text b"));
        Assert.Contains("<script>window.pwnedTitle=1</script>", page.Body!.TextContent);
        Assert.Contains(doc.Id, page.Body.TextContent);
    }

    [Fact]
    public void The_text_is_drawn_from_the_original_by_offsets_with_its_line_breaks()
    {
        var doc = TestDocuments.Hostile();
        var page = Parse(ReportRenderer.Render([doc, TestDocuments.Deportation()], "r"));
        var texts = page.QuerySelectorAll(".text");

        Assert.Equal(doc.Text, texts[0].TextContent);
        Assert.Equal(TestDocuments.Deportation().Text, texts[1].TextContent);
        // Each coloured span covers exactly the characters of its entity.
        var spans = texts[0].QuerySelectorAll("span.ent").Select(s => s.TextContent).ToList();
        Assert.Equal(doc.Entities.Select(e => doc.TextOf(e.Span)), spans);
    }

    [Fact]
    public void Confidences_are_on_hover_and_events_relations_and_the_timeline_are_drawn()
    {
        var page = Parse(ReportRenderer.Render([TestDocuments.Deportation()], "r"));

        Assert.Contains(page.QuerySelectorAll("span.ent"), s => s.GetAttribute("title") == "PERSON 0.30");
        var card = Assert.Single(page.QuerySelectorAll(".card"));
        Assert.Contains("DEPORT", card.TextContent);
        Assert.Contains("Deportee: Koreans", card.TextContent);
        Assert.Contains("Stalin → LEADER_OF → NKVD", page.QuerySelector(".relations")!.TextContent);
        // The DEPORT event's Time argument "1937" puts it in the bar of 1937.
        Assert.Contains(page.QuerySelectorAll("svg.timeline title"), t => t.TextContent == "1937: DEPORT 1");
        Assert.Equal("0.30", page.QuerySelector("table.summary tbody tr td:last-child")!.TextContent);
    }

    [Fact]
    public void The_report_loads_nothing_from_elsewhere()
    {
        var page = Parse(ReportRenderer.Render([TestDocuments.Deportation()], "r"));
        Assert.Empty(page.QuerySelectorAll("link, script, img, iframe"));
        Assert.Contains("default-src 'none'", page.QuerySelector("meta[http-equiv='Content-Security-Policy']")!.GetAttribute("content"));
    }

    [Fact]
    public void Show_command_writes_the_report_and_names_a_bad_line()
    {
        using var dir = new TempFolder();
        string input = TestDocuments.WriteJsonl(dir.File("out.jsonl"), TestDocuments.Deportation());
        File.AppendAllText(input, "{not json\n");
        var (stdout, stderr) = (new StringWriter(), new StringWriter());

        int exit = Nlp.Cli.Program.Run(["show", input], stdout, stderr);

        Assert.Equal(1, exit);
        Assert.Contains("out.jsonl:2:", stderr.ToString());
        var page = Parse(File.ReadAllText(dir.File("out.html")));
        Assert.Equal(TestDocuments.Deportation().Text, page.QuerySelector(".text")!.TextContent);
    }

    [Fact]
    public void Show_command_refuses_to_overwrite_its_input()
    {
        using var dir = new TempFolder();
        string input = TestDocuments.WriteJsonl(dir.File("out.html"), TestDocuments.Deportation());
        var stderr = new StringWriter();
        Assert.Equal(2, Nlp.Cli.Program.Run(["show", input], new StringWriter(), stderr));
        Assert.Contains("overwrite", stderr.ToString());
    }

    [Fact]
    public void Show_command_a_missing_input_is_a_usage_error_and_writes_nothing()
    {
        using var dir = new TempFolder();
        var stderr = new StringWriter();
        Assert.Equal(2, Nlp.Cli.Program.Run(["show", dir.File("none.jsonl")], new StringWriter(), stderr));
        Assert.Contains("no such file", stderr.ToString());
        Assert.Empty(Directory.GetFiles(dir.Path));
    }
}
