using System.Net;
using System.Security.Claims;
using Microsoft.Extensions.DependencyInjection;
using OAuth2Generic.Cognito;

namespace OAuth2Generic.Tests.UserInformation;

/// <summary>
/// <c>AddCognito()</c> against Cognito's documented userInfo shapes, without id_token validation (the GitLab recipe's
/// setting): the claims, the verified-contact rule, federated identities, and the requests Cognito receives.
/// </summary>
public sealed class CognitoUserInfoTests : IDisposable
{
    private readonly FakeCognito _cognito = new();

    public void Dispose() => _cognito.Dispose();

    [Fact]
    public async Task The_AWS_userInfo_example_signs_bob_in_with_the_recipes_claims_and_every_attribute_under_its_Cognito_name()
    {
        _cognito.Token(idToken: null).UserInfo();

        var claims = await SignIn();

        ClaimAssert.Exactly(
            [
                (ClaimTypes.NameIdentifier, FakeCognito.Subject),
                (ClaimTypes.Name, "bob@example.com"),
                (OAuth2GenericClaimTypes.Nickname, "bob@example.com"),
                (ClaimTypes.Email, "bob@example.com"),
                (ClaimTypes.MobilePhone, "+12065551212"),
                ("sub", FakeCognito.Subject),
                ("email_verified", "true"),
                ("custom:mycustom1", "CustomValue"),
                ("phone_number_verified", "true"),
                ("phone_number", "+12065551212"),
                ("email", "bob@example.com"),
                ("username", "bob"),
            ],
            claims);
        Assert.Equal(ClaimValueTypes.Boolean, claims!.Single(claim => claim.Type == "email_verified").ValueType);
        Assert.Equal(ClaimValueTypes.Boolean, claims!.Single(claim => claim.Type == "phone_number_verified").ValueType);
    }

    [Fact]
    public async Task Cognito_receives_Basic_client_authentication_PKCE_and_a_bearer_token_at_its_own_paths()
    {
        _cognito.Token(idToken: null).UserInfo();

        await SignIn();

        var token = _cognito.Provider.SingleRequestTo(FakeCognito.TokenPath);
        Assert.StartsWith("Basic ", token.Header("Authorization"), StringComparison.Ordinal);
        Assert.Equal("authorization_code", token.Form["grant_type"]);
        Assert.Equal("https://app.test/signin-cognito", token.Form["redirect_uri"]);
        Assert.True(token.Form.ContainsKey("code_verifier"));
        Assert.False(token.Form.ContainsKey("client_secret"));
        var userInfo = _cognito.Provider.SingleRequestTo(FakeCognito.UserInfoPath);
        Assert.Equal("GET", userInfo.Method);
        Assert.Equal($"Bearer {FakeProvider.AccessToken}", userInfo.Header("Authorization"));
    }

    [Fact]
    public async Task A_public_client_sends_its_id_in_the_body_with_PKCE_and_no_secret()
    {
        _cognito.Token(idToken: null).UserInfo();

        await SignIn(options =>
        {
            options.ClientSecret = null!;
            options.ClientOptions.AuthScheme = ClientAuthScheme.None;
        });

        var token = _cognito.Provider.SingleRequestTo(FakeCognito.TokenPath);
        Assert.Null(token.Header("Authorization"));
        Assert.Equal(FakeProvider.ClientId, token.Form["client_id"]);
        Assert.False(token.Form.ContainsKey("client_secret"));
        Assert.True(token.Form.ContainsKey("code_verifier"));
    }

    [Theory]
    [InlineData("\"false\"")]
    [InlineData("false")]
    [InlineData("\"yes\"")]
    [InlineData(null)]
    public async Task An_unverified_email_is_never_the_users_email_claim(string? emailVerified)
    {
        var verified = emailVerified is null ? string.Empty : $",\"email_verified\":{emailVerified}";
        _cognito.Token(idToken: null).UserInfo($$"""{"sub":"s-1","email":"eve@example.com"{{verified}}}""");

        var claims = await SignIn();

        Assert.DoesNotContain(claims!, claim => claim.Type == ClaimTypes.Email);
        Assert.DoesNotContain(claims!, claim => claim.Type != "email" && claim.Value == "eve@example.com");
        Assert.Contains(claims!, claim => claim.Type == "email" && claim.Value == "eve@example.com");
        if (emailVerified is not null)
        {
            Assert.Contains(claims!, claim => claim is { Type: "email_verified", Value: "false", ValueType: ClaimValueTypes.Boolean });
        }
    }

