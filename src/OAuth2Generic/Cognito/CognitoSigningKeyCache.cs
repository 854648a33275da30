using System.Collections.Concurrent;

namespace OAuth2Generic.Cognito;

/// <summary>
/// The signing keys of every user pool the application talks to, one <see cref="CognitoSigningKeys"/> per JWKS URL: a
/// sign-in scheme (<c>AddCognito</c>) and an API scheme (<c>AddCognitoJwtBearer</c>) of the same user pool share one
/// download and one throttle. A singleton of the application's services.
/// </summary>
/// <remarks>
/// The first scheme that needs a pool's keys makes its entry, with that scheme's backchannel and refresh intervals;
/// the schemes of one pool normally share those settings, and the keys themselves are the same whoever fetched them.
/// </remarks>
internal sealed class CognitoSigningKeyCache
{
    private readonly ConcurrentDictionary<string, Lazy<CognitoSigningKeys>> _pools = new(StringComparer.Ordinal);

    /// <summary>The keys published at <paramref name="jwksUrl"/>, made by <paramref name="create"/> the first time.</summary>
    public CognitoSigningKeys For(string jwksUrl, Func<CognitoSigningKeys> create) =>
        _pools.GetOrAdd(jwksUrl, static (_, create) => new Lazy<CognitoSigningKeys>(create), create).Value;
}
