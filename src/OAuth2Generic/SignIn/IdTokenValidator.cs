using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.IdentityModel.Tokens;

namespace OAuth2Generic;

/// <summary>
/// The package's one id_token validation, for every scheme that knows its issuer (a generic scheme with an
/// <c>Authority</c>, <c>AddCognito</c> with its pool): header and payload read as strictly as every provider JSON, one of
/// the scheme's algorithms, no unknown <c>crit</c>, a signature by one of the issuer's keys (<see cref="JwsSignature"/>),
/// <c>exp</c>/<c>nbf</c> and <c>iat</c> exactly by the scheme's clock, <c>aud</c> = client id, <c>iss</c>, the nonce sent
/// with the authorize request, and <c>azp</c>. A provider's own checks come from its options
/// (<see cref="OAuth2GenericOptions.CheckIdTokenShape"/>, <see cref="OAuth2GenericOptions.CheckIdTokenClaims"/>: Cognito's
/// claim types and <c>token_use</c>).
/// </summary>
/// <remarks>
/// The token is read once, and the checks are made on that reading; only the signature's arithmetic is
/// Microsoft.IdentityModel's. Its token handler read the token a second time and ran a pipeline whose lifetime check had
/// to be replaced (it reads the machine's clock and rounds to whole seconds) and whose messages had to be rewritten (they
/// hide the values as PII), and it cost a sign-in more than the signature itself. The checks run in the handler's order:
/// signature, lifetime, audience, issuer, then what it leaves to its callers.
/// </remarks>
internal static class IdTokenValidator
{
    // The largest token read: IdentityModel's default, which this validation kept when it used IdentityModel's handler.
    private const int MaximumTokenSize = TokenValidationParameters.DefaultMaximumTokenSizeInBytes;

    /// <summary>
    /// The nonce an id_token from a refresh is checked with: none. OpenID Connect Core §12.2 leaves it out of a refresh
    /// answer, which no authorize request precedes.
    /// </summary>
    public const string AtRefresh = "";

    /// <summary>Validates the token and returns its payload.</summary>
    /// <param name="idToken">The id_token of the token endpoint's answer.</param>
    /// <param name="expectedNonce">The nonce the authorize request sent, or <see cref="AtRefresh"/> for a refresh answer.</param>
    /// <param name="options">The scheme's options.</param>
    /// <param name="time">The clock.</param>
    /// <param name="logger">The logger.</param>
    /// <param name="cancellationToken">Ends a fetch of the signing keys.</param>
    /// <exception cref="OAuth2GenericException">The token is missing, malformed or fails a check; the message says which.</exception>
    public static async Task<JsonDocument> ValidateAsync(
        string? idToken, string? expectedNonce, OAuth2GenericOptions options, TimeProvider time, ILogger logger, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(idToken))
        {
            throw Failure("missing", $"The token endpoint returned no id_token; {options.IdTokenSender} sends one when the scope includes openid.");
        }

        if (idToken.Length > MaximumTokenSize)
        {
            throw Failure("too_large", $"The token endpoint returned an id_token of {idToken.Length} bytes, larger than the {MaximumTokenSize} bytes a token may have.");
        }

        if (!JwsSignature.IsCompact(idToken))
        {
            throw Failure("malformed", "The token endpoint returned an id_token that is not a JWT.");
        }

        var (header, payload) = JwtParts.Read(idToken, "id_token", static message => Failure("malformed", message));
        if (header is null || payload is null)
        {
            header?.Dispose();
            payload?.Dispose();
            throw idToken.Count(static character => character == '.') == 4
                ? Failure("malformed", "The token endpoint returned an id_token that is not a signed JWT of three base64url parts.")
                : Failure("malformed", "The token endpoint returned an id_token that is not a JWT.");
        }

