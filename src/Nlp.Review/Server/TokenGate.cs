using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http;

namespace Nlp.Review.Server;

/// <summary>
/// Like Jupyter's: a random token printed in the app's URL and required on every request, page, script and API
/// alike (query "token" or header X-Review-Token); anything else gets 403. Another local user, or a web page
/// open in the same browser, cannot read or change the documents without it.
/// </summary>
public sealed class TokenGate(string token)
{
    public const string Header = "X-Review-Token";
    private readonly byte[] _expected = Encoding.UTF8.GetBytes(token);

    public string Token { get; } = token;

    public static string NewToken() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(24));

    public async Task InvokeAsync(HttpContext context, RequestDelegate next)
    {
        string? given = context.Request.Headers[Header].FirstOrDefault() ?? context.Request.Query["token"].FirstOrDefault();
        if (given is null || !CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(given), _expected))
        {
            context.Response.StatusCode = StatusCodes.Status403Forbidden;
            context.Response.ContentType = "text/plain; charset=utf-8";
            await context.Response.WriteAsync("forbidden: this review app needs the token of its URL\n");
            return;
        }
        await next(context);
    }
}
