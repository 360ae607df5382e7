using System.Net;
using System.Net.Http.Json;
using Newtonsoft.Json.Linq;
using Nlp.Core.Formats;
using Nlp.Review.Editing;
using Nlp.Review.Server;

namespace Nlp.Review.Tests;

public class ReviewApiTests
{
    // Entities of TestDocuments.Deportation, in text order.
    private const int Year = 0, Koreans = 2, Vladivostok = 3, Stalin = 5, Nkvd2 = 6, Petrov = 7, Moscow = 8;

    [Theory]
    [InlineData("GET", "/")]
    [InlineData("GET", "/assets/app.js")]
    [InlineData("GET", "/api/documents")]
    [InlineData("GET", "/api/documents/0")]
    [InlineData("GET", "/api/queue")]
    [InlineData("POST", "/api/save")]
    [InlineData("POST", "/api/documents/0/edits")]
    [InlineData("GET", "/no/such/page")]
    public async Task Every_request_without_the_token_or_with_a_wrong_one_is_refused(string method, string path)
    {
        await using var app = await ReviewApp.StartAsync();
        using var anonymous = new HttpClient { BaseAddress = app.Server.BaseAddress };
        var edit = JsonContent.Create(new { op = "delete-entity", index = 0 });

        var none = await anonymous.SendAsync(new HttpRequestMessage(new HttpMethod(method), path) { Content = edit });
        var wrong = await anonymous.SendAsync(new HttpRequestMessage(new HttpMethod(method), path + "?token=" + new string('0', 48)) { Content = edit });
        var almost = new HttpRequestMessage(new HttpMethod(method), path) { Content = edit };
        almost.Headers.Add(TokenGate.Header, app.Server.Gate.Token[..^1]);

        Assert.Equal(HttpStatusCode.Forbidden, none.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, wrong.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await anonymous.SendAsync(almost)).StatusCode);
        Assert.False(File.Exists(app.Corrections));
    }

    [Fact]
    public async Task The_token_in_the_url_or_the_header_opens_the_app_which_listens_on_loopback_only()
    {
        await using var app = await ReviewApp.StartAsync();
        using var browser = new HttpClient();

        var page = await browser.GetAsync(app.Server.Url);

        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Equal("127.0.0.1", app.Server.BaseAddress.Host);
        Assert.Contains("default-src 'none'", page.Headers.GetValues("Content-Security-Policy").Single());
        Assert.Equal(HttpStatusCode.OK, (await app.Client.GetAsync("api/documents")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await app.Client.GetAsync("assets/index.html")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await app.Client.GetAsync("assets/..%2F..%2Fpred.jsonl")).StatusCode);
    }

    [Fact]
    public async Task Two_apps_have_different_tokens()
    {
        await using var one = await ReviewApp.StartAsync();
        await using var two = await ReviewApp.StartAsync();
        Assert.NotEqual(one.Server.Gate.Token, two.Server.Gate.Token);
        Assert.True(one.Server.Gate.Token.Length >= 32);
    }

    [Fact]
    public async Task A_relabel_is_saved_at_once_in_the_gold_format()
    {
        await using var app = await ReviewApp.StartAsync(reviewer: "Ann");

        var response = await app.EditAsync(0, new { op = "relabel-entity", index = Vladivostok, label = "LOC" });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var saved = Assert.Single(app.Saved());
        Assert.Equal("LOC", saved.Entities[Vladivostok].Label);
        Assert.All(saved.Entities, e => Assert.Null(e.Confidence));
        Assert.All(saved.Events, e => Assert.Null(e.Confidence));
        Assert.All(saved.Events.SelectMany(e => e.Arguments), a => Assert.Null(a.Confidence));
        Assert.All(saved.Relations, r => Assert.Null(r.Confidence));
        Assert.Equal("Ann", (string?)saved.Meta!["reviewer"]);
        Assert.Empty((JArray)saved.Meta["reviewed"]!);
        Assert.Matches(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$", (string?)saved.Meta["reviewed_at"]);
        Assert.DoesNotContain("confidence", File.ReadAllText(app.Corrections));
    }

    [Fact]
    public async Task Corrections_of_a_real_extraction_carry_no_confidence_of_any_kind_and_pass_validate()
    {
        var docs = JsonlReader.ReadAll(Path.Combine(AppContext.BaseDirectory, "Data", "sample-predictions.jsonl")).ToArray();
        await using var app = await ReviewApp.StartAsync(null, docs);

        Assert.Equal(HttpStatusCode.OK, (await app.EditAsync(0, new { op = "accept", kind = "argument", index = 0, argument = 0 })).StatusCode);

        string saved = File.ReadAllText(app.Corrections);
        Assert.DoesNotContain("confidence", saved);
        Assert.DoesNotContain("entity_type", saved);
        var stdout = new StringWriter();
        Assert.Equal(0, Nlp.Cli.Program.Run(["validate", app.Corrections], stdout, new StringWriter()));
        Assert.Contains("bad lines: 0", stdout.ToString());
    }

    [Fact]
    public async Task Edits_the_validator_refuses_change_nothing_and_say_why_in_its_words()
    {
        await using var app = await ReviewApp.StartAsync();

        var label = await app.EditAsync(0, new { op = "relabel-entity", index = Stalin, label = "KING" });
        var role = await app.EditAsync(0, new { op = "add-argument", index = 0, role = "Detainee", start = 0, end = 2 });
        var relation = await app.EditAsync(0, new { op = "add-relation", type = "LEADER_OF", head = Koreans, tail = Nkvd2 });
        var type = await app.EditAsync(0, new { op = "set-event-type", index = 0, type = "ARREST" });

        Assert.Equal(HttpStatusCode.UnprocessableEntity, label.StatusCode);
        Assert.Equal("document deportation: entity #5 \"Stalin\": unknown entity label \"KING\" (schema domain: " +
                     string.Join(", ", Nlp.Core.Schema.Schemas.Domain.EntityLabels) + ")", await ErrorOf(label));
        Assert.Contains("role \"Detainee\" does not belong to DEPORT", await ErrorOf(role));
        Assert.Contains("head label NORP not allowed for LEADER_OF", await ErrorOf(relation));
        Assert.Contains("does not belong to ARREST", await ErrorOf(type));
        Assert.False(File.Exists(app.Corrections));
        Assert.Equal("PERSON", (string?)(await app.GetAsync("api/documents/0"))["entities"]![Stalin]!["label"]);
    }

    [Theory]
    [InlineData(-1, 3)]
    [InlineData(5, 5)]
    [InlineData(7, 3)]
    [InlineData(0, 100000)]
    public async Task A_span_outside_the_text_or_empty_is_refused(int start, int end)
    {
        await using var app = await ReviewApp.StartAsync();
        var response = await app.EditAsync(0, new { op = "add-entity", start, end, label = "GPE" });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Contains("is not a non-empty span of the text", await ErrorOf(response));
    }

    [Fact]
    public async Task Offsets_from_the_page_are_utf16_and_the_file_keeps_code_points()
    {
        await using var app = await ReviewApp.StartAsync();
        var text = TestDocuments.HostileText;
        int kiev = text.IndexOf("Kiev", StringComparison.Ordinal);
        int line = text.IndexOf("Second", StringComparison.Ordinal);

        var response = await app.EditAsync(1, new { op = "add-entity", start = line, end = line + 6, label = "ORDINAL" });
        var cut = await app.EditAsync(1, new { op = "add-entity", start = kiev - 2, end = kiev - 1, label = "ORDINAL" });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("cuts a character in two", await ErrorOf(cut));
        // The emoji is one code point but two UTF-16 units: Kiev is one further in .NET and JavaScript than in the file.
        var kievInFile = app.SavedJson(TestDocuments.Hostile().Id)["entities"]!.Single(e => (string?)e["label"] == "GPE" && (int)e["start"]! > line);
        Assert.Equal(kiev - 1, (int)kievInFile["start"]!);
        Assert.Equal("Kiev", app.Saved().Single().TextOf(app.Saved().Single().Entities.Last().Span));
    }

    [Fact]
    public async Task Deleting_an_entity_deletes_the_relations_on_it()
    {
        await using var app = await ReviewApp.StartAsync();
        var response = await app.EditAsync(0, new { op = "delete-entity", index = Stalin });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var saved = app.Saved().Single();
        Assert.DoesNotContain(saved.Entities, e => saved.TextOf(e.Span) == "Stalin");
        Assert.Empty(saved.Relations);
    }

    [Fact]
    public async Task Undo_takes_back_the_last_change_and_a_document_back_as_predicted_leaves_the_file()
    {
        await using var app = await ReviewApp.StartAsync();
        await app.EditAsync(0, new { op = "delete-entity", index = Year });
        int arrested = TestDocuments.Deportation().Text.IndexOf("arrested", StringComparison.Ordinal);
        await app.EditAsync(0, new { op = "add-event", type = "ARREST", start = arrested, end = arrested + 8 });
        Assert.Single(app.Saved().Single().Events.Where(e => e.Type == "ARREST"));

        Assert.Equal(HttpStatusCode.OK, (await app.Client.PostAsync("api/documents/0/undo", null)).StatusCode);
        Assert.Empty(app.Saved().Single().Events.Where(e => e.Type == "ARREST"));
        Assert.Equal(8, app.Saved().Single().Entities.Length);

        Assert.Equal(HttpStatusCode.OK, (await app.Client.PostAsync("api/documents/0/undo", null)).StatusCode);
        Assert.Empty(app.Saved());
        Assert.Equal(HttpStatusCode.Conflict, (await app.Client.PostAsync("api/documents/0/undo", null)).StatusCode);
    }

    [Fact]
    public async Task Reopening_the_corrections_continues_where_the_reviewer_stopped()
    {
        await using var app = await ReviewApp.StartAsync();
        await app.EditAsync(0, new { op = "relabel-entity", index = Petrov, label = "ORG" });
        await app.Client.PostAsJsonAsync("api/documents/0/reviewed", new { layers = new[] { "entities", "relations" } });
        string before = File.ReadAllText(app.Corrections);

        await app.RestartAsync();

        var list = await app.GetAsync("api/documents");
        Assert.Equal(1, (int)list["reviewed"]!);
        Assert.Equal(new[] { "entities", "relations" }, list["documents"]![0]!["reviewed"]!.Select(t => (string)t!));
        Assert.Equal("ORG", (string?)(await app.GetAsync("api/documents/0"))["entities"]![Petrov]!["label"]);
        Assert.Equal(before, File.ReadAllText(app.Corrections)); // nothing rewritten by starting
        await app.Client.PostAsync("api/save", null);
        Assert.Equal(before, File.ReadAllText(app.Corrections));
    }

    [Fact]
    public void A_corrections_file_that_cannot_be_read_stops_the_app_before_it_is_overwritten()
    {
        using var dir = new TempFolder();
        string pred = TestDocuments.WriteJsonl(dir.File("pred.jsonl"), TestDocuments.Deportation());
        string corrections = dir.File("corrections.jsonl");
        File.WriteAllText(corrections, DocumentJson.Serialize(TestDocuments.Deportation()) + "\n{broken\n");

        var error = Assert.Throws<DocumentFormatException>(() => new ReviewSession(new ReviewOptions(pred, corrections)));

        Assert.Contains("corrections.jsonl:2:", error.Message);
        Assert.EndsWith("{broken\n", File.ReadAllText(corrections));
    }

    [Fact]
    public void An_edit_that_cannot_be_saved_is_refused_and_not_kept()
    {
        using var dir = new TempFolder();
        string pred = TestDocuments.WriteJsonl(dir.File("pred.jsonl"), TestDocuments.Deportation());
        File.WriteAllText(dir.File("plain-file"), "");
        var session = new ReviewSession(new ReviewOptions(pred, Path.Combine(dir.File("plain-file"), "corrections.jsonl")));

        var outcome = session.Edit(0, new EditRequest("delete-entity", Index: Stalin));
        var marked = session.SetReviewed(0, Nlp.Core.Model.Layer.Entities);

        Assert.False(outcome.Accepted);
        Assert.StartsWith("not saved, so not done: cannot write ", outcome.Error);
        Assert.StartsWith("not saved", marked);
        Assert.Equal(9, session.Read(d => d[0].Current.Entities.Length));
        Assert.Equal(Nlp.Core.Model.Layer.None, session.Read(d => d[0].Reviewed));
        Assert.False(session.CanUndo(0));
    }

    [Fact]
    public async Task The_queue_offers_low_confidences_lowest_first_and_skips_reviewed_layers()
    {
        await using var app = await ReviewApp.StartAsync(null, TestDocuments.Deportation());

        var items = (JArray)(await app.GetAsync("api/queue?threshold=0.6"))["items"]!;
        Assert.Equal(new[] { "Stalin", "Koreans", "Stalin" }, items.Select(i => (string)i["text"]!.ToString().Split(' ')[0]));
        Assert.Equal(new[] { "entity", "entity", "relation" }, items.Select(i => (string)i["kind"]!));

        await app.EditAsync(0, new { op = "accept", kind = "entity", index = Stalin });
        await app.Client.PostAsJsonAsync("api/documents/0/reviewed", new { layers = new[] { "relations" } });
        items = (JArray)(await app.GetAsync("api/queue?threshold=0.6"))["items"]!;
        Assert.Equal("Koreans", (string?)Assert.Single(items)["text"]);
    }

    [Fact]
    public async Task The_document_view_carries_the_text_and_segments_that_cover_it_exactly()
    {
        await using var app = await ReviewApp.StartAsync();
        var view = await app.GetAsync("api/documents/1");
        string text = (string)view["text"]!;
        var segments = view["segments"]!.Select(s => ((int)s["start"]!, (int)s["end"]!)).ToList();

        Assert.Equal(TestDocuments.HostileText, text);
        Assert.Equal(0, segments[0].Item1);
        Assert.Equal(text.Length, segments[^1].Item2);
        Assert.All(segments.Zip(segments.Skip(1)), p => Assert.Equal(p.First.Item2, p.Second.Item1));
    }

    private static async Task<string> ErrorOf(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        return (string)JObject.Parse(await response.Content.ReadAsStringAsync())["error"]!;
    }
}