        using (header)
        {
            try
            {
                await CheckAsync(idToken, header.RootElement, payload.RootElement, expectedNonce, options, time, logger, cancellationToken);
                return payload;
            }
            catch
            {
                payload.Dispose();
                throw;
            }
        }
    }

    private static async Task CheckAsync(
        string idToken,
        JsonElement header,
        JsonElement claims,
        string? expectedNonce,
        OAuth2GenericOptions options,
        TimeProvider time,
        ILogger logger,
        CancellationToken cancellationToken)
    {
        // First, as a provider that checks its claims' types as it parses does (Cognito).
        options.CheckIdTokenShape(claims);

        // Checked before the algorithm so that the message says what is wrong.
        if (idToken.EndsWith('.'))
        {
            throw Failure("not_signed", "The id_token is not signed.");
        }

        // Asked before the keys are fetched, so that a token signed with none or an HMAC never costs a fetch.
        var issuer = await options.IdTokenIssuerAsync(time, logger, cancellationToken);
        var keys = issuer.Keys;
        var algorithm = ProviderJson.StringMember(header, "alg");
        if (algorithm is null || !keys.Algorithms.Contains(algorithm))
        {
            throw Failure(
                "algorithm",
                $"The id_token is signed with '{ProviderText.Clean(algorithm)}'; only {string.Join(", ", keys.Algorithms)} {(keys.Algorithms.Count == 1 ? "is" : "are")} accepted.");
        }

        // RFC 7515 §4.1.11: a recipient that does not understand every extension crit lists must refuse the token, and
        // this package understands no extension.
        if (header.TryGetProperty("crit", out var critical))
        {
            throw Failure("critical_header", $"The id_token's header marks extensions as critical (crit {ProviderText.Clean(critical.GetRawText())}) that this package does not understand (RFC 7515 §4.1.11).");
        }

        var keyId = header.TryGetProperty("kid", out var kid)
            ? kid.ValueKind == JsonValueKind.String ? kid.GetString() : throw Failure("malformed", "The id_token's kid is not a string.")
            : null;
        switch (await JwsSignature.VerifyAsync(idToken, algorithm, keyId, keys, time, logger, cancellationToken))
        {
            case SignatureCheck.NotBase64Url:
                throw Failure("malformed", "The id_token's signature is not base64url.");
            case SignatureCheck.KeyNotFound:
                throw Failure("signing_key", $"The id_token is signed with key '{ProviderText.Clean(keyId) ?? "(no kid)"}', which {KeysName(issuer)} ({keys.JwksUrl}) do not include.");
            case SignatureCheck.DoesNotVerify:
                throw Failure("signature", $"The id_token's signature does not verify with {KeysName(issuer)}.");
        }

        // One reading of the scheme's clock for every time check of this token.
        var now = time.GetUtcNow().UtcDateTime;
        CheckLifetime(claims, options.ClockSkew, now);
        var audiences = Audiences(claims);
        if (!audiences.Contains(options.ClientId))
        {
            throw Failure("audience", $"The id_token is for audience '{ProviderText.Clean(string.Join(' ', audiences))}', not for this ClientId.");
        }

        var tokenIssuer = ProviderJson.StringMember(claims, "iss");
        if (tokenIssuer is null || !issuer.Issuers.Contains(tokenIssuer, StringComparer.Ordinal))
        {
            throw Failure("issuer", $"The id_token was issued by '{ProviderText.Clean(tokenIssuer)}', not by '{issuer.Issuers[0]}' ({issuer.IssuerOptions}).");
        }

        options.CheckIdTokenClaims(claims);

        // OpenID Connect Core §3.1.3.7: the nonce ties the token to this browser's sign-in, against replayed tokens.
        if (!ReferenceEquals(expectedNonce, AtRefresh)
            && (expectedNonce is null || !string.Equals(ProviderJson.StringMember(claims, "nonce"), expectedNonce, StringComparison.Ordinal)))
        {
            throw Failure("nonce", "The id_token's nonce does not match the one sent with this sign-in.");
        }

        CheckAuthorizedParty(audiences, claims, options);
        CheckIssuedAt(claims, options.ClockSkew, now);
        logger.IdTokenValidated(keyId);
    }

    // RFC 7519 §4.1.3: aud is one string or an array of strings.
    private static List<string> Audiences(JsonElement claims)
    {
        var audiences = new List<string>(1);
        if (claims.TryGetProperty("aud", out var audience))
        {
            if (audience.ValueKind == JsonValueKind.String)
            {
                audiences.Add(audience.GetString()!);
            }
            else if (audience.ValueKind == JsonValueKind.Array)
            {
                foreach (var item in audience.EnumerateArray())
                {
                    if (item.ValueKind == JsonValueKind.String)
                    {
                        audiences.Add(item.GetString()!);
                    }
                }
            }
        }

        return audiences;
    }

    // OpenID Connect Core §3.1.3.7, items 4 and 5: a token for several audiences names in azp the party it was issued to,
    // and an azp, when there is one, is this client.
    private static void CheckAuthorizedParty(List<string> audiences, JsonElement claims, OAuth2GenericOptions options)
    {
        var hasAzp = claims.TryGetProperty("azp", out var azp);
        if (hasAzp && (azp.ValueKind != JsonValueKind.String || azp.GetString() != options.ClientId))
        {
            throw Failure("authorized_party", $"The id_token was issued to the authorized party (azp) {ProviderText.Clean(azp.GetRawText())}, not to this ClientId.");
        }

        if (!hasAzp && audiences.Count > 1)
        {
            throw Failure(
                "authorized_party",
                $"The id_token is for several audiences ('{ProviderText.Clean(string.Join(' ', audiences))}') and names no authorized party (azp); OpenID Connect Core §3.1.3.7 requires it to be this ClientId.");
        }
    }

    // exp and nbf by the scheme's TimeProvider, as iat below, not by the machine's clock; and exactly, not rounded to the
    // nearest whole second.
    private static void CheckLifetime(JsonElement claims, TimeSpan clockSkew, DateTime now)
    {
        if (NumericDate.Read(claims, "exp") is not { } expiry)
        {
            throw Failure("no_expiry", "The id_token has no exp.");
        }

        var notBefore = NumericDate.Read(claims, "nbf");
        if (notBefore > expiry)
        {
            throw Failure("lifetime", $"The id_token's nbf {NumericDate.Text(notBefore.Value)} is after its exp {NumericDate.Text(expiry)}.");
        }

        if (notBefore is { } start && NumericDate.Compare(start, NumericDate.LatestStart(now, clockSkew)) > 0)
        {
            throw Failure("not_yet_valid", $"The id_token is not valid before {NumericDate.Text(start)} (ClockSkew {clockSkew}); check this server's clock.");
        }

        if (NumericDate.Compare(expiry, NumericDate.EarliestEnd(now, clockSkew)) < 0)
        {
            throw Failure("expired", $"The id_token expired at {NumericDate.Text(expiry)} (ClockSkew {clockSkew}).");
        }
    }

    // A token issued later than now, beyond the clock skew, was not issued by a provider whose clock agrees with this
    // server's (OpenID Connect Core §3.1.3.7, item 10, leaves the bound to the client). IdentityModel checks only exp and nbf.
    private static void CheckIssuedAt(JsonElement claims, TimeSpan clockSkew, DateTime now)
    {
        if (NumericDate.Read(claims, "iat") is { } issuedAt && NumericDate.Compare(issuedAt, NumericDate.LatestStart(now, clockSkew)) > 0)
        {
            throw Failure("issued_at", $"The id_token was issued at {NumericDate.Text(issuedAt)}, in the future (ClockSkew {clockSkew}); check this server's clock.");
        }
    }

    // "the user pool's keys", "the provider's keys": the keys' owner as their messages name it.
    private static string KeysName(IdTokenIssuer issuer) => string.Concat(issuer.Keys.Owner.AsSpan(0, 1).ToString().ToLowerInvariant(), issuer.Keys.Owner.AsSpan(1), " keys");

    /// <summary>A failed check of the id_token: its check's fixed name and the message, which never quotes the token.</summary>
    /// <param name="check">The check's name (<see cref="OAuth2GenericException.IdTokenCheck"/>).</param>
    /// <param name="message">What is wrong.</param>
    public static OAuth2GenericException Failure(string check, string message) => new(FailureStep.IdToken, message) { IdTokenCheck = check };
}