    [Fact]
    public async Task Without_a_verified_email_the_user_name_is_the_name()
    {
        _cognito.Token(idToken: null).UserInfo("""{"sub":"s-1","username":"eve","email":"eve@example.com","email_verified":"false"}""");

        var claims = await SignIn();

        Assert.Equal("eve", Assert.Single(claims!, claim => claim.Type == ClaimTypes.Name).Value);
        Assert.DoesNotContain(claims!, claim => claim.Type == OAuth2GenericClaimTypes.Nickname);
    }

    [Fact]
    public async Task Cognito_members_in_a_userInfo_answer_are_not_taken_for_Cognitos_word()
    {
        _cognito.Token(idToken: null).UserInfo("""{"sub":"s-1","cognito:groups":["admins"],"cognito:username":"root"}""");

        var claims = await SignIn();

        Assert.DoesNotContain(claims!, claim => claim.Type.StartsWith("cognito:", StringComparison.Ordinal));
        Assert.DoesNotContain(claims!, claim => claim.Type == ClaimTypes.Role);
    }

    [Fact]
    public async Task An_unverified_phone_number_is_never_the_users_mobile_phone_claim()
    {
        _cognito.Token(idToken: null).UserInfo("""{"sub":"s-1","phone_number":"+15550100","phone_number_verified":"false"}""");

        var claims = await SignIn();

        Assert.DoesNotContain(claims!, claim => claim.Type == ClaimTypes.MobilePhone);
        Assert.Contains(claims!, claim => claim.Type == "phone_number" && claim.Value == "+15550100");
    }

    [Fact]
    public async Task An_application_that_does_not_verify_addresses_can_opt_out_of_the_rule()
    {
        _cognito.Token(idToken: null).UserInfo("""{"sub":"s-1","email":"eve@example.com","email_verified":"false"}""");

        var claims = await SignIn(options => options.RequireVerifiedEmail = false);

        Assert.Contains(claims!, claim => claim.Type == ClaimTypes.Email && claim.Value == "eve@example.com");
    }

    [Fact]
    public async Task A_federated_users_identities_string_becomes_one_JSON_claim_per_identity_and_the_provider_names()
    {
        const string Identities =
            """[{"userId":"1183745","providerName":"Google","providerType":"Google","issuer":null,"primary":"true","dateCreated":"1676051248386"}]""";
        var body = $$"""{"sub":"s-1","username":"Google_1183745","email":"ann@example.com","email_verified":"false","identities":{{System.Text.Json.JsonSerializer.Serialize(Identities)}}}""";
        _cognito.Token(idToken: null).UserInfo(body);

        var claims = await SignIn();

        var identity = Assert.Single(claims!, claim => claim.Type == "identities");
        Assert.Equal("JSON", identity.ValueType);
        Assert.Contains("\"providerName\":\"Google\"", identity.Value, StringComparison.Ordinal);
        Assert.Equal("Google", Assert.Single(claims!, claim => claim.Type == CognitoClaimTypes.IdentityProvider).Value);
    }

    [Fact]
    public async Task An_identities_string_that_is_not_JSON_is_kept_as_it_is()
    {
        _cognito.Token(idToken: null).UserInfo("""{"sub":"s-1","identities":"not json"}""");

        var claims = await SignIn();

        Assert.Equal("not json", Assert.Single(claims!, claim => claim.Type == "identities").Value);
        Assert.DoesNotContain(claims!, claim => claim.Type == CognitoClaimTypes.IdentityProvider);
    }

    [Theory]
    [InlineData("invalid_grant")]
    [InlineData("invalid_client")]
    [InlineData("unauthorized_client")]
    public async Task A_token_error_from_Cognito_fails_with_its_error_code(string error)
    {
        _cognito.Provider.Token(FakeCognito.TokenPath, status: 400, body: $$"""{"error":"{{error}}"}""");

        var failure = await SignInAndExpectFailure();

        Assert.Equal(FailureStep.TokenRequest, failure.Step);
        Assert.Equal(error, failure.Error);
        Assert.False(failure.IsTransient);
        Assert.Equal($"The token endpoint ({_cognito.Provider.Host}) returned 400 Bad Request with error \"{error}\".", failure.Message);
    }

