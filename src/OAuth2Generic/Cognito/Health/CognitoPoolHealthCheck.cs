using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Logging;

namespace OAuth2Generic.Cognito;

/// <summary>
/// Whether a Cognito scheme's user pool can be relied on: its signing keys (JWKS) are in hand, and its discovery
/// document is reachable and names this issuer and those keys. Healthy when both are; Degraded when keys fetched before
/// are in use but the last fetch failed (tokens still validate; a key rotation would not be seen); Unhealthy when there
/// are no keys or the discovery document is wrong or out of reach.
/// </summary>
/// <remarks>
/// A probe does not hammer the provider: the keys are those of the scheme's shared cache (fetched only when there are
/// none, at most once per RefreshInterval), and the discovery document is fetched again only once its last result is
/// older than AutomaticRefreshInterval (a success) or RefreshInterval (a failure). The description carries hosts,
/// counts and the provider's failure as the package words it, never a secret or token.
/// </remarks>
internal sealed class CognitoPoolHealthCheck(CognitoPoolHealthState state, CognitoPool pool, ILogger logger) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(context);
        var (keyCount, fetchedAt, keyFailure) = await pool.SigningKeys.ProbeAsync(pool.Time, logger, cancellationToken);
        var discoveryFailure = await state.DiscoveryFailureAsync(pool, logger, cancellationToken);
        var data = new Dictionary<string, object>
        {
            ["issuer"] = pool.Issuer,
            ["signingKeys"] = keyCount,
        };
        if (fetchedAt is { } at)
        {
            data["signingKeysFetchedAt"] = at.ToString("u", System.Globalization.CultureInfo.InvariantCulture);
        }

        if (keyCount == 0)
        {
            return new HealthCheckResult(context.Registration.FailureStatus, $"No signing keys of the user pool: {keyFailure ?? "none fetched yet."}", data: data);
        }

        if (discoveryFailure is not null)
        {
            // The failure itself goes with the result, so that its reason (OAuth2GenericException.Reason) reaches the
            // application's health publisher as it would reach its log from a sign-in.
            return new HealthCheckResult(context.Registration.FailureStatus, discoveryFailure.Message, discoveryFailure, data);
        }

        return keyFailure is null
            ? HealthCheckResult.Healthy($"{keyCount} signing keys of the user pool in use; its discovery document names them.", data)
            : HealthCheckResult.Degraded($"{keyCount} signing keys fetched before are in use, but the last fetch failed: {keyFailure}", data: data);
    }
}
