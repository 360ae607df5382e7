using Microsoft.AspNetCore.Http;

namespace Nlp.Review.Server;

/// <summary>A second wall behind the page's text-only rendering: no inline script runs, nothing loads from
/// elsewhere, the app cannot be framed.</summary>
internal static class SecurityHeaders
{
    public const string Policy = "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self'; " +
                                 "base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

    public static Task InvokeAsync(HttpContext context, RequestDelegate next)
    {
        var headers = context.Response.Headers;
        headers.ContentSecurityPolicy = Policy;
        headers.XContentTypeOptions = "nosniff";
        headers["Referrer-Policy"] = "no-referrer";
        headers.CacheControl = "no-store";
        return next(context);
    }
}
