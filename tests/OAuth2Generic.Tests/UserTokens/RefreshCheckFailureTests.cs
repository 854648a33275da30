using System.Net;
using System.Security.Claims;
using Microsoft.Extensions.Logging;
using OAuth2Generic.Cognito;
using static OAuth2Generic.Tests.UserTokens.RefreshProviderAnswerTests;

namespace OAuth2Generic.Tests.UserTokens;

/// <summary>
/// A check of refreshed tokens that could not be made is not a reason to end a session (docs/observability.md, "Failure
/// reasons"): the signing keys could not be had for a new id_token's key, or the user-info endpoint is missing or down.
/// Only what says the tokens are not this user's ends it: an id_token that fails its checks, claims of another user, or
/// a user-info endpoint that refuses the token the provider has just issued (401, 403).
/// </summary>
public sealed class RefreshCheckFailureTests
{
    public static TheoryData<string> KeySetFailures => ["404", "redirect", "not a key set", "503"];

    [Theory]
    [MemberData(nameof(KeySetFailures))]
    public async Task A_refreshed_id_token_with_a_new_key_while_the_keys_cannot_be_fetched_keeps_the_session(string keys)
    {
        var (scenario, cognito) = await SignInCognitoAsync();
        await using var _ = scenario;
        using var __ = cognito;
        var reason = JwksFails(cognito, keys);
        scenario.Time.Advance(UntilDue);
        scenario.RefreshAnswers(200, CognitoRefreshBody(FakeCognito.Sign(cognito.IdTokenClaims(nonce: null, scenario.Time.GetUtcNow()), FakeCognito.RotatedKey)));

        var page = await scenario.StatusOfAsync("/me");
        var token = await scenario.TokenAsync();

        Assert.Equal(HttpStatusCode.OK, page);
        Assert.Contains(AuthCookie, scenario.Browser.Cookies.Keys);
        Assert.Equal(("Valid", FakeProvider.AccessToken), (token.Status, token.AccessToken));
        var warning = Assert.Single(scenario.App.Logs.Lines, line => line.Level >= LogLevel.Warning && line.Category == "OAuth2Generic.Refresh");
        Assert.Equal("RefreshFailed", warning.EventId.Name);
        Assert.Equal(reason, warning["FailureReason"]);
        scenario.AssertNoSecretInLogs();
    }

    [Fact]
    public async Task Once_the_keys_are_back_the_kept_session_takes_the_refreshed_tokens()
    {
        var (scenario, cognito) = await SignInCognitoAsync();
        await using var _ = scenario;
        using var __ = cognito;
        JwksFails(cognito, "404");
        scenario.Time.Advance(UntilDue);
        scenario.RefreshAnswers(200, CognitoRefreshBody(FakeCognito.Sign(cognito.IdTokenClaims(nonce: null, scenario.Time.GetUtcNow()), FakeCognito.RotatedKey)));
        var kept = await scenario.TokenAsync();
        cognito.Jwks(FakeCognito.SigningKey, FakeCognito.RotatedKey);

        scenario.Time.Advance(PastRetryDelay);
        var refreshed = await scenario.TokenAsync();

        Assert.Equal(FakeProvider.AccessToken, kept.AccessToken);
        Assert.Equal(("Valid", RefreshedAccessToken), (refreshed.Status, refreshed.AccessToken));
        Assert.Equal(1, await scenario.RefreshRequestsAsync());
        Assert.DoesNotContain(scenario.App.Logs.Lines, line => line.EventId.Name == "SessionEndedAtRefresh");
    }

    [Theory]
    [InlineData(404)]
    [InlineData(500)]
    [InlineData(503)]
    public async Task With_UpdateClaimsOnRefresh_a_user_info_endpoint_missing_or_down_keeps_the_session_its_claims_and_takes_the_new_tokens(int status)
    {
        await using var scenario = await SignInGenericAsync(options => options.UpdateClaimsOnRefresh = true);
        ChangeUserInfo(scenario, """{"error":"not here"}""", status);

        scenario.Time.Advance(UntilDue);
        var claims = await scenario.ClaimsAsync();
        var token = await scenario.TokenAsync();

        Assert.NotNull(claims);
        Assert.Equal("Ada Lovelace", Assert.Single(claims, claim => claim.Type == ClaimTypes.Name).Value);
        Assert.Contains(AuthCookie, scenario.Browser.Cookies.Keys);
        Assert.Equal(RefreshedAccessToken, token.AccessToken);
        var warning = Assert.Single(scenario.App.Logs.Lines, line => line.Level >= LogLevel.Warning);
        Assert.Equal("ClaimsKeptAtRefresh", warning.EventId.Name);
        Assert.Equal(OAuth2GenericFailureReasons.UserInfoFailed, warning["FailureReason"]);
        scenario.AssertNoSecretInLogs();
    }

    [Theory]
    [InlineData(401)]
    [InlineData(403)]
    public async Task With_UpdateClaimsOnRefresh_a_user_info_endpoint_that_refuses_the_new_token_ends_the_session(int status)
    {
        await using var scenario = await SignInGenericAsync(options => options.UpdateClaimsOnRefresh = true);
        ChangeUserInfo(scenario, """{"error":"invalid_token"}""", status);

        scenario.Time.Advance(UntilDue);
        var claims = await scenario.ClaimsAsync();

        Assert.Null(claims);
        Assert.DoesNotContain(AuthCookie, scenario.Browser.Cookies.Keys);
        var warning = Assert.Single(scenario.App.Logs.Lines, line => line.Level >= LogLevel.Warning);
        Assert.Equal("SessionEndedAtRefresh", warning.EventId.Name);
        Assert.Equal(OAuth2GenericFailureReasons.UserInfoFailed, warning["FailureReason"]);
        scenario.AssertNoSecretInLogs();
    }

    // The JWKS fails from now on; the reason a refresh that needs it reports.
    private static string JwksFails(FakeCognito cognito, string how)
    {
        switch (how)
        {
            case "404":
                cognito.JwksAnswers(404, """{"message":"not found"}""");
                return OAuth2GenericFailureReasons.SigningKeysUnavailable;
            case "redirect":
                cognito.JwksAnswers(302, string.Empty, new Dictionary<string, string> { ["Location"] = "https://elsewhere.example/jwks.json" });
                return OAuth2GenericFailureReasons.ProviderAnswerRefused;
            case "not a key set":
                cognito.JwksAnswers(200, """{"message":"moved"}""");
                return OAuth2GenericFailureReasons.SigningKeysUnavailable;
            default:
                cognito.JwksUnavailable();
                return OAuth2GenericFailureReasons.SigningKeysUnavailable;
        }
    }
}
