using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace OAuth2Generic.Cognito;

/// <summary>The check of a Cognito sign-in scheme that validates no id_token, and so knows of no user pool to check.</summary>
internal sealed class NoIssuerHealthCheck(string scheme) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(context);
        return Task.FromResult(new HealthCheckResult(
            context.Registration.FailureStatus,
            $"Scheme '{scheme}' validates no id_token, so it knows of no user pool to check: set Region and UserPoolId (or Issuer)."));
    }
}
