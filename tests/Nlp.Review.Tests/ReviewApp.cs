using System.Net.Http.Json;
using Newtonsoft.Json.Linq;
using Nlp.Core.Formats;
using Nlp.Core.Model;
using Nlp.Review.Editing;
using Nlp.Review.Server;

namespace Nlp.Review.Tests;

/// <summary>A review app on a real Kestrel (port 0) over a predictions file in a temporary folder, and a client that
/// sends its token.</summary>
internal sealed class ReviewApp : IAsyncDisposable
{
    private readonly TempFolder _folder = new();

    private ReviewApp() { }

    public ReviewServer Server { get; private set; } = null!;
    public HttpClient Client { get; private set; } = null!;
    public string Predictions => _folder.File("pred.jsonl");
    public string Corrections => _folder.File("corrections.jsonl");

    public static async Task<ReviewApp> StartAsync(string? reviewer = "tester", params Document[] docs)
    {
        var app = new ReviewApp();
        TestDocuments.WriteJsonl(app.Predictions, docs.Length > 0 ? docs : [TestDocuments.Deportation(), TestDocuments.Hostile()]);
        await app.StartServerAsync(reviewer);
        return app;
    }

    public async Task RestartAsync()
    {
        Client.Dispose();
        await Server.DisposeAsync();
        await StartServerAsync(Server.Session.Options.Reviewer);
    }

    private async Task StartServerAsync(string? reviewer)
    {
        var session = new ReviewSession(new ReviewOptions(Predictions, Corrections) { Reviewer = reviewer, Reader = new ReaderOptions { OnBadLine = BadLinePolicy.Skip } });
        Server = await ReviewServer.StartAsync(session);
        Client = new HttpClient { BaseAddress = Server.BaseAddress };
        Client.DefaultRequestHeaders.Add(TokenGate.Header, Server.Gate.Token);
    }

    public Task<HttpResponseMessage> EditAsync(int document, object edit) => Client.PostAsJsonAsync($"api/documents/{document}/edits", edit);

    public async Task<JObject> GetAsync(string path) => JObject.Parse(await Client.GetStringAsync(path));

    public IReadOnlyList<Document> Saved() => File.Exists(Corrections) ? JsonlReader.ReadAll(Corrections) : [];

    public JObject SavedJson(string id) =>
        File.ReadLines(Corrections).Select(JObject.Parse).Single(o => (string?)o["id"] == id);

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await Server.DisposeAsync();
        _folder.Dispose();
    }
}
