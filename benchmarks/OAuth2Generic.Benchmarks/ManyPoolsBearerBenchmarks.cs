using BenchmarkDotNet.Attributes;
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
/// The same Cognito access token validated by <c>AddCognitoJwtBearer</c> trusting one pool (the baseline), trusting
/// 1,000 pools through a <see cref="CognitoPoolResolver"/> (the pool found by the token's <c>iss</c>, kept after the
/// first request), and trusting them as a list of <c>Issuers</c>; beside Microsoft's <c>AddJwtBearer</c> with the same
/// 1,000 issuers in <c>ValidIssuers</c>. The validation cache is off: every request verifies the signature.
/// </summary>
[MemoryDiagnoser]
public class ManyPoolsBearerBenchmarks
{
    private const int Pools = 1000;
    private const string OnePool = "OnePool";
    private const string Resolver = "Resolver";
    private const string List = "List";

    private ServiceProvider _services = null!;
    private string _authorization = null!;

    [GlobalSetup]
    public async Task Setup()
    {
        _authorization = "Bearer " + SigningKey.AccessToken();

        // The benchmark's pool is the last of the thousand: a list is searched by a dictionary, not in order.
        var issuers = Enumerable.Range(0, Pools - 1).Select(index => $"https://cognito-idp.us-east-1.amazonaws.com/us-east-1_Tenant{index:D4}").Append(SigningKey.Issuer).ToList();
        var services = new ServiceCollection().AddLogging();
        services.AddAuthentication()
            .AddCognitoJwtBearer(OnePool, options => Configure(options, o => o.Issuer = SigningKey.Issuer))
            .AddCognitoJwtBearer(Resolver, options => Configure(options, o => o.PoolResolver = new ListResolver(issuers)))
            .AddCognitoJwtBearer(List, options => Configure(options, o => o.Issuers = issuers))
            .AddJwtBearer(options =>
            {
                var configuration = new OpenIdConnectConfiguration();
                configuration.SigningKeys.Add(SigningKey.Key);
                options.Configuration = configuration;
                options.TokenValidationParameters = new TokenValidationParameters
                {
                    ValidIssuers = issuers,
                    ValidAlgorithms = [SecurityAlgorithms.RsaSha256],
                    AudienceValidator = static (_, token, _) =>
                        token is JsonWebToken jwt
                        && jwt.TryGetPayloadValue<string>("client_id", out var clientId) && clientId == ProviderDocuments.ClientId
                        && jwt.TryGetPayloadValue<string>("token_use", out var use) && use == "access",
                };
            });
        _services = services.BuildServiceProvider();
        foreach (var scheme in new[] { OnePool, Resolver, List, JwtBearerDefaults.AuthenticationScheme })
        {
            if (!await AuthenticateAsync(scheme))
            {
                throw new InvalidOperationException($"Scheme {scheme} refuses the benchmark's token.");
            }
        }
    }

    [GlobalCleanup]
    public Task Cleanup() => _services.DisposeAsync().AsTask();

    [Benchmark(Baseline = true, Description = "AddCognitoJwtBearer, one pool")]
    public Task<bool> OneUserPool() => AuthenticateAsync(OnePool);

    [Benchmark(Description = "AddCognitoJwtBearer, 1,000 pools by resolver")]
    public Task<bool> PoolResolver() => AuthenticateAsync(Resolver);

    [Benchmark(Description = "AddCognitoJwtBearer, 1,000 Issuers")]
    public Task<bool> IssuerList() => AuthenticateAsync(List);

    [Benchmark(Description = "AddJwtBearer, 1,000 ValidIssuers")]
    public Task<bool> JwtBearerValidIssuers() => AuthenticateAsync(JwtBearerDefaults.AuthenticationScheme);

    private static void Configure(CognitoJwtBearerOptions options, Action<CognitoJwtBearerOptions> pools)
    {
        pools(options);
        options.ClientIds = [ProviderDocuments.ClientId];
        options.ValidationCacheSizeLimit = 0;
        options.BackchannelHttpHandler = new InMemoryProvider { Jwks = SigningKey.JwksJson() };
    }

    private async Task<bool> AuthenticateAsync(string scheme)
    {
        await using var scope = _services.CreateAsyncScope();
        var context = new DefaultHttpContext { RequestServices = scope.ServiceProvider };
        context.Request.Headers.Authorization = _authorization;
        return (await context.AuthenticateAsync(scheme)).Succeeded;
    }

    // An application's resolver over its tenants' table, here in memory.
    private sealed class ListResolver(IEnumerable<string> issuers) : CognitoPoolResolver
    {
        private readonly HashSet<string> _issuers = [.. issuers];

        public override ValueTask<CognitoTrustedPool?> FindAsync(string issuer, CancellationToken cancellationToken) =>
            ValueTask.FromResult(_issuers.Contains(issuer) ? new CognitoTrustedPool { Issuer = issuer } : null);
    }
}
