using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace OAuth2Generic.Cognito;

/// <summary>
/// The health of a scheme of many user pools: how the signing keys of each pool it has seen lately (those its cache
/// keeps) stand, read from what its requests fetched, with no request to any pool; a thousand tenants cost a probe
/// nothing. Healthy when every pool seen has its keys, or none was seen yet; degraded when some have none; the
/// registration's failure status when none has.
/// </summary>
/// <param name="seen">The pools the scheme keeps now: each one's issuer and keys.</param>
internal sealed class UserPoolsHealthCheck(Func<IReadOnlyList<(string Issuer, SigningKeys Keys)>> seen) : IHealthCheck
{
    // The failing pools named in the result's data: enough to start from, bounded whatever the number of tenants.
    private const int NamedFailures = 20;

    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(context);
        var pools = seen();
        var failing = pools.Select(pool => (pool.Issuer, State: pool.Keys.Peek()))
            .Where(pool => pool.State.KeyCount == 0 && pool.State.LastFailure is not null)
            .ToList();
        var data = new Dictionary<string, object> { ["pools"] = pools.Count, ["poolsWithoutKeys"] = failing.Count };
        foreach (var (issuer, state) in failing.Take(NamedFailures))
        {
            data[issuer] = state.LastFailure!;
        }

        var result = failing.Count == 0
            ? HealthCheckResult.Healthy(pools.Count == 0 ? "No user pool seen yet." : $"The signing keys of the {pools.Count} user pools seen lately are in use.", data)
            : failing.Count < pools.Count
                ? HealthCheckResult.Degraded($"{failing.Count} of the {pools.Count} user pools seen lately have no signing keys; their last fetch failed.", data: data)
                : new HealthCheckResult(context.Registration.FailureStatus, $"None of the {pools.Count} user pools seen lately has signing keys; their last fetch failed.", data: data);
        return Task.FromResult(result);
    }
}
