using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OAuth2Generic.Cognito;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>
/// Health checks of the user pools behind Cognito schemes: <c>services.AddHealthChecks().AddCognitoCheck()</c>. Each
/// reports whether the pool's signing keys (JWKS) are in hand and its discovery document is reachable and names this
/// issuer and those keys, without fetching more often than the scheme's key cache does.
/// </summary>
public static class CognitoHealthChecksBuilderExtensions
{
    /// <summary>
    /// Checks the user pool of an <c>AddCognito</c> scheme whose id_token is validated (Region and UserPoolId, or Issuer,
    /// set). The check is named <c>cognito:{scheme}</c>.
    /// </summary>
    /// <param name="builder">The health checks builder.</param>
    /// <param name="authenticationScheme">The scheme. Default <see cref="CognitoDefaults.AuthenticationScheme"/>.</param>
    /// <param name="failureStatus">The status of a failure. Default <see cref="HealthStatus.Unhealthy"/>.</param>
    /// <param name="tags">Tags to filter checks by (for example <c>ready</c>).</param>
    /// <returns>The builder, for chaining.</returns>
    public static IHealthChecksBuilder AddCognitoCheck(
        this IHealthChecksBuilder builder,
        string authenticationScheme = CognitoDefaults.AuthenticationScheme,
        HealthStatus? failureStatus = null,
        IEnumerable<string>? tags = null) =>
        builder.AddPoolCheck(authenticationScheme, failureStatus, tags, ManyTenants(authenticationScheme), services =>
        {
            var options = services.GetRequiredService<IOptionsMonitor<CognitoOptions>>().Get(authenticationScheme);
            return options.EffectiveIssuer is { } issuer
                ? new CognitoPool(issuer, options.SigningKeys, options.ProviderBackchannel, options.AutomaticRefreshInterval, options.RefreshInterval, options.TimeProvider ?? TimeProvider.System)
                : null;
        });

    /// <summary>Checks the user pool of an <c>AddCognitoJwtBearer</c> scheme. The check is named <c>cognito:{scheme}</c>.</summary>
    /// <param name="builder">The health checks builder.</param>
    /// <param name="authenticationScheme">The scheme. Default <see cref="CognitoJwtBearerDefaults.AuthenticationScheme"/>.</param>
    /// <param name="failureStatus">The status of a failure. Default <see cref="HealthStatus.Unhealthy"/>.</param>
    /// <param name="tags">Tags to filter checks by (for example <c>ready</c>).</param>
    /// <returns>The builder, for chaining.</returns>
    public static IHealthChecksBuilder AddCognitoJwtBearerCheck(
        this IHealthChecksBuilder builder,
        string authenticationScheme = CognitoJwtBearerDefaults.AuthenticationScheme,
        HealthStatus? failureStatus = null,
        IEnumerable<string>? tags = null) =>
        builder.AddPoolCheck(authenticationScheme, failureStatus, tags, ManyPools(authenticationScheme), services =>
        {
            var options = services.GetRequiredService<IOptionsMonitor<CognitoJwtBearerOptions>>().Get(authenticationScheme);
            return new CognitoPool(
                options.EffectiveIssuer!, options.SigningKeys, options.ProviderBackchannel, options.AutomaticRefreshInterval, options.RefreshInterval, options.TimeProvider ?? TimeProvider.System);
        });

    // A scheme of many pools (a tenant resolver, a pool resolver, or a list of issuers) is reported by the pools it has
    // seen; any other by its one pool.
    private static Func<IServiceProvider, UserPoolsHealthCheck?> ManyTenants(string scheme) => services =>
        services.GetRequiredService<IOptionsMonitor<CognitoOptions>>().Get(scheme).TenantResolver is null
            ? null
            : new UserPoolsHealthCheck(() => services.GetRequiredService<CognitoTenants>().Of(scheme)?.Snapshot()
                .Where(tenant => tenant.Value.ValidatesIdToken)
                .Select(tenant => (tenant.Value.EffectiveIssuer!, tenant.Value.SigningKeys))
                .ToList() ?? []);

    private static Func<IServiceProvider, UserPoolsHealthCheck?> ManyPools(string scheme) => services =>
    {
        var options = services.GetRequiredService<IOptionsMonitor<CognitoJwtBearerOptions>>().Get(scheme);
        return options.PoolResolver is null && options.Issuers.Count == 0
            ? null
            : new UserPoolsHealthCheck(() =>
                [.. options.TrustedPools.Configured.Concat(options.TrustedPools.Resolved?.Snapshot().Select(entry => entry.Value) ?? []).Select(pool => (pool.Issuer, pool.Keys))]);
    };

    private static IHealthChecksBuilder AddPoolCheck(
        this IHealthChecksBuilder builder,
        string scheme,
        HealthStatus? failureStatus,
        IEnumerable<string>? tags,
        Func<IServiceProvider, UserPoolsHealthCheck?> manyPools,
        Func<IServiceProvider, CognitoPool?> pool)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrEmpty(scheme);

        // One state per registration: the checks themselves are made anew for every probe.
        var state = new CognitoPoolHealthState();
        return builder.Add(new HealthCheckRegistration(
            "cognito:" + scheme,
            services =>
            {
                if (manyPools(services) is { } many)
                {
                    return many;
                }

                var logger = services.GetRequiredService<ILoggerFactory>().CreateLogger("OAuth2Generic.Cognito.Health");
                return pool(services) is { } found
                    ? new CognitoPoolHealthCheck(state, found, logger)
                    : new NoIssuerHealthCheck(scheme);
            },
            failureStatus,
            tags));
    }
}
