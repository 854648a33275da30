using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.IdentityModel.Tokens;

namespace OAuth2Generic;

/// <summary>
/// A provider's signing keys from its JWKS URL (a user pool's <c>{issuer}/.well-known/jwks.json</c>, a generic scheme's
/// discovered <c>jwks_uri</c>), shared by every sign-in of a scheme.
/// </summary>
/// <remarks>
/// <para>
/// The keys are fetched at the first sign-in. Once older than <c>AutomaticRefreshInterval</c>
/// they keep being used while a fetch runs in the background. An id_token naming a key id that is not known (Cognito
/// rotated its keys), or whose signature fails with the key under its id (a key replaced under the same id, a wrong
/// key served once), waits for a fetch at once. Fetches, failed or not, are at least
/// <c>RefreshInterval</c> apart, and one fetch serves every sign-in that waits for it; a sign-in
/// stops waiting when its request is aborted. Keys fetched before stay in use when a background refresh fails.
/// </para>
/// <para>
/// Not Microsoft.IdentityModel's <c>ConfigurationManager</c>: since 8.x it refreshes in the background even for an
/// unknown key, so the sign-in that first meets a rotated key would fail; and its document retriever ignores
/// cancellation and caps no body. The fetch goes through the scheme's <see cref="ProviderBackchannel"/> (no redirects,
/// its timeout, the package's body cap and JSON checks); parsing the keys is IdentityModel's <see cref="JsonWebKeySet"/>,
/// keeping the keys whose <c>alg</c>, when they have one, is one of <see cref="Algorithms"/>, and no RSA key under 2048 bits.
/// </para>
/// </remarks>
internal sealed partial class SigningKeys(
    string jwksUrl,
    ProviderBackchannel backchannel,
    TimeSpan automaticRefreshInterval,
    TimeSpan refreshInterval)
{
    // The smallest RSA key used (NIST SP 800-131A, RFC 7518 §3.3).
    private const int MinimumRsaKeySize = 2048;

    private readonly ProviderFetch<IList<SecurityKey>> _keys = new(refreshInterval);

    public string JwksUrl { get; } = jwksUrl;

    /// <summary>The algorithms of the tokens these keys verify (a key for another is left out); default RS256, as a user pool signs.</summary>
    public IReadOnlyCollection<string> Algorithms { get; init; } = [SecurityAlgorithms.RsaSha256];

    /// <summary>Whose keys they are, at the start of a message: <c>The provider's</c>, <c>The user pool's</c>.</summary>
    public string Owner { get; init; } = "The provider's";
    /// <summary>The sentence that ends a failure's message: which option the keys' URL comes from.</summary>
    public string ConfigurationHint { get; init; } = "Check Authority.";

    private string Host { get; } = new Uri(jwksUrl).Authority;

    // As OpenTelemetry's server.address: the host without the port.
    private string ServerAddress { get; } = new Uri(jwksUrl).Host;

    /// <summary>The keys to validate a token signed with <paramref name="keyId"/> by.</summary>
    /// <param name="keyId">The token's <c>kid</c>; a kid the keys do not include waits for a fetch (at most one per RefreshInterval).</param>
    /// <param name="rejected">
    /// Keys this method returned before that failed to verify the token although they include its kid; they count as not
    /// including it, so that a key replaced under the same id is fetched again. The same list is returned when no newer
    /// keys can be had.
    /// </param>
    /// <param name="time">The scheme's clock.</param>
    /// <param name="logger">The handler's logger.</param>
    /// <param name="cancellationToken">The sign-in's request abort.</param>
    /// <exception cref="OAuth2GenericException">No keys were ever fetched, and fetching them failed.</exception>
    public async ValueTask<IList<SecurityKey>> GetKeysAsync(
        string? keyId, IList<SecurityKey>? rejected, TimeProvider time, ILogger logger, CancellationToken cancellationToken)
    {
        Task<IList<SecurityKey>> fetch;
        lock (_keys.Gate)
        {
            var now = time.GetUtcNow();
            var current = _keys.Current;
            if (current is not null && !ReferenceEquals(current, rejected) && (keyId is null || Publishes(current, keyId)))
            {
                if (now - _keys.FetchedAt >= automaticRefreshInterval && _keys.MayStart(now))
                {
                    // Old keys still verify today's tokens: refresh behind the sign-in rather than in front of it.
                    _ = StartFetch(now, "expired", logger);
                }

                return current;
            }

            if (_keys.Running is null && !_keys.MayStart(now))
            {
                // Too soon after the last fetch: its failure is reported again, or the unknown key stays unknown.
                return _keys.LastFailure is { } failure ? throw ProviderFetch<IList<SecurityKey>>.Copy(failure) : current!;
            }

            fetch = _keys.Running ?? StartFetch(now, current is null ? "first" : ReferenceEquals(current, rejected) ? "rejected_key" : "unknown_kid", logger);
        }

        try
        {
            return await fetch.WaitAsync(cancellationToken);
        }
        catch (OAuth2GenericException exception)
        {
            // The keys known so far cannot verify this token (its key is not among them): the fetch's failure is the reason.
            throw ProviderFetch<IList<SecurityKey>>.Copy(exception);
        }
    }

    // The reason is the fetch counter's tag: first, expired, unknown_kid or rejected_key.
    private Task<IList<SecurityKey>> StartFetch(DateTimeOffset now, string reason, ILogger logger)
    {
        backchannel.Metrics?.SigningKeysFetching(ServerAddress, reason);
        return _keys.Start(
            now,
            () => FetchAsync(logger),
            exception => logger.SigningKeysFetchFailed(Owner, Host, exception.Reason, exception.Message));
    }

    private async Task<IList<SecurityKey>> FetchAsync(ILogger logger)
    {
        IList<SecurityKey> keys;
        try
        {
            // Shared by every waiting sign-in, so bounded by the backchannel's timeout rather than by any one request.
            keys = await DownloadAsync(logger);
        }
        catch (Exception exception) when (exception is not OAuth2GenericException)
        {
            // What reading the keys does not expect fails the waiting sign-ins as the package's own failure, not as a
            // 500 (the transport's own surprises are the backchannel's to turn into failures).
            throw new OAuth2GenericException(
                FailureStep.IdToken,
                $"{Owner} signing keys could not be read from {JwksUrl} ({exception.GetType().Name}). {ConfigurationHint}",
                exception)
            {
                Reason = OAuth2GenericFailureReasons.SigningKeysUnavailable,
            };
        }

        logger.SigningKeysFetched(Host, keys.Count);
        return keys;
    }

    private async Task<IList<SecurityKey>> DownloadAsync(ILogger logger)
    {
        using var request = new ProviderRequest(FailureStep.IdToken, ProviderCall.SigningKeys, $"{Owner} JWKS endpoint", HttpMethod.Get, JwksUrl);
        try
        {
            var answer = await backchannel.SendAsync(request, logger, CancellationToken.None);
            if (!answer.IsSuccess)
            {
                throw backchannel.Failure(request, answer);
            }

            // The package's JSON checks first (UTF-8, duplicate members): IdentityModel's parser would take one of two
            // members of the same name.
            using var document = ProviderJson.TryParse(answer.Body) ?? throw ProviderFailure.NotJson(request, answer);
            var keys = ReadKeys(document.RootElement) ?? throw ProviderFailure.Content(request, answer, "JSON that is not a JSON Web Key Set (no keys array)");

            // A set with nothing to verify a token with is a failed fetch, not the pool's new keys: taken as the keys, it
            // would put aside the ones fetched before, which still verify every token signed before a rotation.
            return keys.Count > 0 ? keys : throw ProviderFailure.Content(request, answer, $"a JSON Web Key Set with no key to use ({string.Join(", ", Algorithms)}, RSA keys of 2048 bits or more)");
        }
        catch (OAuth2GenericException exception)
        {
            // Where to look: the keys' URL is made from the issuer. Any failure but the transport's means there are no keys
            // to check a token with.
            throw ProviderFailure.Fetch(
                exception,
                exception.Step,
                $"{Owner} signing keys could not be fetched from {JwksUrl}. {exception.Message} {ConfigurationHint}",
                OAuth2GenericFailureReasons.SigningKeysUnavailable);
        }
    }

    /// <summary>The signing keys of a JWKS document for <see cref="Algorithms"/>, or null when it is not a JSON Web Key Set.</summary>
    private IList<SecurityKey>? ReadKeys(JsonElement document)
    {
        // RFC 7517 §5: the keys member is required, an array. IdentityModel takes a document without it for an empty set.
        if (document.ValueKind != JsonValueKind.Object || !document.TryGetProperty("keys", out var members) || members.ValueKind != JsonValueKind.Array)
        {
            return null;
        }

        JsonWebKeySet keySet;
        try
        {
            keySet = new JsonWebKeySet(document.GetRawText());
        }
        catch (ArgumentException)
        {
            return null;
        }

        // RFC 7517 §4.4: a key's alg, when present, is the one algorithm the key is for. IdentityModel does not look at
        // it, so a key published for RS512 would verify RS256 tokens: a key for an algorithm the scheme does not accept
        // is left out. (Among the accepted ones a key of the right family verifies any: the converted key no longer
        // carries its alg. A signature in another algorithm of the family still needs the key's private half.)
        foreach (var key in keySet.Keys.Where(key => !string.IsNullOrEmpty(key.Alg) && !Algorithms.Contains(key.Alg)).ToList())
        {
            keySet.Keys.Remove(key);
        }

        // NIST SP 800-131A and RFC 7518 §3.3 ("a key of size 2048 bits or larger MUST be used" for RS256): IdentityModel
        // verifies with RSA keys from 1024 bits, so a small key a JWKS publishes (by mistake, or planted) would be
        // trusted. Cognito's keys are 2048 bits.
        var keys = keySet.GetSigningKeys();
        foreach (var key in keys.Where(IsRsaKeyUnder2048Bits).ToList())
        {
            keys.Remove(key);
        }

        return keys;
    }

    // A loop rather than LINQ: asked on every token, it allocates nothing.
    private static bool Publishes(IList<SecurityKey> keys, string keyId)
    {
        foreach (var key in keys)
        {
            if (key.KeyId == keyId)
            {
                return true;
            }
        }

        return false;
    }

    private static bool IsRsaKeyUnder2048Bits(SecurityKey key) => key switch
    {
        RsaSecurityKey { Rsa: { } rsa } => rsa.KeySize < MinimumRsaKeySize,
        RsaSecurityKey parameters => BitLength(parameters.Parameters.Modulus) < MinimumRsaKeySize,
        X509SecurityKey { PublicKey: System.Security.Cryptography.RSA rsa } => rsa.KeySize < MinimumRsaKeySize,
        _ => false,
    };

    // The modulus's significant bits: its big-endian bytes without leading zeros (IdentityModel's KeySize counts bytes).
    private static int BitLength(byte[]? modulus)
    {
        var bytes = (modulus ?? []).AsSpan().TrimStart((byte)0);
        return bytes.IsEmpty ? 0 : ((bytes.Length - 1) * 8) + 32 - System.Numerics.BitOperations.LeadingZeroCount((uint)bytes[0]);
    }
}
