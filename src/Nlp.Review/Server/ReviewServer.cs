using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Nlp.Review.Editing;

namespace Nlp.Review.Server;

/// <summary>
/// The local web app of <c>nlp review</c>: Kestrel on 127.0.0.1 (port 0: any free one), every request behind the
/// <see cref="TokenGate"/>. <see cref="Url"/> is the address to open, token included.
/// </summary>
public sealed class ReviewServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private ReviewServer(WebApplication app, ReviewSession session, TokenGate gate)
    {
        _app = app;
        Session = session;
        Gate = gate;
    }

    public ReviewSession Session { get; }
    public TokenGate Gate { get; }

    /// <summary>The address the server listens on, e.g. http://127.0.0.1:5123/ (no token).</summary>
    public Uri BaseAddress { get; private set; } = null!;

    public Uri Url => new(BaseAddress, $"?token={Gate.Token}");

    public static async Task<ReviewServer> StartAsync(ReviewSession session, int port = 0, string? token = null, CancellationToken cancel = default)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { ApplicationName = typeof(ReviewServer).Assembly.GetName().Name });
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, port));
        var app = builder.Build();
        var gate = new TokenGate(token ?? TokenGate.NewToken());
        app.Use(SecurityHeaders.InvokeAsync);
        app.Use(gate.InvokeAsync);
        ReviewEndpoints.Map(app, session, gate);
        await app.StartAsync(cancel);
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new ReviewServer(app, session, gate) { BaseAddress = new Uri(address.TrimEnd('/') + "/") };
    }

    public Task WaitForShutdownAsync(CancellationToken cancel) => _app.WaitForShutdownAsync(cancel);

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
