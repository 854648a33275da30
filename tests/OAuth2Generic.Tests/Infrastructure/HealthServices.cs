using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using OAuth2Generic.Cognito;

namespace OAuth2Generic.Tests;

/// <summary>
/// The services of an API with <c>AddCognitoJwtBearer</c> against a <see cref="FakeCognito"/> and its health check, as
/// an application registers them, and one probe of that check.
/// </summary>
internal static class HealthServices
{
    /// <summary>Where the pool's discovery document is, under its issuer.</summary>
    public const string DiscoveryPath = $"/{FakeCognito.UserPoolId}/.well-known/openid-configuration";

    /// <summary>The entry of the check of the scheme <see cref="CognitoJwtBearerDefaults.AuthenticationScheme"/>.</summary>
    public const string Entry = "cognito:" + CognitoJwtBearerDefaults.AuthenticationScheme;

    public static ServiceProvider Build(FakeCognito cognito, Action<CognitoJwtBearerOptions>? configure = null)
    {
        var services = new ServiceCollection().AddLogging();
        services.AddAuthentication().AddCognitoJwtBearer(options =>
        {
            options.Issuer = cognito.Issuer;
            options.ClientIds = ["api-client"];
            configure?.Invoke(options);
        });
        services.AddHealthChecks().AddCognitoJwtBearerCheck();
        return services.BuildServiceProvider();
    }

    /// <summary>The discovery document of the pool, naming the given issuer and keys (by default, the pool's own).</summary>
    public static void Discovery(FakeCognito cognito, string? issuer = null, string? jwksUri = null) =>
        cognito.Provider.Respond(
            WireMock.RequestBuilders.Request.Create().WithPath(DiscoveryPath).UsingGet(),
            200,
            System.Text.Json.JsonSerializer.Serialize(new Dictionary<string, string>
            {
                ["issuer"] = issuer ?? cognito.Issuer,
                ["jwks_uri"] = jwksUri ?? cognito.Issuer + "/.well-known/jwks.json",
            }),
            "application/json");

    /// <summary>One probe of the check, in the trace of <paramref name="traceParent"/> when given (a W3C <c>traceparent</c>).</summary>
    public static async Task<HealthReportEntry> CheckAsync(IServiceProvider services, string? traceParent = null)
    {
        // As a probe's request span would be: the check's own spans become its children, in the test's trace.
        using var probe = traceParent is null ? null : new Activity("health probe").SetParentId(traceParent).Start();
        return (await services.GetRequiredService<HealthCheckService>().CheckHealthAsync(TestContext.Current.CancellationToken)).Entries[Entry];
    }
}
