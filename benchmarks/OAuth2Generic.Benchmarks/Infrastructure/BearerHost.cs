using System.Net;
using System.Net.Http.Headers;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace OAuth2Generic.Benchmarks;

/// <summary>
/// An API on an in-memory test server whose one endpoint requires an authenticated caller, with one bearer scheme: the
/// same pipeline for every handler compared. A request carries the given token.
/// </summary>
internal sealed class BearerHost : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly HttpClient _client;
    private readonly AuthenticationHeaderValue _authorization;

    private BearerHost(WebApplication app, string token)
    {
        _app = app;
        _client = app.GetTestServer().CreateClient();
        _authorization = new AuthenticationHeaderValue("Bearer", token);
    }

    public static async Task<BearerHost> StartAsync(string scheme, Action<AuthenticationBuilder> addScheme, string token)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseTestServer(options => options.BaseAddress = new Uri("https://api.example/"));
        builder.Logging.ClearProviders();
        addScheme(builder.Services.AddAuthentication(scheme));
        builder.Services.AddAuthorization();

        var app = builder.Build();
        app.UseAuthentication();
        app.UseAuthorization();
        app.MapGet("/orders", () => "orders").RequireAuthorization();
        await app.StartAsync();
        return new BearerHost(app, token);
    }

    /// <summary>One API request with the token; 200 when the handler accepted it.</summary>
    public async Task<HttpStatusCode> CallAsync()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/orders");
        request.Headers.Authorization = _authorization;
        using var response = await _client.SendAsync(request);
        return response.StatusCode;
    }

    /// <summary>Fails when the handler refuses the token: a benchmark of a refusal would measure nothing useful.</summary>
    public async Task EnsureAcceptedAsync()
    {
        var status = await CallAsync();
        if (status != HttpStatusCode.OK)
        {
            throw new InvalidOperationException($"The API answered {status}: the scheme refuses the benchmark's token.");
        }
    }

    public async ValueTask DisposeAsync()
    {
        _client.Dispose();
        await _app.DisposeAsync();
    }
}
