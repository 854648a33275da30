using System.Buffers;
using System.Security.Claims;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.IdentityModel.Tokens;

namespace OAuth2Generic.Cognito;

/// <summary>
/// Validates a bearer token sent to an API with the checks of AWS's <c>aws-jwt-verify</c>, each one: the JSON types of
/// the registered claims (<see cref="CognitoClaimTypeRules"/>), an RS256 signature by a key of the pool's JWKS (an
/// unknown kid fetches the keys again, at most once per RefreshInterval), no unknown <c>crit</c>, <c>iss</c> the pool in
/// either of Cognito's forms, <c>exp</c> and <c>nbf</c> exactly, <c>token_use</c> as accepted, and the app client:
/// <c>client_id</c> for an access token, <c>aud</c> for an id token.
/// </summary>
/// <remarks>
/// The token is read once, by the package's strict JSON reader (<see cref="JwtParts"/>), and its signature checked by
/// <see cref="JwsSignature"/>, as the id_token's is: Microsoft.IdentityModel's token handler would read the token a
/// second time and build what an API request does not need, a cost an API pays on every request.
/// </remarks>
internal static class CognitoAccessTokenValidator
{
    // The largest token read, IdentityModel's own default.
    private const int MaximumTokenSize = TokenValidationParameters.DefaultMaximumTokenSizeInBytes;

    /// <summary>Adds the claims of a token that passes every check to <paramref name="identity"/>.</summary>
    /// <returns>When the token expires (its exp, in UTC), and the pool that issued it.</returns>
    /// <exception cref="CognitoTokenRejection">The token fails a check; the rejection says which.</exception>
    public static async Task<(DateTime Expires, TrustedUserPool Pool)> ValidateAsync(
        string token, CognitoJwtBearerOptions options, ClaimsIdentity identity, TimeProvider time, ILogger logger, CancellationToken cancellationToken)
    {
        if (!JwsSignature.IsCompact(token))
        {
            throw Reject("The token is not a JWT.", "The token has characters a compact JWT cannot have (RFC 7515 §7.1).");
        }

        if (token.Length > MaximumTokenSize)
        {
            throw Reject("The token is not a JWT.", $"The token has {token.Length} bytes, more than the {MaximumTokenSize} a token may have.");
        }

        // Decoded into a rented buffer, returned once the documents over it are disposed: a request of an API allocates none.
        var buffer = ArrayPool<byte>.Shared.Rent(JwtParts.BufferLength(token));
        try
        {
            var (header, payload) = JwtParts.Read(token, "token", static message => Reject("The token is not a JWT.", message), buffer);
            using (header)
            using (payload)
            {
                if (header is null || payload is null)
                {
                    throw Reject("The token is not a JWT.", "The token is not a signed JWT of three base64url parts.");
                }

                // aws-jwt-verify refuses a claim of the wrong type while it parses, before any key: so does this.
                var claims = payload.RootElement;
                if (CognitoClaimTypeRules.Check(claims) is { } wrong)
                {
                    throw Reject(wrong.Summary("token"), wrong.Details("token"));
                }

                var pool = await VerifyAsync(token, header.RootElement, claims, options, time, logger, cancellationToken);
                var expires = CheckLifetime(claims, options, time);
                CheckTokenUse(claims, options, pool);
                CognitoAccessTokenClaims.Add(claims, pool.Issuer, identity);
                return (expires, pool);
            }
        }
        finally
        {
            // Cleared: the buffer held the token's claims, and goes back to a pool the whole process shares.
            ArrayPool<byte>.Shared.Return(buffer, clearArray: true);
        }
    }

