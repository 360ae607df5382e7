using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Nlp.Review.Editing;

namespace Nlp.Review.Server;

/// <summary>
/// The app's routes: the page and its two assets, and a JSON API over the <see cref="ReviewSession"/>. No route
/// takes a file name: the predictions and corrections files given at start are the only ones read or written.
/// </summary>
internal static class ReviewEndpoints
{
    public static void Map(IEndpointRouteBuilder app, ReviewSession session, TokenGate gate)
    {
        app.MapGet("/", () => Results.Content(
            EmbeddedAssets.Read("index.html").Replace("{{TOKEN}}", Uri.EscapeDataString(gate.Token)), "text/html; charset=utf-8"));
        app.MapGet("/assets/{name}", (string name) => name is "app.js" or "app.css"
            ? Results.Content(EmbeddedAssets.Read(name), name.EndsWith(".js") ? "text/javascript; charset=utf-8" : "text/css; charset=utf-8")
            : Results.NotFound());

        var api = app.MapGroup("/api");
        api.MapGet("/documents", () => session.Read(docs => new
        {
            predictions = Path.GetFileName(session.Options.Predictions),
            corrections = Path.GetFileName(session.Options.Corrections),
            reviewer = session.Options.Reviewer,
            total = docs.Count,
            reviewed = docs.Count(d => d.Reviewed != 0),
            documents = docs.Select((d, i) => DocumentViews.Summary(i, d)).ToList(),
        }));
        api.MapGet("/documents/{index:int}", (int index) => Detail(session, index));
        api.MapPost("/documents/{index:int}/edits", (int index, EditRequest edit) =>
        {
            if (!Exists(session, index)) return Results.NotFound(new { error = $"no document #{index}" });
            var outcome = session.Edit(index, edit);
            return outcome.Accepted
                ? Results.Ok(new { warnings = outcome.Warnings, document = DetailOf(session, index) })
                : Results.UnprocessableEntity(new { error = outcome.Error });
        });
        api.MapPost("/documents/{index:int}/reviewed", (int index, ReviewedLayers body) =>
        {
            if (!Exists(session, index)) return Results.NotFound(new { error = $"no document #{index}" });
            string? problem;
            try
            {
                problem = session.SetReviewed(index, (body.Layers ?? []).Aggregate(Nlp.Core.Model.Layer.None, (all, l) => all | ReviewedDocument.ParseLayer(l)));
            }
            catch (EditRefusedException e)
            {
                problem = e.Message;
            }
            return problem is null ? Results.Ok(new { document = DetailOf(session, index) }) : Results.UnprocessableEntity(new { error = problem });
        });
        api.MapPost("/documents/{index:int}/undo", (int index) =>
            !Exists(session, index) ? Results.NotFound(new { error = $"no document #{index}" })
            : session.Undo(index) ? Results.Ok(new { document = DetailOf(session, index) })
            : Results.Conflict(new { error = "nothing to undo in this document" }));
        api.MapPost("/undo", () => session.Undo(null) ? Results.Ok(new { }) : Results.Conflict(new { error = "nothing to undo" }));
        api.MapGet("/queue", (double? threshold, int? limit) =>
        {
            double below = threshold ?? session.Options.QueueThreshold;
            return session.Read(docs =>
            {
                // The page shows one item at a time: it asks for the first few (more when it has skipped some).
                var items = DocumentViews.Queue(docs, below).ToList();
                return new { threshold = below, total = items.Count, items = items.Take(Math.Max(1, limit ?? 100)).ToList() };
            });
        });
        api.MapPost("/save", () =>
        {
            try
            {
                session.Save();
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                return Results.Json(new { error = $"cannot write {session.Options.Corrections}: {e.Message}" }, statusCode: StatusCodes.Status500InternalServerError);
            }
            return Results.Ok(new { saved = Path.GetFileName(session.Options.Corrections), documents = session.Read(d => d.Count(x => x.Touched)) });
        });
    }

    private static bool Exists(ReviewSession session, int index) => index >= 0 && index < session.Count;

    private static IResult Detail(ReviewSession session, int index) =>
        Exists(session, index) ? Results.Ok(DetailOf(session, index)) : Results.NotFound(new { error = $"no document #{index}" });

    private static object DetailOf(ReviewSession session, int index)
    {
        bool canUndo = session.CanUndo(index);
        return session.Read(docs => DocumentViews.Detail(index, docs[index], session.Options.Reader, canUndo));
    }

    public sealed record ReviewedLayers(string[]? Layers);
}
