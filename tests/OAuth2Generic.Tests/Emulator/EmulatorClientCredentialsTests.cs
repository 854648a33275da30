using System.Buffers.Text;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Time.Testing;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using OAuth2Generic.Testing;

namespace OAuth2Generic.Tests.Emulator;

/// <summary>
/// The emulator's <c>client_credentials</c> grant at <c>/oauth2/token</c>: machine-to-machine access tokens with the
/// resource servers' custom scopes, and Cognito's errors.
/// </summary>
public sealed class EmulatorClientCredentialsTests
{
    private const string Worker = "orders-worker";
    private const string WorkerSecret = "orders-worker-secret";

    /// <summary>
    /// Two resource servers, <c>orders</c> (read, write) and <c>billing</c> (read), and <see cref="Worker"/>, a client
    /// with a secret allowed the flow and the two <c>orders</c> scopes.
    /// </summary>
    private static Task<CognitoEmulator> StartAsync(Action<CognitoEmulatorOptions>? configure = null)
        => CognitoEmulator.StartAsync(
            options =>
            {
                options.AddResourceServer("orders", "read", "write").AddResourceServer("billing", "read");
                options.Clients.Add(new CognitoEmulatorClient
                {
                    ClientId = Worker,
                    ClientSecret = WorkerSecret,
                    AllowedOAuthFlows = ["client_credentials"],
                    AllowedScopes = ["orders/read", "orders/write"],
                });
                configure?.Invoke(options);
            },
            TestContext.Current.CancellationToken);

    /// <summary>A <c>client_credentials</c> request with client_secret_basic, or with client_id in the body when there is no secret.</summary>
    private static async Task<HttpResponseMessage> RequestTokenAsync(CognitoEmulator emulator, string? scope = null, string clientId = Worker, string? clientSecret = WorkerSecret)
    {
        var form = new Dictionary<string, string> { ["grant_type"] = "client_credentials" };
        if (scope is not null)
        {
            form["scope"] = scope;
        }

        if (clientSecret is null)
        {
            form["client_id"] = clientId;
        }

        using var http = new HttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, emulator.TokenEndpoint) { Content = new FormUrlEncodedContent(form) };
        if (clientSecret is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{clientId}:{clientSecret}")));
        }

