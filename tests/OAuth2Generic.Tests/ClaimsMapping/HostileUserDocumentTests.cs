using System.Net;
using System.Security.Claims;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using OAuth2Generic.Cognito;

namespace OAuth2Generic.Tests.ClaimsMapping;

/// <summary>
/// <c>AddCognito</c> against user documents written to mint claims or to crash the sign-in: members named with the
/// claim types the framework or this package gives a meaning to, Cognito's members in another case, and nested JSON
/// strings the package's checks refuse. In every user-information mode, with and without id_token validation.
/// </summary>
public sealed class HostileUserDocumentTests : IDisposable
{
    private const string Victim = "victim@example.com";

    private readonly FakeCognito _cognito = new();

    public void Dispose() => _cognito.Dispose();

    /// <summary>Each user-information mode, and whether the id_token is validated (the modes other than UserInfo need it).</summary>
    public static TheoryData<UserInformationSource, bool> Modes => new()
    {
        { UserInformationSource.UserInfo, false },
        { UserInformationSource.UserInfo, true },
        { UserInformationSource.Both, true },
        { UserInformationSource.IdToken, true },
    };

    [Theory]
    [MemberData(nameof(Modes))]
    public async Task Members_named_like_meaningful_claim_types_never_become_those_claims(UserInformationSource source, bool validateIdToken)
    {
        // Eve has no verified address and no groups; every member below tries to make her root, or someone else.
        var forged = new Dictionary<string, object>(StringComparer.Ordinal);
        foreach (var type in MeaningfulClaimTypes.All)
        {
            forged[type] = type == ClaimTypes.Role ? "root" : Victim;
            forged[type.ToUpperInvariant()] = type == ClaimTypes.Role ? "root" : Victim;
        }

        var userInfo = new Dictionary<string, object>(forged)
        {
            ["sub"] = FakeCognito.Subject,
            ["username"] = "eve",
            ["email"] = "eve@example.com",
            ["email_verified"] = "false",
            ["Cognito:Groups"] = new[] { "root" },
            ["COGNITO:USERNAME"] = "root",
        };
        _cognito.Jwks().UserInfo(JsonSerializer.Serialize(userInfo));
        await using var app = await StartApp(source, validateIdToken);
        var browser = app.NewSession();

        var (_, callback) = await _cognito.SignInAsync(browser, claims =>
        {
            claims.Remove("cognito:groups");
            claims["cognito:username"] = "eve";
            claims["email"] = "eve@example.com";
            claims["email_verified"] = false;

            // A pre-token-generation Lambda can add any member to a signed token; these are not Cognito's claims either.
            foreach (var (name, value) in forged)
            {
                claims[name] = value;
            }

            return FakeCognito.Sign(claims);
        });

        Assert.Equal(HttpStatusCode.Redirect, callback.StatusCode);
        var claims = await browser.ClaimsAsync();
        Assert.DoesNotContain(claims!, claim => claim.Value is "root" or Victim);
        Assert.DoesNotContain(claims!, claim => claim.Type is ClaimTypes.Role or ClaimTypes.Email);
        Assert.Equal(FakeCognito.Subject, Assert.Single(claims!, claim => claim.Type == ClaimTypes.NameIdentifier).Value);
        Assert.Equal("eve", Assert.Single(claims!, claim => claim.Type == ClaimTypes.Name).Value);
        Assert.Contains(
            app.Logs.Lines,
            line => line.Level == LogLevel.Warning && line.Message.Contains("named like claim types", StringComparison.Ordinal));
    }

    public static TheoryData<string, string> RefusedIdentities => new()
    {
        { "a lone surrogate", """[{"providerName":"\ud800"}]""" },
        { "a repeated member", """[{"providerName":"Google","providerName":"Evil"}]""" },
        { "nesting as deep as the whole user document may go", new string('[', 64) + new string(']', 64) },
    };

    [Theory]
    [MemberData(nameof(RefusedIdentities))]
    public async Task An_identities_string_the_JSON_checks_refuse_is_kept_as_the_string_it_is(string name, string identities)
    {
        // Cognito's userInfo sends identities as a JSON-encoded string: it passes the checks of every provider JSON, and
        // what fails them is not JSON, as a string that does not parse at all.
        Assert.NotEmpty(name);
        _cognito.Token(idToken: null).UserInfo(JsonSerializer.Serialize(new { sub = FakeCognito.Subject, identities }));
        await using var app = await StartApp(UserInformationSource.UserInfo, validateIdToken: false);
        var browser = app.NewSession();

        var (_, callback) = await browser.SignInAsync(CognitoDefaults.AuthenticationScheme);

        Assert.Equal(HttpStatusCode.Redirect, callback.StatusCode);
        var claims = await browser.ClaimsAsync();
        Assert.Equal(identities, Assert.Single(claims!, claim => claim.Type == "identities").Value);
        Assert.DoesNotContain(claims!, claim => claim.Type == CognitoClaimTypes.IdentityProvider);
    }

    [Theory]
    [InlineData(UserInformationSource.IdToken)]
    [InlineData(UserInformationSource.Both)]
    public async Task An_id_token_payload_the_JSON_checks_refuse_fails_at_the_id_token_step_and_is_a_502_unhandled(UserInformationSource source)
    {
        _cognito.Jwks().UserInfo();
        await using var app = await StartApp(source, validateIdToken: true, recordFailures: false);
        var browser = app.NewSession();

        // Validly signed: a lone surrogate where IdentityModel does not read it, but the claims would.
        var (_, callback) = await _cognito.SignInAsync(
            browser, claims => FakeCognito.SignJson(FakeCognito.PayloadWith(claims, ""","identities":[{"providerName":"\ud800"}]""")));

        Assert.Equal(HttpStatusCode.BadGateway, callback.StatusCode);
        Assert.Null(await browser.ClaimsAsync());
    }

    private Task<TestApp> StartApp(UserInformationSource source, bool validateIdToken, bool recordFailures = true) =>
        TestApp.StartAsync(auth => auth.AddCognito(options =>
        {
            if (validateIdToken)
            {
                _cognito.ConfigureWithIdToken(options);
            }
            else
            {
                _cognito.Configure(options);
            }

            options.UserInformationSource = source;
        }), recordFailures: recordFailures);
}
