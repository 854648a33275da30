using System.Net;
using System.Net.Sockets;
using OAuth2Generic;
using WireMock.Logging;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using WireMock.Server;
using WireMock.Settings;

namespace OAuth2Generic.Tests;

/// <summary>
/// An OAuth 2.0 provider played by WireMock.Net over real HTTP on 127.0.0.1: each test says what the token and
/// user-info endpoints answer, then reads back exactly what the handler sent.
/// </summary>
internal sealed class FakeProvider : IDisposable
{
    public const string ClientId = "the-client-id";
    public const string ClientSecret = "the-client-secret-5f1c";
    public const string AccessToken = "the-access-token-0d2a";
    public const string RefreshToken = "the-refresh-token-77b9";

    public FakeProvider()
    {
        Server = WireMockServer.Start(new WireMockServerSettings { Urls = [$"http://127.0.0.1:{FreePort()}"] });
    }

    public WireMockServer Server { get; }

    /// <summary>The provider's base URL, <c>http://127.0.0.1:{port}</c>.</summary>
    public string Url => Server.Urls[0];

    public string Host => new Uri(Url).Authority;

    public const string UserInfoPath = "/api/user";
    public const string UserJson = """{"id":7,"name":"Ada Lovelace","email":"ada@example.com","username":"ada"}""";

    /// <summary>Points the options at this provider: its site, the default token path and <see cref="UserInfoPath"/>.</summary>
    public void Configure(OAuth2GenericOptions options)
    {
        options.ClientId = ClientId;
        options.ClientSecret = ClientSecret;
        options.ClientOptions.Site = Url;
        options.ClientOptions.UserInfoUrl = UserInfoPath;
    }

    /// <summary>A provider that issues a token and returns <see cref="UserJson"/>.</summary>
    public FakeProvider Working()
    {
        Token();
        return UserInfo(UserInfoPath, UserJson);
    }

    public static string TokenBody(string accessToken = AccessToken) =>
        $$"""{"access_token":"{{accessToken}}","token_type":"Bearer","expires_in":3600,"refresh_token":"{{RefreshToken}}"}""";

    public FakeProvider Token(string path = "/oauth/token", int status = 200, string? body = null, string contentType = "application/json", TimeSpan? delay = null)
    {
        Respond(Request.Create().WithPath(path).UsingPost(), status, body ?? TokenBody(), contentType, delay);
        return this;
    }

    public FakeProvider UserInfo(string path, string body, int status = 200, string contentType = "application/json", TimeSpan? delay = null)
    {
        Respond(Request.Create().WithPath(path).UsingAnyMethod(), status, body, contentType, delay);
        return this;
    }

    /// <summary>
    /// Answers requests that match with the given response. A mapping <paramref name="id"/> replaces the earlier answer
    /// given under the same id, for tests that change an answer between two sign-ins.
    /// </summary>
    public void Respond(
        IRequestBuilder request, int status, string body, string? contentType, TimeSpan? delay = null, IDictionary<string, string>? headers = null, Guid? id = null)
    {
        var response = Response.Create().WithStatusCode(status).WithBody(body);
        if (contentType is not null)
        {
            response = response.WithHeader("Content-Type", contentType);
        }

        foreach (var (name, value) in headers ?? new Dictionary<string, string>())
        {
            response = response.WithHeader(name, value);
        }

        if (delay is { } wait)
        {
            response = response.WithDelay(wait);
        }

        var mapping = Server.Given(request);
        if (id is { } guid)
        {
            mapping = mapping.WithGuid(guid);
        }

        mapping.RespondWith(response);
    }

    public IReadOnlyList<ILogEntry> RequestsTo(string path) =>
        Server.LogEntries.Where(entry => entry.RequestMessage?.Path == path).ToList();

    public ReceivedRequest SingleRequestTo(string path) => new(Assert.Single(RequestsTo(path)).RequestMessage!);

    public void Dispose() => Server.Stop();

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
