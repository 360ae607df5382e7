using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Newtonsoft.Json.Linq;
using static Microsoft.Playwright.Assertions;

namespace Nlp.Review.Tests;

[Collection(BrowserCollection.Name)]
public class BrowserTests(BrowserFixture browser)
{
    private async Task<IPage> OpenAsync(ReviewApp app, string hash = "#/")
    {
        var page = await browser.Browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = 1280, Height = 900 } });
        page.Dialog += (_, dialog) => throw new InvalidOperationException($"a dialog opened: {dialog.Message}");
        await page.GotoAsync(app.Server.Url + hash);
        return page;
    }

    [Fact]
    public async Task Relabel_delete_add_an_event_with_two_arguments_add_a_relation_and_save()
    {
        await using var app = await ReviewApp.StartAsync(reviewer: "Ann", TestDocuments.Deportation());
        string text = TestDocuments.Deportation().Text;
        var page = await OpenAsync(app);
        await page.ClickAsync("text=deportation");
        await Expect(page.Locator("#text")).ToHaveTextAsync(text);

        // Relabel: click the entity, press the legend's key of LOC.
        string locKey = (await page.Locator("#legend button[data-label=LOC] kbd").TextContentAsync())!;
        await page.Entity("Vladivostok").ClickAsync();
        await page.Keyboard.PressAsync(locKey);
        await Expect(page.Entity("Vladivostok")).ToHaveAttributeAsync("title", "LOC checked");

        // Delete.
        await page.Entity("1937").ClickAsync();
        await page.Keyboard.PressAsync("x");
        await Expect(page.Entity("1937")).ToHaveCountAsync(0);

        // An event on a selection, then two arguments from selections.
        await page.SelectOptionAsync("#event-type", "ARREST");
        await page.SelectTextAsync(text, "arrested");
        await page.ClickAsync("#add-event");
        var card = page.Locator(".event-card:has(> b:text-is('ARREST'))");
        await Expect(card).ToHaveCountAsync(1);
        await card.Locator(".arg-role").SelectOptionAsync("Detainee");
        await page.SelectTextAsync(text, "Petrov");
        await card.Locator(".add-argument").ClickAsync();
        await Expect(card.Locator(".argument")).ToHaveCountAsync(1);
        await card.Locator(".arg-role").SelectOptionAsync("Place");
        await page.SelectTextAsync(text, "Moscow");
        await card.Locator(".add-argument").ClickAsync();
        await Expect(card.Locator(".argument")).ToHaveCountAsync(2);

        // A relation the schema refuses (ORIGIN needs a GPE tail; Vladivostok is now LOC): refused with a visible message.
        await page.SelectOptionAsync("#relation-type", "ORIGIN");
        await page.Entity("Koreans").ClickAsync();
        await page.Keyboard.PressAsync("r");
        await page.Entity("Vladivostok").ClickAsync();
        await Expect(page.Locator("#message.error")).ToContainTextAsync("tail label LOC not allowed for ORIGIN");
        // Head, then tail: a relation.
        await page.SelectOptionAsync("#relation-type", "RESIDES_IN");
        await page.Entity("Koreans").ClickAsync();
        await page.Keyboard.PressAsync("r");
        await page.Entity("Vladivostok").ClickAsync();
        await Expect(page.Locator("#relations .relation")).ToHaveCountAsync(2);

        await page.Keyboard.PressAsync("m");
        await Expect(page.Locator("input.layer:checked")).ToHaveCountAsync(3);
        await page.Keyboard.PressAsync("s");
        await Expect(page.Locator("#message")).ToContainTextAsync("saved 1 documents to corrections.jsonl");

        var saved = app.Saved().Single();
        Assert.Equal("LOC", saved.Entities.Single(e => saved.TextOf(e.Span) == "Vladivostok").Label);
        Assert.DoesNotContain(saved.Entities, e => saved.TextOf(e.Span) == "1937");
        var arrest = saved.Events.Single(e => e.Type == "ARREST");
        Assert.Equal("arrested", saved.TextOf(arrest.Trigger));
        Assert.Equal(new[] { "Detainee Petrov", "Place Moscow" }, arrest.Arguments.Select(a => $"{a.Role} {saved.TextOf(a.Span)}"));
        Assert.Contains(saved.Relations, r => r.Type == "RESIDES_IN" && saved.TextOf(r.Head) == "Koreans" && saved.TextOf(r.Tail) == "Vladivostok");
        Assert.DoesNotContain(saved.Relations, r => r.Type == "ORIGIN");
        Assert.Equal(new[] { "entities", "events", "relations" }, saved.Meta!["reviewed"]!.Select(t => (string)t!));
        Assert.Equal("Ann", (string?)saved.Meta["reviewer"]);
        Assert.DoesNotContain("confidence", File.ReadAllText(app.Corrections));
    }

    [Fact]
    public async Task The_list_puts_the_least_confident_first_filters_and_counts_progress()
    {
        await using var app = await ReviewApp.StartAsync(null, TestDocuments.Hostile(), TestDocuments.Deportation());
        var page = await OpenAsync(app);
        var rows = page.Locator("table.documents tbody tr td:first-child");

        // Deportation's lowest confidence (0.30) is below Hostile's (0.35).
        await Expect(rows).ToHaveTextAsync(["deportation", TestDocuments.Hostile().Id]);
        await Expect(page.Locator("#progress")).ToHaveTextAsync("0 / 2 reviewed");
        await page.SelectOptionAsync("#filter-type", "DEPORT");
        await Expect(rows).ToHaveTextAsync(["deportation"]);
        await page.SelectOptionAsync("#filter-type", "");

        await rows.First.Locator("a").ClickAsync();
        await Expect(page.Locator("h1")).ToHaveTextAsync("deportation");
        await page.Keyboard.PressAsync("m");
        await Expect(page.Locator("input.layer:checked")).ToHaveCountAsync(3);
        await page.ClickAsync("#back");
        await Expect(page.Locator("#progress")).ToHaveTextAsync("1 / 2 reviewed");
        await Expect(rows).ToHaveTextAsync([TestDocuments.Hostile().Id, "deportation"]); // reviewed: last
    }

    [Fact]
    public async Task Undo_in_the_page_takes_back_a_deletion()
    {
        await using var app = await ReviewApp.StartAsync(null, TestDocuments.Deportation());
        var page = await OpenAsync(app, "#/doc/0");
        await page.Entity("Stalin").ClickAsync();
        await page.Keyboard.PressAsync("x");
        await Expect(page.Entity("Stalin")).ToHaveCountAsync(0);
        await page.Keyboard.PressAsync("z");
        await Expect(page.Entity("Stalin")).ToHaveCountAsync(1);
        Assert.Empty(app.Saved());
    }

    [Fact]
    public async Task Queue_mode_accept_reject_undo_skip_and_fix_with_the_keyboard()
    {
        await using var app = await ReviewApp.StartAsync(null, TestDocuments.Deportation());
        var page = await OpenAsync(app);
        await Expect(page.Locator("#queue-link")).ToBeVisibleAsync();
        await page.Keyboard.PressAsync("q");
        var what = page.Locator("#queue-item mark");
        await Expect(what).ToHaveTextAsync("Stalin");
        await Expect(page.Locator("#remaining")).ToContainTextAsync("3 left");

        await page.Keyboard.PressAsync("a");
        await Expect(what).ToHaveTextAsync("Koreans");
        await page.Keyboard.PressAsync("x");
        await Expect(page.Locator("#queue-item")).ToHaveAttributeAsync("data-kind", "relation");
        await page.Keyboard.PressAsync("z");
        await Expect(what).ToHaveTextAsync("Koreans");
        await page.Keyboard.PressAsync("n");
        await Expect(page.Locator("#queue-item")).ToHaveAttributeAsync("data-kind", "relation");
        await page.Keyboard.PressAsync("f");
        await Expect(page).ToHaveURLAsync(new Regex("#/doc/0$"));
        await Expect(page.Locator("#text .hl")).ToHaveCountAsync(2); // the relation's head and tail

        var entities = (JArray)(await app.GetAsync("api/documents/0"))["entities"]!;
        Assert.Equal(JTokenType.Null, entities.Single(e => (string?)e["text"] == "Stalin")["confidence"]!.Type); // accepted
        Assert.Equal(0.4, (double)entities.Single(e => (string?)e["text"] == "Koreans")["confidence"]!); // rejected, then undone
    }

    [Fact]
    public async Task A_document_with_markup_and_a_script_is_shown_as_text_and_nothing_runs()
    {
        await using var app = await ReviewApp.StartAsync(null, TestDocuments.Hostile());
        var page = await OpenAsync(app);
        var id = TestDocuments.Hostile().Id;
        await Expect(page.GetByText(id)).ToBeVisibleAsync();
        await page.GetByText(id).ClickAsync();
        await Expect(page.Locator("#text")).ToHaveTextAsync(TestDocuments.HostileText);

        Assert.True(await page.EvaluateAsync<bool>("() => window.pwned === undefined && window.pwnedTitle === undefined"));
        Assert.Equal(0, await page.Locator("#text script, #text b, img").CountAsync());
        await Expect(page.Locator("h1")).ToHaveTextAsync(id);
        await Expect(page.GetByText("<script>window.pwnedTitle=1</script>")).ToBeVisibleAsync();
        // Line breaks are kept: the second line starts below the first.
        var first = await page.Entity("Ivan").BoundingBoxAsync();
        var second = await page.Entity("Kiev").BoundingBoxAsync();
        Assert.True(second!.Y > first!.Y);
    }

    [Fact]
    public async Task Without_the_token_the_browser_gets_nothing()
    {
        await using var app = await ReviewApp.StartAsync();
        var page = await browser.Browser.NewPageAsync();

        var response = await page.GotoAsync(app.Server.BaseAddress.ToString());

        Assert.Equal(403, response!.Status);
        await Expect(page.Locator("body")).ToContainTextAsync("forbidden");
        Assert.Equal(403, await page.EvaluateAsync<int>("() => fetch('/api/documents').then(r => r.status)"));
        Assert.Equal(403, await page.EvaluateAsync<int>("() => fetch('/assets/app.js').then(r => r.status)"));
    }

    [Fact]
    public async Task Screenshot_of_a_real_extraction_under_review()
    {
        string predictions = Path.Combine(AppContext.BaseDirectory, "Data", "sample-predictions.jsonl");
        var docs = Nlp.Core.Formats.JsonlReader.ReadAll(predictions).ToArray();
        await using var app = await ReviewApp.StartAsync(null, docs);
        var page = await OpenAsync(app, "#/doc/0");
        await page.Locator(".event-card b").First.ClickAsync();
        // Trigger and arguments are highlighted, "applications" too, which is an argument but no entity.
        var deport = docs[0].Events[0];
        await Expect(page.Locator("#text .hl")).ToHaveTextAsync([.. new[] { deport.Trigger }.Concat(deport.Arguments.Select(a => a.Span)).Order().Select(s => docs[0].TextOf(s))]);

        string shot = Path.Combine(Path.GetTempPath(), $"review-{Guid.NewGuid():N}.png");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = shot });
        Assert.Equal([0x89, (byte)'P', (byte)'N', (byte)'G'], File.ReadAllBytes(shot).Take(4));
        // NLP_UPDATE_SCREENSHOTS=1 dotnet test … renews the README's picture.
        if (Environment.GetEnvironmentVariable("NLP_UPDATE_SCREENSHOTS") == "1")
            File.Copy(shot, Path.Combine(RepositoryRoot(), "docs", "review.png"), overwrite: true);
        File.Delete(shot);
    }

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Nlp.sln"))) return dir.FullName;
        throw new InvalidOperationException("Nlp.sln not found above the test folder");
    }
}