    [Fact]
    public async Task A_userInfo_401_names_the_bearer_challenge()
    {
        _cognito.Token(idToken: null);
        _cognito.Provider.Respond(
            WireMock.RequestBuilders.Request.Create().WithPath(FakeCognito.UserInfoPath),
            401,
            """{"error":"invalid_token","error_description":"Access token has been revoked"}""",
            "application/json",
            headers: new Dictionary<string, string> { ["WWW-Authenticate"] = "Bearer error=\"invalid_token\", error_description=\"Access token has been revoked\"" });

        var failure = await SignInAndExpectFailure();

        Assert.Equal(FailureStep.UserInformation, failure.Step);
        Assert.Equal(401, failure.StatusCode);
        Assert.Contains("(WWW-Authenticate: Bearer error=\"invalid_token\"", failure.Message, StringComparison.Ordinal);
        Assert.Contains("error \"invalid_token\" (Access token has been revoked)", failure.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(FakeCognito.TokenPath, 429)]
    [InlineData(FakeCognito.TokenPath, 500)]
    [InlineData(FakeCognito.TokenPath, 503)]
    [InlineData(FakeCognito.UserInfoPath, 429)]
    [InlineData(FakeCognito.UserInfoPath, 502)]
    public async Task Throttling_and_server_errors_fail_as_transient(string path, int status)
    {
        if (path == FakeCognito.UserInfoPath)
        {
            _cognito.Token(idToken: null);
        }

        _cognito.Provider.Respond(
            WireMock.RequestBuilders.Request.Create().WithPath(path), status, """{"message":"Rate exceeded"}""", "application/json");

        var failure = await SignInAndExpectFailure();

        Assert.Equal(path == FakeCognito.TokenPath ? FailureStep.TokenRequest : FailureStep.UserInformation, failure.Step);
        Assert.Equal(status, failure.StatusCode);
        Assert.True(failure.IsTransient);
        Assert.Contains($"returned {status} ", failure.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(FailureStep.TokenRequest)]
    [InlineData(FailureStep.UserInformation)]
    public async Task A_400_saying_Rate_exceeded_is_throttling_and_fails_as_transient(FailureStep step)
    {
        const string rateExceeded = """{"message":"Rate exceeded"}""";
        if (step == FailureStep.TokenRequest)
        {
            _cognito.Provider.Token(FakeCognito.TokenPath, status: 400, body: rateExceeded);
        }
        else
        {
            _cognito.Token(idToken: null).UserInfo(rateExceeded, status: 400);
        }

        var failure = await SignInAndExpectFailure();

        // The step that was throttled, its status and its endpoint's reason, as any refusal; and transient, unlike one.
        var endpoint = step == FailureStep.TokenRequest ? "The token endpoint" : "The user-info endpoint";
        Assert.Equal($"{endpoint} ({_cognito.Provider.Host}) returned 400 Bad Request.", failure.Message);
        Assert.Equal((step, 400, true), (failure.Step, failure.StatusCode, failure.IsTransient));
        Assert.Equal(step == FailureStep.TokenRequest ? OAuth2GenericFailureReasons.TokenRequestFailed : OAuth2GenericFailureReasons.UserInfoFailed, failure.Reason);
    }

    [Fact]
    public async Task A_400_invalid_grant_is_not_transient()
    {
        _cognito.Provider.Token(FakeCognito.TokenPath, status: 400, body: """{"error":"invalid_grant"}""");

        Assert.False((await SignInAndExpectFailure()).IsTransient);
    }

    private async Task<IReadOnlyList<ClaimRecord>?> SignIn(Action<CognitoOptions>? configure = null)
    {
        await using var app = await StartApp(configure);
        var browser = app.NewSession();

        var (_, callback) = await browser.SignInAsync(CognitoDefaults.AuthenticationScheme);

        Assert.Equal(HttpStatusCode.Redirect, callback.StatusCode);
        Assert.Empty(app.Failures);
        return await browser.ClaimsAsync();
    }

    private async Task<OAuth2GenericException> SignInAndExpectFailure()
    {
        await using var app = await StartApp();
        var browser = app.NewSession();

        var (_, callback) = await browser.SignInAsync(CognitoDefaults.AuthenticationScheme);

        Assert.Equal(HttpStatusCode.Unauthorized, callback.StatusCode);
        Assert.Null(await browser.ClaimsAsync());
        return Assert.IsType<OAuth2GenericException>(Assert.Single(app.Failures));
    }

    private Task<TestApp> StartApp(Action<CognitoOptions>? configure = null) =>
        TestApp.StartAsync(auth => auth.AddCognito(options =>
        {
            _cognito.Configure(options);
            configure?.Invoke(options);
        }));
}
