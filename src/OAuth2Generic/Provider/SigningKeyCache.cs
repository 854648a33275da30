using System.Collections.Concurrent;

namespace OAuth2Generic;

/// <summary>
/// The signing keys of every provider the application talks to, one <see cref="SigningKeys"/> per JWKS URL: a sign-in
/// scheme (<c>AddCognito</c>, or <c>AddOAuth2Generic</c> with an <c>Authority</c>) and an API scheme
/// (<c>AddCognitoJwtBearer</c>) of the same provider share one download and one throttle. A singleton of the
/// application's services.
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

            // The keys at a fixed place under the issuer are a user pool's (AddCognito, AddCognitoJwtBearer): its words.
            SigningKeys Create() => new(jwksUrl, backchannel(), automaticRefreshInterval, refreshInterval)
            {
                Owner = "The user pool's",
                ConfigurationHint = "Check Issuer (or Region and UserPoolId).",
            };

            Interlocked.CompareExchange(ref keys, shared?.For(jwksUrl, Create) ?? Create(), null);
        }

        return keys;
    }

    /// <summary>
    /// The keys at <paramref name="jwksUrl"/> (a discovered <c>jwks_uri</c>) for a scheme's options, as
    /// <see cref="Resolve"/> does; made again when the document names another URL than the keys kept.
    /// </summary>
    /// <param name="keys">The options' field that keeps them.</param>
    /// <param name="shared">The application's cache, or null for options made by hand.</param>
    /// <param name="jwksUrl">Where the keys are.</param>
    /// <param name="algorithms">The algorithms the scheme accepts (<see cref="SigningKeys.Algorithms"/>).</param>
    /// <param name="backchannel">The scheme's provider client, asked for only when the keys are made here.</param>
    /// <param name="automaticRefreshInterval">How long fetched keys are used before they are fetched again.</param>
    /// <param name="refreshInterval">The shortest time between two fetches.</param>
    public static SigningKeys ResolveAt(
        ref SigningKeys? keys,
        SigningKeyCache? shared,
        string jwksUrl,
        IReadOnlyCollection<string> algorithms,
        Func<ProviderBackchannel> backchannel,
        TimeSpan automaticRefreshInterval,
        TimeSpan refreshInterval)
    {
        var kept = keys;
        if (kept is not null && kept.JwksUrl == jwksUrl)
        {
            return kept;
        }

        SigningKeys Create() => new(jwksUrl, backchannel(), automaticRefreshInterval, refreshInterval) { Algorithms = algorithms };
        var made = shared?.For(jwksUrl, Create) ?? Create();
        Interlocked.CompareExchange(ref keys, made, kept);
        return made;
    }

    /// <summary>The keys published at <paramref name="jwksUrl"/>, made by <paramref name="create"/> the first time.</summary>
    private SigningKeys For(string jwksUrl, Func<SigningKeys> create) =>
        _pools.GetOrAdd(jwksUrl, static (_, create) => new Lazy<SigningKeys>(create, LazyThreadSafetyMode.PublicationOnly), create).Value;
}
