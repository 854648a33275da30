using System.Net;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using Microsoft.AspNetCore.WebUtilities;

namespace OAuth2Generic.Benchmarks;

/// <summary>
/// The callback request of a sign-in, through an in-memory host, with the provider's answers served in memory: state
/// and correlation checks, the token request, the user document, claims, and the authentication cookie.
/// </summary>
/// <remarks>
/// "With user info": OAuth2Generic against <c>AddOAuth</c> with user info in <c>OnCreatingTicket</c> (the baseline) and
/// <c>AddOpenIdConnect</c> (code flow, id_token validated, user info on). "Id token only": <c>AddCognito</c> and
/// <c>AddOAuth2Generic</c> with an <c>Authority</c> (its discovery document read at the first sign-in), each with
/// <c>UserInformationSource.IdToken</c>, against <c>AddOpenIdConnect</c> without user info (the baseline), each validating
/// an RS256 id_token with the same claims and key (only the nonce differs, as each sign-in has its own).
/// </remarks>
[MemoryDiagnoser]
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory)]
[CategoriesColumn]
public class CallbackBenchmarks
{
    private const string WithUserInfo = "With user info";
    private const string IdTokenOnly = "Id token only";

    private SignInHost _oauth = null!;
    private SignInHost _generic = null!;
    private SignInHost _openIdConnect = null!;
    private SignInHost _openIdConnectIdToken = null!;
    private SignInHost _cognitoIdToken = null!;
    private SignInHost _genericIdToken = null!;

    [GlobalSetup]
    public async Task Setup()
    {
        _oauth = await Prepare(builder => Schemes.AddOAuthRecipe(builder, new InMemoryProvider()));
        _generic = await Prepare(builder => Schemes.AddGeneric(builder, new InMemoryProvider()));
        _openIdConnect = await PrepareWithIdToken(provider => builder => Schemes.AddOpenIdConnect(builder, provider, userInfo: true), userInfo: "{\"sub\":\"248289761001\",\"email\":\"bob@example.com\",\"email_verified\":\"true\"}");
        _openIdConnectIdToken = await PrepareWithIdToken(provider => builder => Schemes.AddOpenIdConnect(builder, provider, userInfo: false));
        _cognitoIdToken = await PrepareCognitoIdTokenAsync();
        _genericIdToken = await PrepareWithIdToken(provider => builder => Schemes.AddGenericIdToken(builder, provider));
    }

    /// <summary>The Cognito id_token callback of this suite, prepared to be replayed; the telemetry suite measures it too.</summary>
    internal static Task<SignInHost> PrepareCognitoIdTokenAsync() =>
        PrepareWithIdToken(provider => builder => Schemes.AddCognitoIdToken(builder, provider));

    [GlobalCleanup]
    public async Task Cleanup()
    {
        foreach (var host in new[] { _oauth, _generic, _openIdConnect, _openIdConnectIdToken, _cognitoIdToken, _genericIdToken })
        {
            await host.DisposeAsync();
        }
    }

    [Benchmark(Baseline = true, Description = "AddOAuth + OnCreatingTicket")]
    [BenchmarkCategory(WithUserInfo)]
    public Task<HttpStatusCode> AddOAuth() => _oauth.CallbackAsync();

    [Benchmark(Description = "AddOAuth2Generic")]
    [BenchmarkCategory(WithUserInfo)]
    public Task<HttpStatusCode> AddOAuth2Generic() => _generic.CallbackAsync();

    [Benchmark(Description = "AddOpenIdConnect")]
    [BenchmarkCategory(WithUserInfo)]
    public Task<HttpStatusCode> AddOpenIdConnect() => _openIdConnect.CallbackAsync();

    [Benchmark(Baseline = true, Description = "AddOpenIdConnect")]
    [BenchmarkCategory(IdTokenOnly)]
    public Task<HttpStatusCode> AddOpenIdConnectIdToken() => _openIdConnectIdToken.CallbackAsync();

    [Benchmark(Description = "AddCognito (IdToken)")]
    [BenchmarkCategory(IdTokenOnly)]
    public Task<HttpStatusCode> AddCognitoIdToken() => _cognitoIdToken.CallbackAsync();

    [Benchmark(Description = "AddOAuth2Generic (Authority, IdToken)")]
    [BenchmarkCategory(IdTokenOnly)]
    public Task<HttpStatusCode> AddOAuth2GenericIdToken() => _genericIdToken.CallbackAsync();

    private static async Task<SignInHost> Prepare(Action<Microsoft.AspNetCore.Authentication.AuthenticationBuilder> addScheme)
    {
        var host = await SignInHost.StartAsync(addScheme);
        await host.PrepareCallbackAsync();
        await host.EnsureCallbackSignsInAsync();
        return host;
    }

    /// <summary>AddOpenIdConnect without user info and AddOAuth2Generic with an Authority in IdToken mode, for the paired run.</summary>
    internal static async Task<(SignInHost OpenIdConnect, SignInHost Generic)> PrepareIdTokenPairAsync() =>
        (await PrepareWithIdToken(provider => builder => Schemes.AddOpenIdConnect(builder, provider, userInfo: false)),
            await PrepareWithIdToken(provider => builder => Schemes.AddGenericIdToken(builder, provider)));

    // The provider's id_token must carry the nonce of the prepared sign-in, known only once the challenge is made.
    private static async Task<SignInHost> PrepareWithIdToken(
        Func<InMemoryProvider, Action<Microsoft.AspNetCore.Authentication.AuthenticationBuilder>> addScheme, string? userInfo = null)
    {
        var provider = new InMemoryProvider { Jwks = SigningKey.JwksJson() };
        if (userInfo is not null)
        {
            provider.UserInfo = userInfo;
        }

        var host = await SignInHost.StartAsync(addScheme(provider));
        var authorizeUrl = await host.PrepareCallbackAsync();
        var nonce = QueryHelpers.ParseQuery(authorizeUrl.Query)["nonce"].ToString();
        provider.TokenResponse = ProviderDocuments.TokenResponseWithIdToken(SigningKey.IdToken(nonce));
        await host.EnsureCallbackSignsInAsync();
        return host;
    }
}
