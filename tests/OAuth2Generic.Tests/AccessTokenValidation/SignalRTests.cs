using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using OAuth2Generic.Cognito;
using OAuth2Generic.Testing;

namespace OAuth2Generic.Tests;

/// <summary>
/// A real SignalR hub on Kestrel at 127.0.0.1 behind <c>AddCognitoJwtBearer</c> with <c>QueryTokenPaths</c>: the client
/// connects over WebSockets with the emulator's token in <c>access_token</c>, as browsers must, and is refused without;
/// the query token is accepted on the hub's path only, and reaches no log line.
/// </summary>
public sealed class SignalRTests : IAsyncLifetime
{
    private const string ServiceClient = "chat-client";
    private const string ServiceSecret = "chat-client-secret";
    private const string HubPath = "/hubs/echo";

    private readonly CapturedLogs _logs = new();
    private CognitoEmulator _cognito = null!;
    private WebApplication _app = null!;
    private string _url = null!;

    public async ValueTask InitializeAsync()
    {
        _cognito = await CognitoEmulator.StartAsync(options =>
        {
            options.AddResourceServer("chat", "send");
            options.Clients.Add(new CognitoEmulatorClient
            {
                ClientId = ServiceClient,
                ClientSecret = ServiceSecret,
                AllowedOAuthFlows = ["client_credentials"],
                AllowedScopes = ["chat/send"],
            });
        }, TestContext.Current.CancellationToken);

        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        builder.Logging.ClearProviders().AddProvider(_logs).SetMinimumLevel(LogLevel.Trace);
        builder.Services.AddAuthentication(CognitoJwtBearerDefaults.AuthenticationScheme)
            .AddCognitoJwtBearer(options =>
            {
                options.Issuer = _cognito.Issuer;
                options.ClientIds = [ServiceClient];
                options.QueryTokenPaths = [HubPath];
            });
        builder.Services.AddAuthorization();
        builder.Services.AddSignalR();
        _app = builder.Build();
        _app.UseAuthentication();
        _app.UseAuthorization();
        _app.MapHub<EchoHub>(HubPath).RequireAuthorization();
        _app.MapGet("/me", () => "me").RequireAuthorization();
        await _app.StartAsync(TestContext.Current.CancellationToken);
        _url = _app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
    }

    public async ValueTask DisposeAsync()
    {
        await _app.DisposeAsync();
        await _cognito.DisposeAsync();
    }

    [Fact]
    public async Task A_hub_connection_with_the_token_in_access_token_is_accepted_and_sees_the_caller()
    {
        var token = await TokenAsync();
        await using var connection = Connection(token);

        await connection.StartAsync(TestContext.Current.CancellationToken);

        Assert.Equal(ServiceClient, await connection.InvokeAsync<string>(nameof(EchoHub.WhoAmI), TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task A_hub_connection_without_a_token_is_refused()
    {
        await using var connection = Connection(token: null);

        var exception = await Assert.ThrowsAnyAsync<Exception>(() => connection.StartAsync(TestContext.Current.CancellationToken));

        Assert.Contains("401", exception.Message, StringComparison.Ordinal);
        Assert.Equal(HubConnectionState.Disconnected, connection.State);
    }

    [Fact]
    public async Task A_token_in_the_query_of_another_path_is_ignored()
    {
        var token = await TokenAsync();
        using var http = new HttpClient { BaseAddress = new Uri(_url) };

        using var response = await http.GetAsync("/me?access_token=" + token, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("Bearer", Assert.Single(response.Headers.WwwAuthenticate).ToString());
    }

    [Fact]
    public async Task The_query_token_reaches_no_log_line()
    {
        var token = await TokenAsync();
        var refused = token[..^4] + (token.EndsWith("AAAA", StringComparison.Ordinal) ? "BBBB" : "AAAA");
        await using (var connection = Connection(token))
        {
            await connection.StartAsync(TestContext.Current.CancellationToken);
            await connection.InvokeAsync<string>(nameof(EchoHub.WhoAmI), TestContext.Current.CancellationToken);
        }

        await using (var connection = Connection(refused))
        {
            await Assert.ThrowsAnyAsync<Exception>(() => connection.StartAsync(TestContext.Current.CancellationToken));
        }

        // The refusal was logged (so lines were written on this path), without the token.
        Assert.Contains(_logs.Lines, line => line.EventId.Name == "BearerTokenRejected");
        var signature = token[(token.LastIndexOf('.') + 1)..];
        Assert.DoesNotContain(LoggedTexts.Of(_logs), text => text.Contains(signature, StringComparison.Ordinal) || text.Contains(refused[(refused.LastIndexOf('.') + 1)..], StringComparison.Ordinal));
    }

    // What a browser's SignalR client does: WebSockets, the token in the URL.
    private HubConnection Connection(string? token) =>
        new HubConnectionBuilder()
            .WithUrl(
                new Uri(_url + HubPath + (token is null ? "" : "?access_token=" + token)),
                HttpTransportType.WebSockets,
                options => options.SkipNegotiation = true)
            .Build();

    private async Task<string> TokenAsync()
    {
        using var http = new HttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, _cognito.Url + "/oauth2/token")
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string> { ["grant_type"] = "client_credentials", ["scope"] = "chat/send" }),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.ASCII.GetBytes($"{ServiceClient}:{ServiceSecret}")));
        using var response = await http.SendAsync(request, TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        return json.RootElement.GetProperty("access_token").GetString()!;
    }

    private sealed class EchoHub : Hub
    {
        public string WhoAmI() => Context.User?.FindFirst("client_id")?.Value ?? "(anonymous)";
    }
}
