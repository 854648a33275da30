using System.Net;
using System.Net.Http.Json;
using System.Security.Claims;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;

namespace OAuth2Generic.Tests.RubyParity;

/// <summary>
/// Where the package and the Ruby strategy (omniauth-oauth2-generic on omniauth-oauth2 and the oauth2 gem) were run side
/// by side on one configuration and one provider answer: each case signs in through the full challenge → callback →
/// token → user info → cookie flow, bound from a GitLab-shaped entry, and pins either Ruby's behaviour or the
/// difference the README lists under "Where this differs from the Ruby strategy".
/// </summary>
public sealed class RubyParityTests : IDisposable
{
    private const string Scheme = "oauth2_generic";
    private const string TokenPath = "/oauth/token";
    private const string FormToken =
        $"access_token={FakeProvider.AccessToken}&token_type=bearer&scope=read_user&expires_in=3600&refresh_token={FakeProvider.RefreshToken}";

    private readonly FakeProvider _provider = new();

    public void Dispose() => _provider.Dispose();

    // oauth2 reads a form token answer (Rack::Utils.parse_query), as GitHub and older servers send it.
    [Fact]
    public async Task A_token_answer_in_form_encoding_signs_in_as_in_Ruby()
    {
        _provider
            .Token(body: FormToken, contentType: "application/x-www-form-urlencoded; charset=utf-8")
            .UserInfo(FakeProvider.UserInfoPath, FakeProvider.UserJson);

        var signIn = await SignInAsync(args: string.Empty, saveTokens: true);

        Assert.Equal("Bearer " + FakeProvider.AccessToken, _provider.SingleRequestTo(FakeProvider.UserInfoPath).Header("Authorization"));
        Assert.Contains(signIn.Claims, claim => claim.Type == ClaimTypes.NameIdentifier && claim.Value == "7");
        Assert.Equal(FakeProvider.AccessToken, signIn.Ticket.Tokens["access_token"]);
        Assert.Equal(FakeProvider.RefreshToken, signIn.Ticket.Tokens["refresh_token"]);
        Assert.Equal("bearer", signIn.Ticket.Tokens["token_type"]);
        Assert.True(DateTimeOffset.TryParse(signIn.Ticket.Tokens["expires_at"], out var expiresAt));
        Assert.InRange(expiresAt - DateTimeOffset.UtcNow, TimeSpan.FromMinutes(50), TimeSpan.FromMinutes(61));
    }

    // A provider that negotiates: JSON unless the client asks for a form. The handler asks for JSON, and gets it; an
    // application whose backchannel asks for a form gets one, and signs in all the same.
    [Theory]
    [InlineData(null, FakeProvider.AccessToken, "Bearer")]
    [InlineData("application/x-www-form-urlencoded", "the-form-access-token", "bearer")]
    public async Task A_JSON_first_provider_that_answers_in_form_encoding_only_when_asked_signs_in_either_way(
        string? askFor, string expectedToken, string expectedTokenType)
    {
        _provider.Server
            .Given(Request.Create().WithPath(TokenPath).UsingPost().WithHeader("Accept", "*x-www-form-urlencoded*"))
            .AtPriority(1)
            .RespondWith(Response.Create()
                .WithHeader("Content-Type", "application/x-www-form-urlencoded")
                .WithBody(FormToken.Replace(FakeProvider.AccessToken, "the-form-access-token", StringComparison.Ordinal)));
        _provider.Server
            .Given(Request.Create().WithPath(TokenPath).UsingPost())
            .AtPriority(2)
            .RespondWith(Response.Create().WithHeader("Content-Type", "application/json").WithBody(FakeProvider.TokenBody()));
        _provider.UserInfo(FakeProvider.UserInfoPath, FakeProvider.UserJson);

        var signIn = await SignInAsync(
            args: string.Empty,
            saveTokens: true,
            configure: askFor is null ? null : options => options.BackchannelHttpHandler = new AcceptHeaderHandler(askFor));

        Assert.Equal(askFor ?? "application/json", _provider.SingleRequestTo(TokenPath).Header("Accept"));
        Assert.Equal("Bearer " + expectedToken, _provider.SingleRequestTo(FakeProvider.UserInfoPath).Header("Authorization"));
        Assert.Equal(expectedTokenType, signIn.Ticket.Tokens["token_type"]);
        Assert.Contains(signIn.Claims, claim => claim.Type == ClaimTypes.NameIdentifier && claim.Value == "7");
    }

