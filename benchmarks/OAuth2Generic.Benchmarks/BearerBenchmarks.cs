using System.Net;
using BenchmarkDotNet.Attributes;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;
using Microsoft.IdentityModel.Tokens;
using OAuth2Generic.Cognito;

namespace OAuth2Generic.Benchmarks;

/// <summary>
/// An API request carrying a Cognito access token, through an in-memory host: <c>AddCognitoJwtBearer</c> against
/// <c>AddJwtBearer</c> (the baseline) configured as Cognito users write it today: the pool's issuer and key, and a
/// hand-written audience validator that reads <c>client_id</c> (Cognito's access tokens have no <c>aud</c>) and checks
/// <c>token_use</c>. The same token and key for both.
/// </summary>
/// <remarks>
/// "Fresh" turns the validation cache off, so every request verifies the signature as a request with a token not seen
/// before does; "again" is the same token presented many times (a single-page app calling the API), which the cache
/// answers without verifying it again until its exp.
/// </remarks>
[MemoryDiagnoser]
public class BearerBenchmarks
{
    private BearerHost _jwtBearer = null!;
    private BearerHost _cognitoFresh = null!;
    private BearerHost _cognitoAgain = null!;

    [GlobalSetup]
    public async Task Setup()
    {
        var token = SigningKey.AccessToken();
        _jwtBearer = await BearerHost.StartAsync(JwtBearerDefaults.AuthenticationScheme, builder => builder.AddJwtBearer(ConfigureJwtBearer), token);
        _cognitoFresh = await BearerHost.StartAsync(CognitoJwtBearerDefaults.AuthenticationScheme, builder => builder.AddCognitoJwtBearer(options =>
        {
            ConfigureCognito(options);
            options.ValidationCacheSize = 0;
        }), token);
        _cognitoAgain = await BearerHost.StartAsync(CognitoJwtBearerDefaults.AuthenticationScheme, builder => builder.AddCognitoJwtBearer(ConfigureCognito), token);
        foreach (var host in new[] { _jwtBearer, _cognitoFresh, _cognitoAgain })
        {
            await host.EnsureAcceptedAsync();
        }
    }

    [GlobalCleanup]
    public async Task Cleanup()
    {
        foreach (var host in new[] { _jwtBearer, _cognitoFresh, _cognitoAgain })
        {
            await host.DisposeAsync();
        }
    }

    [Benchmark(Baseline = true, Description = "AddJwtBearer + client_id validator")]
    public Task<HttpStatusCode> AddJwtBearer() => _jwtBearer.CallAsync();

    [Benchmark(Description = "AddCognitoJwtBearer, fresh token")]
    public Task<HttpStatusCode> AddCognitoJwtBearerFresh() => _cognitoFresh.CallAsync();

    [Benchmark(Description = "AddCognitoJwtBearer, token again")]
    public Task<HttpStatusCode> AddCognitoJwtBearerAgain() => _cognitoAgain.CallAsync();

    // What Cognito users write today: the pool as issuer, ValidateAudience kept on with a validator that reads client_id
    // instead, and token_use checked by hand. The configuration is given, so no metadata is fetched.
    private static void ConfigureJwtBearer(JwtBearerOptions options)
    {
        var configuration = new OpenIdConnectConfiguration { Issuer = SigningKey.Issuer };
        configuration.SigningKeys.Add(SigningKey.Key);
        options.Configuration = configuration;
        options.TokenValidationParameters = new TokenValidationParameters
        {
            ValidIssuer = SigningKey.Issuer,
            ValidAlgorithms = [SecurityAlgorithms.RsaSha256],
            AudienceValidator = static (_, token, _) =>
                token is JsonWebToken jwt
                && jwt.TryGetPayloadValue<string>("client_id", out var clientId) && clientId == ProviderDocuments.ClientId
                && jwt.TryGetPayloadValue<string>("token_use", out var use) && use == "access",
        };
    }

    private static void ConfigureCognito(CognitoJwtBearerOptions options)
    {
        options.Issuer = SigningKey.Issuer;
        options.ClientIds = [ProviderDocuments.ClientId];
        options.BackchannelHttpHandler = new InMemoryProvider { Jwks = SigningKey.JwksJson() };
    }
}
