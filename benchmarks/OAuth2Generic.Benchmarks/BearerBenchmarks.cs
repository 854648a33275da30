using System.Net;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Http;
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
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory)]
[CategoriesColumn]
public class BearerBenchmarks
{
    private const string Request = "API request";
    private const string Authentication = "Authentication alone";

    private BearerHost _jwtBearer = null!;
    private BearerHost _cognitoFresh = null!;
    private BearerHost _cognitoAgain = null!;
    private ServiceProvider _services = null!;
    private string _authorization = null!;

    [GlobalSetup]
    public async Task Setup()
    {
        var token = SigningKey.AccessToken();
        _authorization = "Bearer " + token;

        // The three schemes side by side in one application, for the benchmarks of the authentication alone.
        var services = new ServiceCollection().AddLogging();
        services.AddAuthentication()
            .AddJwtBearer(ConfigureJwtBearer)
            .AddCognitoJwtBearer(Fresh, options =>
            {
                ConfigureCognito(options);
                options.ValidationCacheSizeLimit = 0;
            })
            .AddCognitoJwtBearer(Again, ConfigureCognito);
        _services = services.BuildServiceProvider();
        foreach (var scheme in new[] { JwtBearerDefaults.AuthenticationScheme, Fresh, Again })
        {
            if (!await AuthenticateAsync(scheme))
            {
                throw new InvalidOperationException($"Scheme {scheme} refuses the benchmark's token.");
            }
        }

        _jwtBearer = await BearerHost.StartAsync(JwtBearerDefaults.AuthenticationScheme, builder => builder.AddJwtBearer(ConfigureJwtBearer), token);
        _cognitoFresh = await BearerHost.StartAsync(CognitoJwtBearerDefaults.AuthenticationScheme, builder => builder.AddCognitoJwtBearer(options =>
        {
            ConfigureCognito(options);
            options.ValidationCacheSizeLimit = 0;
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

        await _services.DisposeAsync();
    }

    private const string Fresh = "CognitoFresh";
    private const string Again = "CognitoAgain";

    [Benchmark(Baseline = true, Description = "AddJwtBearer + client_id validator")]
    [BenchmarkCategory(Request)]
    public Task<HttpStatusCode> AddJwtBearer() => _jwtBearer.CallAsync();

    [Benchmark(Description = "AddCognitoJwtBearer, fresh token")]
    [BenchmarkCategory(Request)]
    public Task<HttpStatusCode> AddCognitoJwtBearerFresh() => _cognitoFresh.CallAsync();

    [Benchmark(Description = "AddCognitoJwtBearer, token again")]
    [BenchmarkCategory(Request)]
    public Task<HttpStatusCode> AddCognitoJwtBearerAgain() => _cognitoAgain.CallAsync();

    [Benchmark(Baseline = true, Description = "AddJwtBearer + client_id validator")]
    [BenchmarkCategory(Authentication)]
    public Task<bool> AuthenticateJwtBearer() => AuthenticateAsync(JwtBearerDefaults.AuthenticationScheme);

    [Benchmark(Description = "AddCognitoJwtBearer, fresh token")]
    [BenchmarkCategory(Authentication)]
    public Task<bool> AuthenticateCognitoFresh() => AuthenticateAsync(Fresh);

    [Benchmark(Description = "AddCognitoJwtBearer, token again")]
    [BenchmarkCategory(Authentication)]
    public Task<bool> AuthenticateCognitoAgain() => AuthenticateAsync(Again);

    // HttpContext.AuthenticateAsync on a request with the header: the handler's own work, without a host's pipeline. A
    // scope per request, as the host makes: the handler provider is scoped, and keeps its handlers (and their results).
    private async Task<bool> AuthenticateAsync(string scheme)
    {
        await using var scope = _services.CreateAsyncScope();
        var context = new DefaultHttpContext { RequestServices = scope.ServiceProvider };
        context.Request.Headers.Authorization = _authorization;
        return (await context.AuthenticateAsync(scheme)).Succeeded;
    }

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