    // GitHub answers a bad code with 200 and a form error document; others with 400.
    [Theory]
    [InlineData(200, "returned 200 OK with error \"bad_verification_code\" (The code passed is incorrect or expired.; see https://docs.github.com/apps).")]
    [InlineData(400, "returned 400 Bad Request with error \"bad_verification_code\" (The code passed is incorrect or expired.; see https://docs.github.com/apps).")]
    public async Task An_error_document_in_form_encoding_fails_with_its_error_description_and_uri(int status, string expectedEnd)
    {
        _provider.Token(
            status: status,
            body: "error=bad_verification_code&error_description=The+code+passed+is+incorrect+or+expired.&error_uri=https%3A%2F%2Fdocs.github.com%2Fapps",
            contentType: "application/x-www-form-urlencoded; charset=utf-8");

        var failure = await SignInAndExpectFailureAsync(args: string.Empty);

        Assert.Equal(FailureStep.TokenRequest, failure.Step);
        Assert.Equal($"The token endpoint ({_provider.Host}) {expectedEnd}", failure.Message);
        Assert.Equal("bad_verification_code", failure.Error);
        Assert.Equal("https://docs.github.com/apps", failure.ErrorUri);
    }

    // Microsoft.Extensions.Configuration splits keys at ':'; the binder puts "cognito:groups" back together.
    [Fact]
    public async Task An_attribute_key_with_a_colon_maps_as_in_Ruby()
    {
        _provider.Token().UserInfo(
            FakeProvider.UserInfoPath,
            """{"sub":"u-1","email":"ada@example.com","cognito:groups":["admins","staff"],"profile":{"custom:team":"blue"}}""");

        var signIn = await SignInAsync(args: """
            "user_response_structure": {
              "id_path": ["sub"],
              "attributes": { "email": "email", "cognito:groups": "cognito:groups", "custom:team": ["profile", "custom:team"] }
            },
            """);

        ClaimAssert.Exactly(
            [
                (ClaimTypes.NameIdentifier, "u-1"),
                (ClaimTypes.Email, "ada@example.com"),
                (ClaimTypes.Name, "ada@example.com"),
                ("cognito:groups", "admins"),
                ("cognito:groups", "staff"),
                ("custom:team", "blue"),
            ],
            signIn.Claims);
    }

    // Ruby: user_hash[field] = value if value. No "false" email or nickname, and the name is derived as if absent.
    [Fact]
    public async Task An_attribute_whose_value_is_false_gives_no_claim_as_in_Ruby()
    {
        _provider.Token().UserInfo(
            FakeProvider.UserInfoPath,
            """{"id":7,"name":false,"nickname":false,"email":"ada@example.com","admin":false,"verified":true,"flags":[true,false]}""");

        var signIn = await SignInAsync(args: """
            "user_response_structure": { "attributes": { "admin": "admin", "verified": "verified", "flags": "flags" } },
            """);

        ClaimAssert.Exactly(
            [
                (ClaimTypes.NameIdentifier, "7"),
                (ClaimTypes.Email, "ada@example.com"),
                (ClaimTypes.Name, "ada@example.com"),
                ("verified", "true"),
                ("flags", "true"),
                ("flags", "false"),
            ],
            signIn.Claims);
    }

    // omniauth-oauth2 merges its scope option over authorize_params.
    [Fact]
    public async Task The_scope_option_wins_over_a_scope_in_authorize_params_as_in_Ruby()
    {
        _provider.Working();

        var signIn = await SignInAsync(args: """
            "scope": "openid",
            "authorize_params": { "scope": "openid email", "prompt": "consent" },
            """);

        Assert.Equal("openid", signIn.Authorize["scope"]);
        Assert.Equal("consent", signIn.Authorize["prompt"]);
    }

    // Ruby: Faraday's nested encoder sends scope[]=openid&scope[]=email, which no server reads as a scope.
    [Fact]
    public async Task A_scope_list_is_sent_as_one_space_separated_scope()
    {
        _provider.Working();

        var signIn = await SignInAsync(args: """ "scope": ["openid", "email"], """);

        Assert.Equal("openid email", signIn.Authorize["scope"]);
        Assert.DoesNotContain(signIn.Authorize.Keys, name => name.StartsWith("scope[", StringComparison.Ordinal));
    }

    // Ruby sends a GET with a form body, which servers ignore; RFC 6750 §2.2 puts the token in a POST's form.
    [Fact]
    public async Task Auth_token_params_mode_body_posts_the_token_as_a_form()
    {
        _provider.Working();

        await SignInAsync(args: """ "auth_token_params": { "mode": "body", "param_name": "oauth_token" }, """);

        var userInfo = _provider.SingleRequestTo(FakeProvider.UserInfoPath);
        Assert.Equal("POST", userInfo.Method);
        Assert.Equal(FakeProvider.AccessToken, userInfo.Form["oauth_token"]);
        Assert.Null(userInfo.Header("Authorization"));
    }

