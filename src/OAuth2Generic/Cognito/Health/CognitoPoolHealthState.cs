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
    private OAuth2GenericException? _failure;
    private bool _checked;
    private Task<OAuth2GenericException?>? _checking;

    /// <summary>
    /// Why the discovery document is not as it should be, or null when it is: a failure of step
    /// <see cref="FailureStep.Discovery"/>, whose reason is <see cref="OAuth2GenericFailureReasons.DiscoveryFailed"/> for a
    /// document refused or describing another pool, or the transport's own (a timeout, a provider out of reach, a redirect).
    /// </summary>
    public Task<OAuth2GenericException?> DiscoveryFailureAsync(CognitoPool pool, ILogger logger, CancellationToken cancellationToken)
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

    private async Task<OAuth2GenericException?> CheckAndKeepAsync(CognitoPool pool, ILogger logger, DateTimeOffset now)
    {
        await Task.Yield();
        OAuth2GenericException? failure;
        try
        {
            failure = await CheckAsync(pool, logger, CancellationToken.None);
        }
        catch (Exception exception) when (exception is not OutOfMemoryException)
        {
            // What the provider client does not expect is a failure of this check, not a check that never ends.
            failure = new OAuth2GenericException(
                FailureStep.Discovery, $"The user pool's discovery document could not be checked ({exception.GetType().Name}).", exception);
        }

        lock (_gate)
        {
            (_failure, _checkedAt, _checked, _checking) = (failure, now, true, null);
        }

        return failure;
    }

    private static async Task<OAuth2GenericException?> CheckAsync(CognitoPool pool, ILogger logger, CancellationToken cancellationToken)
    {
        var url = pool.Issuer + "/.well-known/openid-configuration";
        using var request = new ProviderRequest(FailureStep.Discovery, ProviderCall.Discovery, "The user pool's discovery document", HttpMethod.Get, url);
        try
        {
            var answer = await pool.Backchannel.SendAsync(request, logger, cancellationToken);
            if (!answer.IsSuccess)
            {
                return pool.Backchannel.Failure(request, answer);
            }

            using var document = ProviderJson.TryParse(answer.Body);
            if (document is null)
            {
                return ProviderFailure.NotJson(request, answer);
            }

            // A document of another pool is this call's failure like a refused one: worded, and recorded on its span.
            var issuer = ProviderJson.StringMember(document.RootElement, "issuer");
            if (issuer != pool.Issuer)
            {
                return ProviderFailure.Content(request, answer, $"a document that names the issuer '{ProviderText.Clean(issuer) ?? "(none)"}', not '{pool.Issuer}'");
            }

            var jwksUri = ProviderJson.StringMember(document.RootElement, "jwks_uri");
            return jwksUri == pool.SigningKeys.JwksUrl
                ? null
                : ProviderFailure.Content(request, answer, $"a document that names the keys at '{ProviderText.Clean(jwksUri) ?? "(none)"}', not at '{pool.SigningKeys.JwksUrl}'");
        }
        catch (OAuth2GenericException exception)
        {
            return exception;
        }
    }
}
