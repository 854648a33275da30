using System.Buffers;
using System.Security.Claims;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace OAuth2Generic.Cognito;

/// <summary>
/// Validates a bearer token sent to an API with the checks of AWS's <c>aws-jwt-verify</c>, each one: an RS256 signature
/// by a key of the pool's JWKS (an unknown kid fetches the keys again, at most once per RefreshInterval), no unknown
/// <c>crit</c>, <c>iss</c> exactly the pool, <c>exp</c> and <c>nbf</c>, <c>token_use</c> as accepted, and the app
/// client: <c>client_id</c> for an access token, <c>aud</c> for an id token.
/// </summary>
internal static class CognitoAccessTokenValidator
{
    // Thread-safe, and it keeps no state between tokens.
    private static readonly JsonWebTokenHandler TokenHandler = new();

    /// <summary>Adds the claims of a token that passes every check to <paramref name="identity"/>.</summary>
    /// <returns>When the token expires (its exp, in UTC).</returns>
    /// <exception cref="CognitoTokenRejection">The token fails a check; the rejection says which.</exception>
    public static async Task<DateTime> ValidateAsync(
        string token, CognitoJwtBearerOptions options, ClaimsIdentity identity, TimeProvider time, ILogger logger, CancellationToken cancellationToken)
    {
        if (token.Length > TokenHandler.MaximumTokenSizeInBytes)
        {
            throw Reject("The token is not a JWT.", $"The token has {token.Length} bytes, more than the {TokenHandler.MaximumTokenSizeInBytes} a token may have.");
        }

        // Decoded into a rented buffer, returned once the documents over it are disposed: a request of an API allocates none.
        var buffer = ArrayPool<byte>.Shared.Rent(CognitoJwtParts.BufferLength(token));
        try
        {
            var (header, payload) = CognitoJwtParts.Read(token, "token", static message => Reject("The token is not a JWT.", message), buffer);
            using (header)
            using (payload)
            {
                if (header is null || payload is null)
                {
                    throw Reject("The token is not a JWT.", "The token is not a signed JWT of three base64url parts.");
                }

                var jwt = await VerifyAsync(token, header.RootElement, options, time, logger, cancellationToken);
                var claims = payload.RootElement;
                CheckTokenUse(claims, options);
                CognitoAccessTokenClaims.Add(claims, options.EffectiveIssuer!, identity);
                return jwt.ValidTo;
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private static async Task<JsonWebToken> VerifyAsync(
        string encoded, JsonElement header, CognitoJwtBearerOptions options, TimeProvider time, ILogger logger, CancellationToken cancellationToken)
    {
        JsonWebToken token;
        try
        {
            token = TokenHandler.ReadJsonWebToken(encoded);
        }
        catch (ArgumentException)
        {
            throw Reject("The token is not a JWT.", "The token is not a JWT.");
        }

        // Checked first so that the answer says what is wrong: IdentityModel reports both as a signature that fails.
        if (string.IsNullOrEmpty(token.EncodedSignature))
        {
            throw Reject("The token is not signed.", "The token is not signed.");
        }

        // aws-jwt-verify: Cognito signs with RS256 only. An HS256 token "signed" with the public key as secret, or a
        // token of another family (ES256), is never tried against the pool's RSA keys.
        if (token.Alg != SecurityAlgorithms.RsaSha256)
        {
            throw Reject("The token is not signed with RS256.", $"The token is signed with '{ProviderText.Clean(token.Alg)}'; only RS256 is accepted.");
        }

        // RFC 7515 §4.1.11: a recipient that does not understand every extension crit lists must refuse the token.
        if (header.TryGetProperty("crit", out _))
        {
            throw Reject("The token marks header extensions as critical.", "The token's header has crit; this package understands no extension (RFC 7515 §4.1.11).");
        }

        // Before the keys: a token of another pool (or none) fetches nothing.
        var issuer = options.EffectiveIssuer!;
        if (!string.Equals(token.Issuer, issuer, StringComparison.Ordinal))
        {
            throw Reject("The token was not issued by this user pool.", $"The token was issued by '{ProviderText.Clean(token.Issuer) ?? "(no iss)"}', not by '{issuer}'.");
        }

        IList<SecurityKey> keys;
        try
        {
            keys = await options.SigningKeys.GetKeysAsync(token.Kid, rejected: null, time, logger, cancellationToken);
        }
        catch (OAuth2GenericException exception)
        {
            throw Reject("The user pool's signing keys could not be fetched.", exception.Message);
        }

        var parameters = options.ValidationParameters(keys);
        var result = await TokenHandler.ValidateTokenAsync(token, parameters);
        if (result.Exception is SecurityTokenInvalidSignatureException and not SecurityTokenSignatureKeyNotFoundException)
        {
            // A key published under this kid did not verify it: the keys may have changed under the same id. They are
            // fetched again, as for an unknown kid (at most once per RefreshInterval), and the token validated again.
            var refetched = await options.SigningKeys.GetKeysAsync(token.Kid, rejected: keys, time, logger, cancellationToken);
            if (!ReferenceEquals(refetched, keys))
            {
                result = await TokenHandler.ValidateTokenAsync(token, options.ValidationParameters(refetched));
            }
        }

        // IdentityModel's exception is not kept: with PII logging on, its message could quote the token.
        if (!result.IsValid)
        {
            throw Describe(result.Exception, token, options);
        }

        CheckLifetime(token, options, time);
        return token;
    }

    // After the signature, so that nothing about an unverified token's times is told.
    private static void CheckLifetime(JsonWebToken token, CognitoJwtBearerOptions options, TimeProvider time)
    {
        var now = time.GetUtcNow().UtcDateTime;
        // IdentityModel reads exp and nbf once; a token without one has DateTime.MinValue.
        if (token.ValidTo == DateTime.MinValue)
        {
            throw Reject("The token has no exp.", "The token has no exp.");
        }

        if (now > token.ValidTo + options.ClockSkew)
        {
            throw Reject("The token has expired.", $"The token expired at {token.ValidTo:u} (ClockSkew {options.ClockSkew}).");
        }

        if (token.ValidFrom != DateTime.MinValue && now + options.ClockSkew < token.ValidFrom)
        {
            throw Reject("The token is not valid yet (nbf).", $"The token is not valid before {token.ValidFrom:u} (ClockSkew {options.ClockSkew}); check this server's clock.");
        }
    }

    // aws-jwt-verify: token_use must be what the API accepts, and the app client is checked by the member that names it
    // in that kind of token.
    private static void CheckTokenUse(JsonElement claims, CognitoJwtBearerOptions options)
    {
        var tokenUse = ProviderJson.StringMember(claims, "token_use");
        var accepted = (tokenUse, options.TokenUse) switch
        {
            ("access", CognitoTokenUse.Access or CognitoTokenUse.Any) => true,
            ("id", CognitoTokenUse.Id or CognitoTokenUse.Any) => true,
            _ => false,
        };
        if (!accepted)
        {
            var expected = options.TokenUse switch
            {
                CognitoTokenUse.Access => "access tokens",
                CognitoTokenUse.Id => "id tokens",
                _ => "access and id tokens",
            };
            throw tokenUse is null
                ? Reject("The token has no token_use.", "The token has no token_use.")
                : Reject($"The token's token_use is not accepted: this API accepts {expected}.", $"The token has token_use '{ProviderText.Clean(tokenUse)}'; TokenUse is {options.TokenUse}.");
        }

        var clientMember = tokenUse == "access" ? "client_id" : "aud";
        var client = claims.TryGetProperty(clientMember, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
        if (client is null || !options.ClientIds.Contains(client))
        {
            throw Reject(
                $"The token was issued to an app client this API does not accept ({clientMember}).",
                $"The token's {clientMember} is '{ProviderText.Clean(client) ?? "(none)"}', which is not among ClientIds.");
        }
    }

    private static CognitoTokenRejection Describe(Exception? exception, JsonWebToken token, CognitoJwtBearerOptions options) => exception switch
    {
        SecurityTokenSignatureKeyNotFoundException => Reject(
            "The token is signed with a key the user pool does not publish.",
            $"The token is signed with key '{ProviderText.Clean(token.Kid) ?? "(no kid)"}', which the user pool's keys ({options.SigningKeys.JwksUrl}) do not include."),
        SecurityTokenInvalidSignatureException => Reject(
            "The token's signature does not verify.", "The token's signature does not verify with the user pool's keys."),
        SecurityTokenInvalidIssuerException => Reject(
            "The token was not issued by this user pool.", $"The token was issued by '{ProviderText.Clean(token.Issuer)}'."),
        _ => Reject("The token failed validation.", $"The token failed validation ({exception?.GetType().Name ?? "unknown reason"})."),
    };

    private static CognitoTokenRejection Reject(string description, string details) => new(description, details);
}