    private static async Task<TrustedUserPool> VerifyAsync(
        string token, JsonElement header, JsonElement claims, CognitoJwtBearerOptions options, TimeProvider time, ILogger logger, CancellationToken cancellationToken)
    {
        // Three segments, as JwtParts found; the last is the signature.
        if (token.EndsWith('.'))
        {
            throw Reject("The token is not signed.", "The token is not signed.");
        }

        // aws-jwt-verify: Cognito signs with RS256 only. An HS256 token "signed" with the public key as secret, or a
        // token of another family (ES256), is never tried against the pool's RSA keys.
        var algorithm = ProviderJson.StringMember(header, "alg");
        if (algorithm != SecurityAlgorithms.RsaSha256)
        {
            throw Reject("The token is not signed with RS256.", $"The token is signed with '{ProviderText.Clean(algorithm) ?? "(no alg)"}'; only RS256 is accepted.");
        }

        // RFC 7515 §4.1.11: a recipient that does not understand every extension crit lists must refuse the token.
        if (header.TryGetProperty("crit", out _))
        {
            throw Reject("The token marks header extensions as critical.", "The token's header has crit; this package understands no extension (RFC 7515 §4.1.11).");
        }

        // Before the keys: a token of a pool the scheme does not trust (or of none) fetches nothing.
        var pool = await options.TrustedPools.TrustedAsync(ProviderJson.StringMember(claims, "iss"), logger, cancellationToken);

        var keyId = header.TryGetProperty("kid", out var kid) ? (kid.ValueKind == JsonValueKind.String ? kid.GetString() : throw Reject("The token is not a JWT.", "The token's kid is not a string.")) : null;

        // aws-jwt-verify: Cognito names the signing key of every token it issues. One that names none is not Cognito's,
        // and trying it with every key of the pool would let its sender choose how many signatures the API checks.
        if (keyId is null && !options.AcceptTokensWithoutKeyId)
        {
            throw Reject("The token names no signing key (kid).", "The token's header has no kid; AcceptTokensWithoutKeyId is off.");
        }

        SignatureCheck check;
        try
        {
            check = await JwsSignature.VerifyAsync(
                token, algorithm, keyId, pool.Keys, time, logger, cancellationToken);
        }
        catch (OAuth2GenericException exception)
        {
            // Not the token's fault: answered 503, so that a caller keeps a token that is probably good.
            throw new CognitoTokenRejection("The user pool's signing keys could not be fetched.", exception.Message) { IsServerProblem = true };
        }

        return check switch
        {
            SignatureCheck.Verified => pool,
            SignatureCheck.NotBase64Url => throw Reject("The token is not a JWT.", "The token's signature is not base64url."),
            SignatureCheck.KeyNotFound => throw Reject(
                "The token is signed with a key the user pool does not publish.",
                $"The token is signed with key '{ProviderText.Clean(keyId) ?? "(no kid)"}', which the user pool's keys ({pool.Keys.JwksUrl}) do not include."),
            _ => throw Reject("The token's signature does not verify.", "The token's signature does not verify with the user pool's keys."),
        };
    }

    // After the signature, so that nothing about an unverified token's times is told. Compared exactly, as aws-jwt-verify
    // does (no rounding to whole seconds), against the scheme's clock.
    private static DateTime CheckLifetime(JsonElement claims, CognitoJwtBearerOptions options, TimeProvider time)
    {
        var now = time.GetUtcNow().UtcDateTime;
        if (NumericDate.Read(claims, "exp") is not { } expires)
        {
            throw Reject("The token has no exp.", "The token has no exp.");
        }

        if (NumericDate.Compare(expires, NumericDate.EarliestEnd(now, options.ClockSkew)) < 0)
        {
            throw Reject("The token has expired.", $"The token expired at {NumericDate.Text(expires)} (ClockSkew {options.ClockSkew}).");
        }

        if (NumericDate.Read(claims, "nbf") is { } notBefore && NumericDate.Compare(notBefore, NumericDate.LatestStart(now, options.ClockSkew)) > 0)
        {
            throw Reject("The token is not valid yet (nbf).", $"The token is not valid before {NumericDate.Text(notBefore)} (ClockSkew {options.ClockSkew}); check this server's clock.");
        }

        return NumericDate.ToDateTime(expires);
    }

    // aws-jwt-verify: token_use must be what the API accepts, and the app client is checked by the member that names it
    // in that kind of token.
    private static void CheckTokenUse(JsonElement claims, CognitoJwtBearerOptions options, TrustedUserPool pool)
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
        if (client is null || !pool.ClientIds.Contains(client))
        {
            throw Reject(
                $"The token was issued to an app client this API does not accept ({clientMember}).",
                $"The token's {clientMember} is '{ProviderText.Clean(client) ?? "(none)"}', which is not among ClientIds.");
        }
    }

    private static CognitoTokenRejection Reject(string description, string details) => new(description, details);
}
