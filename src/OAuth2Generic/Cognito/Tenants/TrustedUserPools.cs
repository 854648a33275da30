using Microsoft.Extensions.Logging;

namespace OAuth2Generic.Cognito;

/// <summary>
/// The user pools an API scheme trusts, found by a token's <c>iss</c> before any key is fetched: the configured ones
/// (<see cref="CognitoJwtBearerOptions.Issuer"/> or UserPoolId, and <see cref="CognitoJwtBearerOptions.Issuers"/>, each
/// also in Cognito's other issuer form), then the application's <see cref="CognitoJwtBearerOptions.PoolResolver"/>, whose
/// answers are kept in a <see cref="BoundedCache{TValue}"/> with the keys of each pool.
/// </summary>
internal sealed class TrustedUserPools
{
    private readonly Dictionary<string, TrustedUserPool> _configured = new(StringComparer.Ordinal);
    private readonly BoundedCache<TrustedUserPool>? _resolved;
    private readonly CognitoJwtBearerOptions _options;
    private readonly string _scheme;

    /// <summary>Made at the scheme's first request, once every post-configuration has run.</summary>
    public TrustedUserPools(CognitoJwtBearerOptions options, string scheme)
    {
        _options = options;
        _scheme = scheme;
        if (options.EffectiveIssuer is { } issuer)
        {
            Configure(issuer, options.SigningKeys);
        }

        foreach (var other in options.Issuers)
        {
            var trimmed = other.TrimEnd('/');
            if (!_configured.ContainsKey(trimmed))
            {
                SigningKeys? keys = null;
                Configure(trimmed, SigningKeyCache.Resolve(
                    ref keys, options.SharedSigningKeys, trimmed, () => options.ProviderBackchannel, options.AutomaticRefreshInterval, options.RefreshInterval));
            }
        }

        if (options.PoolResolver is not null)
        {
            _resolved = new BoundedCache<TrustedUserPool>(options.PoolCacheSizeLimit, options.PoolCacheDuration, options.TimeProvider ?? TimeProvider.System);
        }
    }

    /// <summary>The resolver's pools kept now; null without a resolver.</summary>
    public BoundedCache<TrustedUserPool>? Resolved => _resolved;

    /// <summary>The pools configured at start-up, each once.</summary>
    public IEnumerable<TrustedUserPool> Configured => _configured.Values.Distinct();

    /// <summary>The pool that issues tokens as <paramref name="issuer"/>, or null when none is trusted.</summary>
    /// <exception cref="ResolverFailure">The application's resolver threw or was too slow (logged).</exception>
    public ValueTask<TrustedUserPool?> FindAsync(string? issuer, ILogger logger, CancellationToken cancellationToken)
    {
        if (issuer is null)
        {
            return ValueTask.FromResult<TrustedUserPool?>(null);
        }

        if (_configured.TryGetValue(issuer, out var configured))
        {
            return ValueTask.FromResult<TrustedUserPool?>(configured);
        }

        return _resolved is null
            ? ValueTask.FromResult<TrustedUserPool?>(null)
            : new ValueTask<TrustedUserPool?>(_resolved.GetAsync(
                issuer, (Pools: this, Logger: logger), static (key, previous, state) => state.Pools.ResolveAsync(key, previous, state.Logger), cancellationToken));
    }

    /// <summary>The trusted pool of a token's <c>iss</c>.</summary>
    /// <exception cref="CognitoTokenRejection">No trusted pool issues tokens as <paramref name="tokenIssuer"/>, or the resolver failed.</exception>
    public async ValueTask<TrustedUserPool> TrustedAsync(string? tokenIssuer, ILogger logger, CancellationToken cancellationToken)
    {
        TrustedUserPool? pool;
        try
        {
            pool = await FindAsync(tokenIssuer, logger, cancellationToken);
        }
        catch (ResolverFailure failure)
        {
            throw new CognitoTokenRejection("The token's user pool could not be checked.", failure.Message);
        }

        var sent = ProviderText.Clean(tokenIssuer) ?? "(no iss)";
        return pool ?? throw (_options.EffectiveIssuer is { } issuer && _options.Issuers.Count == 0 && _resolved is null
            ? new CognitoTokenRejection("The token was not issued by this user pool.", $"The token was issued by '{sent}', not by '{issuer}'.")
            : new CognitoTokenRejection("The token was not issued by a trusted user pool.", $"The token was issued by '{sent}', which this API does not trust."));
    }

    private void Configure(string issuer, SigningKeys keys)
    {
        var pool = new TrustedUserPool(issuer, [.. _options.ClientIds], keys, Resolved: null);
        _configured[issuer] = pool;

        // aws-jwt-verify 5 also accepts a pool's issuer-cognito-idp form (Cognito's multi-region issuer), same keys.
        if (CognitoDomain.OtherIssuerForm(issuer) is { } otherForm)
        {
            _configured.TryAdd(otherForm, pool);
        }
    }

    private async Task<TrustedUserPool?> ResolveAsync(string issuer, TrustedUserPool? previous, ILogger logger)
    {
        var resolver = _options.PoolResolver!;
        CognitoTrustedPool? answer;
        try
        {
            answer = await ResolverCall.RunAsync(
                limit => resolver.FindAsync(issuer, limit), issuer, _options.PoolResolverTimeout, _options.TimeProvider ?? TimeProvider.System, logger, _scheme, nameof(CognitoPoolResolver));
        }
        catch (ResolverFailure) when (previous is not null)
        {
            // Asked again because the answer had aged, and failed (logged): the pool trusted a moment ago stays trusted
            // rather than every tenant's API going down with the tenants' database.
            return previous;
        }

        if (answer is null)
        {
            return null;
        }

        // The keys come from the answer's issuer: an answer for another issuer would let that pool's keys vouch for
        // tokens that only claim to be this one's.
        var answered = answer.Issuer?.TrimEnd('/');
        if (answered is null || (answered != issuer && CognitoDomain.OtherIssuerForm(answered) != issuer))
        {
            logger.ResolverAnsweredOtherIssuer(_scheme, ProviderText.Clean(answered) ?? "(none)");
            return null;
        }

        var clientIds = answer.ClientIds is { Count: > 0 } own ? own : [.. _options.ClientIds];

        // A new answer for a pool already known keeps its keys: they were fetched once, and stay good.
        var keys = previous is not null && previous.Keys.JwksUrl == answered + "/.well-known/jwks.json"
            ? previous.Keys
            : new SigningKeys(answered + "/.well-known/jwks.json", _options.ProviderBackchannel, _options.AutomaticRefreshInterval, _options.RefreshInterval);
        return new TrustedUserPool(answered, clientIds, keys, answer);
    }
}
