using Microsoft.Extensions.Logging;

namespace OAuth2Generic.Cognito;

/// <summary>
/// The last check of a pool's discovery document, kept for one health-check registration across probes (health checks
/// are made anew for each probe), so that probes fetch it at most once per interval.
/// </summary>
internal sealed class CognitoPoolHealthState
{
    private readonly Lock _gate = new();
    private DateTimeOffset _checkedAt;
    private string? _failure;
    private bool _checked;
    private Task<string?>? _checking;

    /// <summary>Why the discovery document is not as it should be, or null when it is.</summary>
    public Task<string?> DiscoveryFailureAsync(CognitoPool pool, ILogger logger, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            var now = pool.Time.GetUtcNow();
            var standsFor = _failure is null ? pool.AutomaticRefreshInterval : pool.RefreshInterval;
            if (_checked && now - _checkedAt < standsFor)
            {
                return Task.FromResult(_failure);
            }

            // Probes at the same moment share one fetch, bounded by the backchannel's timeout, not by any one probe.
            _checking ??= CheckAndKeepAsync(pool, logger, now);
            return _checking.WaitAsync(cancellationToken);
        }
    }

    private async Task<string?> CheckAndKeepAsync(CognitoPool pool, ILogger logger, DateTimeOffset now)
    {
        await Task.Yield();
        string? failure;
        try
        {
            failure = await CheckAsync(pool, logger, CancellationToken.None);
        }
        catch (Exception exception) when (exception is not OutOfMemoryException)
        {
            // What the provider client does not expect is a failure of this check, not a check that never ends.
            failure = $"The user pool's discovery document could not be checked ({exception.GetType().Name}).";
        }

        lock (_gate)
        {
            (_failure, _checkedAt, _checked, _checking) = (failure, now, true, null);
        }

        return failure;
    }

    private static async Task<string?> CheckAsync(CognitoPool pool, ILogger logger, CancellationToken cancellationToken)
    {
        var url = pool.Issuer + "/.well-known/openid-configuration";
        using var request = new ProviderRequest(SignInStep.IdToken, ProviderCall.Discovery, "The user pool's discovery document", HttpMethod.Get, url);
        try
        {
            using var document = await pool.Backchannel.GetJsonAsync(request, logger, cancellationToken);
            var root = document.RootElement;
            var issuer = ProviderJson.StringMember(root, "issuer");
            if (issuer != pool.Issuer)
            {
                return $"The user pool's discovery document ({url}) names the issuer '{ProviderText.Clean(issuer) ?? "(none)"}', not '{pool.Issuer}'.";
            }

            var jwksUri = ProviderJson.StringMember(root, "jwks_uri");
            return jwksUri == pool.SigningKeys.JwksUrl
                ? null
                : $"The user pool's discovery document ({url}) names the keys at '{ProviderText.Clean(jwksUri) ?? "(none)"}', not at '{pool.SigningKeys.JwksUrl}'.";
        }
        catch (OAuth2GenericException exception)
        {
            return exception.Message;
        }
    }
}