    // Configuration holds strings only: "0" and 0 are one value. Ruby finds nothing for "0" on an array, nor for 0 on an
    // object; here "0" on an array is its first element and 0 on an object is its member "0".
    [Fact]
    public async Task A_step_0_is_an_arrays_first_element_and_an_objects_member_named_0()
    {
        _provider.Token().UserInfo(
            FakeProvider.UserInfoPath,
            """{"id":7,"emails":["ada@example.com","old@example.com"],"profile":{"0":"ada"}}""");

        var signIn = await SignInAsync(args: """
            "user_response_structure": { "attributes": { "email": ["emails", "0"], "nickname": ["profile", 0] } },
            """);

        ClaimAssert.Exactly(
            [
                (ClaimTypes.NameIdentifier, "7"),
                (ClaimTypes.Email, "ada@example.com"),
                (OAuth2GenericClaimTypes.Nickname, "ada"),
                (ClaimTypes.Name, "ada"),
            ],
            signIn.Claims);
    }

    // Ruby reads 1e3 as the float 1000.0 and makes the uid "1000.0".
    [Fact]
    public async Task An_id_written_with_an_exponent_keeps_its_JSON_text()
    {
        _provider.Token().UserInfo(FakeProvider.UserInfoPath, """{"id":1e3,"email":"ada@example.com"}""");

        var signIn = await SignInAsync(args: string.Empty);

        Assert.Equal("1e3", Assert.Single(signIn.Claims, claim => claim.Type == ClaimTypes.NameIdentifier).Value);
    }

    // Ruby's oauth2 reads text/plain as text, and fails: no access_token in a string.
    [Fact]
    public async Task A_JSON_token_answer_labelled_text_plain_signs_in()
    {
        _provider.Token(contentType: "text/plain; charset=utf-8").UserInfo(FakeProvider.UserInfoPath, FakeProvider.UserJson);

        var signIn = await SignInAsync(args: string.Empty);

        Assert.Contains(signIn.Claims, claim => claim.Type == ClaimTypes.NameIdentifier && claim.Value == "7");
        Assert.Equal("Bearer " + FakeProvider.AccessToken, _provider.SingleRequestTo(FakeProvider.UserInfoPath).Header("Authorization"));
    }

    // An entry as GitLab operators write it, with the test's strategy options (JSON members, each followed by a comma)
    // in args. SaveTokens, an option of the framework's own, is for the tests that read the saved tokens.
    private IConfiguration Entry(string args, bool saveTokens = false) => SeedConfiguration.FromJson($$"""
        {
          "name": "{{Scheme}}",
          "label": "Provider name",
          "app_id": "{{FakeProvider.ClientId}}",
          "app_secret": "{{FakeProvider.ClientSecret}}",
          "SaveTokens": {{(saveTokens ? "true" : "false")}},
          "args": {
            "client_options": { "site": "{{_provider.Url}}", "user_info_url": "{{FakeProvider.UserInfoPath}}" },
            {{args}}
            "strategy_class": "OmniAuth::Strategies::OAuth2Generic"
          }
        }
        """);

    private async Task<SignIn> SignInAsync(string args, bool saveTokens = false, Action<OAuth2GenericOptions>? configure = null)
    {
        await using var app = await TestApp.StartAsync(
            auth => auth.AddOAuth2Generic(Scheme, Entry(args, saveTokens)),
            configureBuilder: builder => builder.Services.Configure<OAuth2GenericOptions>(Scheme, options => configure?.Invoke(options)));
        var browser = app.NewSession();

        var (authorizeUrl, callback) = await browser.SignInAsync(Scheme);

        Assert.True(
            callback.StatusCode == HttpStatusCode.Redirect,
            "The sign-in failed: " + string.Join("; ", app.Failures.Select(failure => failure.Message)));
        var claims = await browser.ClaimsAsync();
        Assert.NotNull(claims);
        using var ticketResponse = await browser.GetAsync("/ticket");
        var ticket = await ticketResponse.Content.ReadFromJsonAsync<TicketRecord>(TestContext.Current.CancellationToken);
        return new SignIn(BrowserSession.Parameters(authorizeUrl), claims, ticket!);
    }

    private async Task<OAuth2GenericException> SignInAndExpectFailureAsync(string args)
    {
        await using var app = await TestApp.StartAsync(auth => auth.AddOAuth2Generic(Scheme, Entry(args)));
        var browser = app.NewSession();

        var (_, callback) = await browser.SignInAsync(Scheme);

        Assert.Equal(HttpStatusCode.Unauthorized, callback.StatusCode);
        Assert.Null(await browser.ClaimsAsync());
        return Assert.IsType<OAuth2GenericException>(Assert.Single(app.Failures));
    }

    private sealed record SignIn(Dictionary<string, string> Authorize, IReadOnlyList<ClaimRecord> Claims, TicketRecord Ticket);
}
