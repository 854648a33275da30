using System.Net;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using OAuth2Generic.Cognito;

namespace OAuth2Generic.Tests;

/// <summary>
/// Cognito's two forms of a pool's issuer: <c>https://cognito-idp.{region}.amazonaws.com/{pool}</c> and the multi-region
/// <c>https://issuer-cognito-idp.{region}.amazonaws.com/{pool}</c>, which <c>aws-jwt-verify</c> 5 both accepts. An API
/// of the pool accepts both, verified with the pool's one key set; any other issuer is refused before a key is fetched.
/// </summary>
public sealed class IssuerFormTests
{
    private const string Pool = FakeCognito.UserPoolId;
    private const string Regional = $"https://cognito-idp.us-east-1.amazonaws.com/{Pool}";
    private const string Global = $"https://issuer-cognito-idp.us-east-1.amazonaws.com/{Pool}";

    public static TheoryData<string, string, bool> Issuers => new()
    {
        { "UserPoolId", Regional, true },
        { "UserPoolId", Global, true },
        { "UserPoolId", Global + "/", false },
        { "UserPoolId", "https://issuer-cognito-idp.eu-west-1.amazonaws.com/" + Pool, false },
        { "UserPoolId", "https://issuer-cognito-idp.us-east-1.amazonaws.com/us-east-1_Other1", false },
        { "UserPoolId", "https://issuer-cognito-idp.us-east-1.amazonaws.com.example/" + Pool, false },
        { "Issuer, the multi-region form", Global, true },
        { "Issuer, the multi-region form", Regional, true },
        { "Issuer, the multi-region form", "https://cognito-idp.us-east-1.amazonaws.com/us-east-1_Other1", false },
    };

    [Theory]
    [MemberData(nameof(Issuers))]
    public async Task Either_form_of_the_pools_issuer_is_accepted_with_the_pools_keys(string configuredBy, string iss, bool accepted)
    {
        // The keys are served at the configured issuer's JWKS URL only: a token of either form is verified with them.
        var configured = configuredBy == "UserPoolId" ? Regional : Global;
        await using var api = await ApiApp.StartAsync(auth => auth.AddCognitoJwtBearer(options =>
        {
            if (configuredBy == "UserPoolId")
            {
                options.UserPoolId = Pool;
            }
            else
            {
                options.Issuer = Global;
            }

            options.ClientIds = [AccessTokens.ApiClientId];
            options.BackchannelHttpHandler = StaticJwks.For(configured, FakeCognito.JwksJson());
        }));

        var response = await api.GetAsync("/me", AccessTokens.Signed(iss));

        Assert.Equal(accepted ? HttpStatusCode.OK : HttpStatusCode.Unauthorized, response.StatusCode);
        if (accepted)
        {
            var claims = JsonSerializer.Deserialize<List<ClaimRecord>>(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken), JsonSerializerOptions.Web)!;
            Assert.Contains(new ClaimRecord("iss", iss, "http://www.w3.org/2001/XMLSchema#string", configured), claims);
        }
        else
        {
            Assert.Equal(
                "Bearer error=\"invalid_token\", error_description=\"The token was not issued by this user pool.\"",
                Assert.Single(response.Headers.WwwAuthenticate).ToString());
        }
    }

    [Fact]
    public async Task An_issuer_that_is_not_Cognitos_has_no_other_form()
    {
        using var cognito = new FakeCognito();
        cognito.Jwks();
        await using var api = await ApiApp.StartAsync(auth => auth.AddCognitoJwtBearer(options =>
        {
            options.Issuer = cognito.Issuer;
            options.ClientIds = [AccessTokens.ApiClientId];
        }));

        var response = await api.GetAsync("/me", AccessTokens.Signed(cognito.Issuer.Replace("http://", "http://issuer-", StringComparison.Ordinal)));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Empty(cognito.Provider.RequestsTo(FakeCognito.JwksPath));
    }

    [Theory]
    [InlineData(Regional, Global)]
    [InlineData(Global, Regional)]
    [InlineData("https://cognito-idp.us-east-1.amazonaws.com/eu-west-1_Pool1", null)]
    [InlineData("https://cognito-idp.us-east-1.amazonaws.com/" + Pool + "/", null)]
    [InlineData("http://cognito-idp.us-east-1.amazonaws.com/" + Pool, null)]
    [InlineData("https://example.com/" + Pool, null)]
    [InlineData(Regional + "\n", null)]
    public void The_other_form_is_made_only_of_a_pools_issuer(string issuer, string? other)
    {
        Assert.Equal(other, CognitoDomain.OtherIssuerForm(issuer));
    }
}
