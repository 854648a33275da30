using System.Collections.Concurrent;

namespace OAuth2Generic;

/// <summary>
/// The signing keys of every user pool the application talks to, one <see cref="SigningKeys"/> per JWKS URL: a
/// sign-in scheme (<c>AddCognito</c>) and an API scheme (<c>AddCognitoJwtBearer</c>) of the same user pool share one
/// download and one throttle. A singleton of the application's services.
/// </summary>
/// <remarks>
/// The first scheme that needs a pool's keys makes its entry, with that scheme's backchannel and refresh intervals;
/// the schemes of one pool normally share those settings, and the keys themselves are the same whoever fetched them.
/// </remarks>
internal sealed class SigningKeyCache
{
    private readonly ConcurrentDictionary<string, Lazy<SigningKeys>> _pools = new(StringComparer.Ordinal);

    /// <summary>
    /// The keys of the pool of <paramref name="issuer"/> for a scheme's options: the shared ones when the options have the
    /// application's cache, else keys of the scheme's own; made once, however many requests race to make them (the
    /// loser's copy is dropped unused).
    /// </summary>
    /// <param name="keys">The options' field that keeps them.</param>
    /// <param name="shared">The application's cache, or null for options made by hand.</param>
    /// <param name="issuer">The pool's issuer; its keys are at <c>{issuer}/.well-known/jwks.json</c>.</param>
    /// <param name="backchannel">The scheme's provider client, asked for only when the keys are made here.</param>
    /// <param name="automaticRefreshInterval">How long fetched keys are used before they are fetched again.</param>
    /// <param name="refreshInterval">The shortest time between two fetches.</param>
    public static SigningKeys Resolve(
        ref SigningKeys? keys,
        SigningKeyCache? shared,
        string? issuer,
        Func<ProviderBackchannel> backchannel,
        TimeSpan automaticRefreshInterval,
        TimeSpan refreshInterval)
    {
        if (keys is null)
        {
            var jwksUrl = issuer + "/.well-known/jwks.json";
            SigningKeys Create() => new(jwksUrl, backchannel(), automaticRefreshInterval, refreshInterval);
            Interlocked.CompareExchange(ref keys, shared?.For(jwksUrl, Create) ?? Create(), null);
        }

        return keys;
    }

    /// <summary>The keys published at <paramref name="jwksUrl"/>, made by <paramref name="create"/> the first time.</summary>
    private SigningKeys For(string jwksUrl, Func<SigningKeys> create) =>
        _pools.GetOrAdd(jwksUrl, static (_, create) => new Lazy<SigningKeys>(create, LazyThreadSafetyMode.PublicationOnly), create).Value;
}
