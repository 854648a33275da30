using System.Buffers;
using System.Buffers.Text;
using Microsoft.Extensions.Logging;
using Microsoft.IdentityModel.Tokens;

namespace OAuth2Generic;

/// <summary>
/// The signature check of a compact JWS (RFC 7515 §5.2), shared by the id_token validation and the API's bearer check:
/// the keys of the issuer published under the token's <c>kid</c>, fetched once more when none of them verifies it.
/// </summary>
/// <remarks>
/// The verification itself is Microsoft.IdentityModel's <see cref="SignatureProvider"/> for the key, with its cached
/// providers, as its token handler does. The handler is not called: it would read the token a second time and build a
/// token object and a result neither check uses, which costs a sign-in and every API request more than the signature.
/// The keys are chosen by <c>kid</c> strictly (as AWS's <c>aws-jwt-verify</c> and <c>jose</c> do): a token that names a
/// key the issuer does not publish is refused even when another of its keys would verify it.
/// </remarks>
internal static class JwsSignature
{
    // RFC 7515 §7.1: a compact JWS is base64url (RFC 4648 §5, no padding) segments separated by dots. .NET's decoder also
    // skips white space and padding, so without this check one token could be sent in countless spellings.
    private static readonly SearchValues<char> CompactCharacters =
        SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.");

    /// <summary>Whether the token has only the characters of a compact serialization (base64url and dots).</summary>
    public static bool IsCompact(string token) => !token.AsSpan().ContainsAnyExcept(CompactCharacters);

    /// <summary>Verifies the token's signature by the issuer's keys.</summary>
    /// <param name="token">A compact token of three segments, the last not empty, as <see cref="JwtParts"/> read it.</param>
    /// <param name="algorithm">The token's <c>alg</c>, already checked to be one the keys are for.</param>
    /// <param name="keyId">The token's <c>kid</c>; null tries every key.</param>
    /// <param name="keys">The issuer's keys.</param>
    /// <param name="time">The scheme's clock.</param>
    /// <param name="logger">The handler's logger.</param>
    /// <param name="cancellationToken">Ends a fetch of the keys.</param>
    /// <exception cref="OAuth2GenericException">The keys could not be fetched.</exception>
    public static async ValueTask<SignatureCheck> VerifyAsync(
        string token,
        string algorithm,
        string? keyId,
        SigningKeys keys,
        TimeProvider time,
        ILogger logger,
        CancellationToken cancellationToken)
    {
        var known = await keys.GetKeysAsync(keyId, rejected: null, time, logger, cancellationToken);
        var candidates = Verify(token, algorithm, keyId, known, out var verified);
        if (!verified && candidates > 0)
        {
            // A key published under this kid did not verify it: the keys may have changed under the same id (or a wrong
            // key was served once). They are fetched again, as for an unknown kid (at most once per RefreshInterval).
            var refetched = await keys.GetKeysAsync(keyId, rejected: known, time, logger, cancellationToken);
            if (!ReferenceEquals(refetched, known))
            {
                candidates = Verify(token, algorithm, keyId, refetched, out verified);
            }
        }

        return verified ? SignatureCheck.Verified
            : candidates < 0 ? SignatureCheck.NotBase64Url
            : candidates == 0 ? SignatureCheck.KeyNotFound
            : SignatureCheck.DoesNotVerify;
    }

    // The signature over the ASCII of "header.payload", by each key under the kid until one verifies it; returns how many
    // were tried, or -1 when the signature is not base64url.
    private static int Verify(string token, string algorithm, string? keyId, IList<SecurityKey> keys, out bool verified)
    {
        verified = false;
        var candidates = 0;
        var lastDot = token.LastIndexOf('.');
        var signed = ArrayPool<byte>.Shared.Rent(lastDot);
        var signature = ArrayPool<byte>.Shared.Rent(Base64Url.GetMaxDecodedLength(token.Length - lastDot - 1));
        try
        {
            var signedLength = System.Text.Encoding.ASCII.GetBytes(token.AsSpan(0, lastDot), signed);
            if (Base64Url.DecodeFromChars(token.AsSpan(lastDot + 1), signature, out _, out var signatureLength) != OperationStatus.Done)
            {
                return -1;
            }

            foreach (var key in keys)
            {
                if (keyId is not null && key.KeyId != keyId)
                {
                    continue;
                }

                candidates++;
                if (VerifyWith(key, algorithm, signed, signedLength, signature, signatureLength))
                {
                    verified = true;
                    break;
                }
            }

            return candidates;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(signed, clearArray: true);
            ArrayPool<byte>.Shared.Return(signature, clearArray: true);
        }
    }

    private static bool VerifyWith(SecurityKey key, string algorithm, byte[] signed, int signedLength, byte[] signature, int signatureLength)
    {
        var factory = key.CryptoProviderFactory ?? CryptoProviderFactory.Default;
        SignatureProvider provider;
        try
        {
            provider = factory.CreateForVerifying(key, algorithm);
        }
        catch (Exception exception) when (exception is NotSupportedException or ArgumentException or InvalidOperationException)
        {
            // A key that cannot verify this algorithm (too small, another family) verifies nothing.
            return false;
        }

        try
        {
            return provider.Verify(signed, 0, signedLength, signature, 0, signatureLength);
        }
        catch (Exception exception) when (exception is ArgumentException or System.Security.Cryptography.CryptographicException)
        {
            // An empty signature, or a published key the platform cannot use: this key verifies nothing.
            return false;
        }
        finally
        {
            factory.ReleaseSignatureProvider(provider);
        }
    }
}