        return await http.SendAsync(request, TestContext.Current.CancellationToken);
    }

    private static async Task<JsonWebToken> AccessTokenAsync(HttpResponseMessage answer)
    {
        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        return new JsonWebToken((await EmulatorBrowser.JsonAsync(answer)).GetProperty("access_token").GetString());
    }

    private static async Task AssertErrorAsync(HttpResponseMessage answer, string error)
    {
        Assert.Equal(HttpStatusCode.BadRequest, answer.StatusCode);
        Assert.Equal($$"""{"error":"{{error}}"}""", await answer.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task The_token_endpoint_is_oauth2_token_on_the_emulators_url()
    {
        await using var emulator = await StartAsync();

        Assert.Equal(emulator.Url + "/oauth2/token", emulator.TokenEndpoint);
    }

    [Fact]
    public async Task A_client_credentials_grant_answers_with_an_access_token_alone_for_the_token_lifetime()
    {
        await using var emulator = await StartAsync(options => options.TokenLifetime = TimeSpan.FromMinutes(15));

        var answer = await RequestTokenAsync(emulator, "orders/read");

        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        var body = await EmulatorBrowser.JsonAsync(answer);
        Assert.Equal(["access_token", "expires_in", "token_type"], body.EnumerateObject().Select(member => member.Name));
        Assert.Equal(900, body.GetProperty("expires_in").GetInt32());
        Assert.Equal("Bearer", body.GetProperty("token_type").GetString());
    }

    [Fact]
    public async Task The_machine_to_machine_access_token_has_Cognitos_claims_and_no_user()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.FromUnixTimeSeconds(1_800_000_000));
        await using var emulator = await StartAsync(options => options.TimeProvider = clock);

        var token = await AccessTokenAsync(await RequestTokenAsync(emulator, "orders/read"));

        using var payload = JsonDocument.Parse(Base64Url.DecodeFromChars(token.EncodedPayload));
        Assert.Equal(
            ["auth_time", "client_id", "exp", "iat", "iss", "jti", "scope", "sub", "token_use", "version"],
            payload.RootElement.EnumerateObject().Select(member => member.Name).Order(StringComparer.Ordinal));
        Assert.Equal(Worker, token.Subject);
        Assert.Equal(Worker, token.GetPayloadValue<string>("client_id"));
        Assert.Equal("access", token.GetPayloadValue<string>("token_use"));
        Assert.Equal("orders/read", token.GetPayloadValue<string>("scope"));
        Assert.Equal(emulator.Issuer, token.Issuer);
        Assert.Equal(2, token.GetPayloadValue<int>("version"));
        Assert.Equal(1_800_000_000, token.GetPayloadValue<long>("iat"));
        Assert.Equal(1_800_000_000, token.GetPayloadValue<long>("auth_time"));
        Assert.Equal(1_800_003_600, token.GetPayloadValue<long>("exp"));
        Assert.True(Guid.TryParse(token.Id, out _), token.Id);
    }

    [Fact]
    public async Task The_machine_to_machine_access_token_is_signed_with_the_key_of_the_emulators_jwks()
    {
        await using var emulator = await StartAsync();
        using var http = new HttpClient();
        var token = await AccessTokenAsync(await RequestTokenAsync(emulator, "orders/read"));

        var jwks = new JsonWebKeySet(await http.GetStringAsync(emulator.Issuer + "/.well-known/jwks.json", TestContext.Current.CancellationToken));
        var result = await new JsonWebTokenHandler().ValidateTokenAsync(token.EncodedToken, new TokenValidationParameters
        {
            IssuerSigningKeys = jwks.GetSigningKeys(),
            ValidIssuer = emulator.Issuer,
            ValidateAudience = false,
            ValidAlgorithms = [SecurityAlgorithms.RsaSha256],
        });

        Assert.True(result.IsValid, result.Exception?.Message);
        Assert.Equal("RS256", token.Alg);
        Assert.Equal(jwks.Keys.Single().Kid, token.Kid);
    }

    [Theory]
    [InlineData("orders/write", "orders/write")]
    [InlineData("orders/write orders/read", "orders/write orders/read")]
    [InlineData("orders/read  orders/read", "orders/read")]
    public async Task A_client_credentials_grant_gives_the_scopes_asked_for(string asked, string granted)
    {
        await using var emulator = await StartAsync();

        var token = await AccessTokenAsync(await RequestTokenAsync(emulator, asked));

        Assert.Equal(granted, token.GetPayloadValue<string>("scope"));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    public async Task Without_a_scope_the_grant_gives_every_custom_scope_the_client_is_allowed_and_no_other(string? scope)
    {
        await using var emulator = await StartAsync(options => options.Clients.Add(new CognitoEmulatorClient
        {
            ClientId = "mixed",
            ClientSecret = "mixed-secret",
            AllowedOAuthFlows = ["client_credentials"],
            AllowedScopes = ["openid", "billing/read", "email", "orders/write"],
        }));

        var token = await AccessTokenAsync(await RequestTokenAsync(emulator, scope, "mixed", "mixed-secret"));

        Assert.Equal("billing/read orders/write", token.GetPayloadValue<string>("scope"));
    }

    [Fact]
    public async Task Without_a_scope_a_client_allowed_no_custom_scope_is_invalid_scope()
    {
        await using var emulator = await StartAsync(options => options.Clients.Add(new CognitoEmulatorClient
        {
            ClientId = "no-api",
            ClientSecret = "no-api-secret",
            AllowedOAuthFlows = ["client_credentials"],
            AllowedScopes = ["openid", "email"],
        }));

        await AssertErrorAsync(await RequestTokenAsync(emulator, clientId: "no-api", clientSecret: "no-api-secret"), "invalid_scope");
    }

    [Theory]
    // A scope no resource server has, at a known server and at an unknown one.
    [InlineData("orders/delete")]
    [InlineData("inventory/read")]
    // A resource server's scope that the client is not allowed.
    [InlineData("billing/read")]
    [InlineData("orders/read billing/read")]
    // Cognito's own scopes name no API.
    [InlineData("openid")]
    [InlineData("orders/read openid")]
    [InlineData("aws.cognito.signin.user.admin")]
    // Case matters, as in every Cognito scope.
    [InlineData("Orders/read")]
    public async Task A_scope_that_is_not_a_custom_scope_the_client_is_allowed_is_invalid_scope(string scope)
    {
        await using var emulator = await StartAsync();

        await AssertErrorAsync(await RequestTokenAsync(emulator, scope), "invalid_scope");
    }

    [Fact]
    public async Task A_client_without_the_client_credentials_flow_is_unauthorized_client()
    {
        await using var emulator = await StartAsync(options => options.Clients.Add(new CognitoEmulatorClient
        {
            ClientId = "web-app",
            ClientSecret = "web-app-secret",
            AllowedScopes = ["openid", "orders/read"],
        }));

        await AssertErrorAsync(await RequestTokenAsync(emulator, "orders/read", "web-app", "web-app-secret"), "unauthorized_client");
    }

    [Fact]
    public async Task A_public_client_is_invalid_client_even_when_allowed_the_flow()
    {
        await using var emulator = await StartAsync(options => options.Clients.Add(new CognitoEmulatorClient
        {
            ClientId = "public-worker",
            AllowedOAuthFlows = ["client_credentials"],
            AllowedScopes = ["orders/read"],
        }));

        await AssertErrorAsync(await RequestTokenAsync(emulator, "orders/read", "public-worker", clientSecret: null), "invalid_client");
    }

    [Fact]
    public async Task A_wrong_secret_is_invalid_client()
    {
        await using var emulator = await StartAsync();

        await AssertErrorAsync(await RequestTokenAsync(emulator, "orders/read", clientSecret: "wrong-secret"), "invalid_client");
    }

    [Fact]
    public async Task A_client_credentials_grant_with_the_secret_in_the_body_gives_a_token()
    {
        await using var emulator = await StartAsync();
        using var http = new HttpClient();

        var answer = await http.PostAsync(
            emulator.TokenEndpoint,
            new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["grant_type"] = "client_credentials",
                ["client_id"] = Worker,
                ["client_secret"] = WorkerSecret,
                ["scope"] = "orders/read",
            }),
            TestContext.Current.CancellationToken);

        Assert.Equal("orders/read", (await AccessTokenAsync(answer)).GetPayloadValue<string>("scope"));
    }

    [Fact]
    public async Task TokenRequests_counts_every_request_to_the_token_endpoint_whatever_its_outcome()
    {
        await using var emulator = await StartAsync();
        var before = emulator.TokenRequests;

        var answers = new[]
        {
            await RequestTokenAsync(emulator, "orders/read"),
            await RequestTokenAsync(emulator, "billing/read"),
            await RequestTokenAsync(emulator, "orders/read", clientSecret: "wrong-secret"),
        };

        Assert.Equal(0, before);
        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.BadRequest, HttpStatusCode.BadRequest], answers.Select(answer => answer.StatusCode));
        Assert.Equal(3, emulator.TokenRequests);
    }
}
