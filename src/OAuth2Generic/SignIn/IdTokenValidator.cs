using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace OAuth2Generic;

/// <summary>
/// The package's one id_token validation, for every scheme that knows its issuer (a generic scheme with an
/// <c>Authority</c>, <c>AddCognito</c> with its pool): with Microsoft.IdentityModel, a signature by one of the issuer's
/// keys in one of the scheme's algorithms, <c>iss</c>, <c>aud</c> = client id; then what IdentityModel leaves to its
/// callers: header and payload as strict as every provider JSON, no unknown <c>crit</c>, <c>exp</c>/<c>nbf</c> and
/// <c>iat</c> exactly by the scheme's clock, the nonce sent with the authorize request, and <c>azp</c>. A provider's
/// own checks come from its options (<see cref="OAuth2GenericOptions.CheckIdTokenShape"/>,
/// <see cref="OAuth2GenericOptions.CheckIdTokenClaims"/>: Cognito's claim types and <c>token_use</c>).
/// </summary>
internal static class IdTokenValidator
{
    // Thread-safe, and it keeps no state between tokens.
    private static readonly JsonWebTokenHandler TokenHandler = new();

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

        // IdentityModel's own limit, checked here so that the message says so: its error reads as "not a JWT".
        if (idToken.Length > TokenHandler.MaximumTokenSizeInBytes)
        {
            throw Failure("too_large", $"The token endpoint returned an id_token of {idToken.Length} bytes, larger than the {TokenHandler.MaximumTokenSizeInBytes} bytes a token may have.");
        }

        var (header, payload) = JwtParts.Read(idToken, "id_token", static message => Failure("malformed", message));
        using (header)
        {
            try
            {
                await CheckAsync(idToken, header, payload, expectedNonce, options, time, logger, cancellationToken);
                return payload!;
            }
            catch
            {
                payload?.Dispose();
                throw;
            }
        }
    }

    private static async Task CheckAsync(
        string idToken,
        JsonDocument? header,
        JsonDocument? payload,
        string? expectedNonce,
        OAuth2GenericOptions options,
        TimeProvider time,
        ILogger logger,
        CancellationToken cancellationToken)
    {
        // Before IdentityModel reads the token: a provider that checks its claims' types as it parses (Cognito).
        if (payload is not null)
        {
            options.CheckIdTokenShape(payload.RootElement);
        }

        JsonWebToken token;
        try
        {
            token = TokenHandler.ReadJsonWebToken(idToken);
        }
        catch (ArgumentException)
        {
            throw Failure("malformed", "The token endpoint returned an id_token that is not a JWT.");
        }

        if (header is null || payload is null)
        {
            // An encrypted token (five parts), or parts IdentityModel reads though they are not base64url.
            throw Failure("malformed", "The token endpoint returned an id_token that is not a signed JWT of three base64url parts.");
        }

        // Checked first so the message says what is wrong: IdentityModel reports both as a signature that fails.
        if (string.IsNullOrEmpty(token.EncodedSignature))
        {
            throw Failure("not_signed", "The id_token is not signed.");
        }

        // Asked before the keys are fetched, so that a token signed with none or an HMAC never costs a fetch.
        var issuer = await options.IdTokenIssuerAsync(time, logger, cancellationToken);
        var keysOf = issuer.Keys;
        if (!keysOf.Algorithms.Contains(token.Alg))
        {
            throw Failure(
                "algorithm",
                $"The id_token is signed with '{ProviderText.Clean(token.Alg)}'; only {string.Join(", ", keysOf.Algorithms)} {(keysOf.Algorithms.Count == 1 ? "is" : "are")} accepted.");
        }

        // RFC 7515 §4.1.11: a recipient that does not understand every extension crit lists must refuse the token.
        // IdentityModel does not look at crit, and this package understands no extension.
        if (header.RootElement.TryGetProperty("crit", out var critical))
        {
            throw Failure("critical_header", $"The id_token's header marks extensions as critical (crit {ProviderText.Clean(critical.GetRawText())}) that this package does not understand (RFC 7515 §4.1.11).");
        }

        var keys = await keysOf.GetKeysAsync(token.Kid, rejected: null, time, logger, cancellationToken);
        var claims = payload.RootElement;
        var parameters = new TokenValidationParameters
        {
            ValidIssuers = issuer.Issuers,
            ValidAudience = options.ClientId,
            IssuerSigningKeys = keys,
            ValidAlgorithms = keysOf.Algorithms,
            ClockSkew = options.ClockSkew,
            RequireSignedTokens = true,
            RequireExpirationTime = true,
            ValidateLifetime = true,
            LifetimeValidator = (_, _, _, _) => CheckLifetime(claims, options.ClockSkew, time),
        };
        var result = await TokenHandler.ValidateTokenAsync(token, parameters);
        if (result.Exception is SecurityTokenInvalidSignatureException and not SecurityTokenSignatureKeyNotFoundException)
        {
            // A key the provider publishes under this kid did not verify it: the keys may have changed under the same id
            // (or a wrong key was served once). The keys are fetched again, as for an unknown kid (at most once per
            // RefreshInterval), and the token validated again with them.
            var refetched = await keysOf.GetKeysAsync(token.Kid, rejected: keys, time, logger, cancellationToken);
            if (!ReferenceEquals(refetched, keys))
            {
                parameters.IssuerSigningKeys = refetched;
                result = await TokenHandler.ValidateTokenAsync(token, parameters);
            }
        }

        if (!result.IsValid)
        {
            // IdentityModel's exception is not kept as the inner exception: with PII logging on, its message could quote the token.
            throw Failure(CheckOf(result.Exception), Describe(result.Exception, token, claims, issuer, options));
        }

        options.CheckIdTokenClaims(claims);

        // OpenID Connect Core §3.1.3.7: the nonce ties the token to this browser's sign-in, against replayed tokens.
        if (!ReferenceEquals(expectedNonce, AtRefresh)
            && (expectedNonce is null || !string.Equals(ProviderJson.StringMember(claims, "nonce"), expectedNonce, StringComparison.Ordinal)))
        {
            throw Failure("nonce", "The id_token's nonce does not match the one sent with this sign-in.");
        }

        CheckAuthorizedParty(token, claims, options);
        CheckIssuedAt(claims, options, time);
        logger.IdTokenValidated(token.Kid);
    }

    // OpenID Connect Core §3.1.3.7, items 4 and 5: a token for several audiences names in azp the party it was issued to,
    // and an azp, when there is one, is this client. IdentityModel checks neither.
    private static void CheckAuthorizedParty(JsonWebToken token, JsonElement claims, OAuth2GenericOptions options)
    {
        var hasAzp = claims.TryGetProperty("azp", out var azp);
        if (hasAzp && (azp.ValueKind != JsonValueKind.String || azp.GetString() != options.ClientId))
        {
            throw Failure("authorized_party", $"The id_token was issued to the authorized party (azp) {ProviderText.Clean(azp.GetRawText())}, not to this ClientId.");
        }

        if (!hasAzp && token.Audiences.Skip(1).Any())
        {
            throw Failure(
                "authorized_party",
                $"The id_token is for several audiences ('{ProviderText.Clean(string.Join(' ', token.Audiences))}') and names no authorized party (azp); OpenID Connect Core §3.1.3.7 requires it to be this ClientId.");
        }
    }

    // exp and nbf by the scheme's TimeProvider, as iat below, not by the machine's clock, which IdentityModel's own check
    // reads; and from the payload, exactly, where IdentityModel rounds them to the nearest whole second. A
    // LifetimeValidator replaces IdentityModel's whole lifetime check, so this one makes all of it (no exp, nbf after
    // exp), with IdentityModel's exceptions, so that a failure is described as before.
    private static bool CheckLifetime(JsonElement claims, TimeSpan clockSkew, TimeProvider time)
    {
        if (NumericDate.Read(claims, "exp") is not { } expiry)
        {
            throw new SecurityTokenNoExpirationException();
        }

        var notBefore = NumericDate.Read(claims, "nbf");
        if (notBefore > expiry)
        {
            throw new SecurityTokenInvalidLifetimeException { NotBefore = NumericDate.ToDateTime(notBefore.Value), Expires = NumericDate.ToDateTime(expiry) };
        }

        // Saturating: a skew of days next to a date near DateTime's ends is past what a DateTime holds.
        var now = time.GetUtcNow().UtcDateTime;
        var latestStart = DateTime.MaxValue - now < clockSkew ? DateTime.MaxValue : now + clockSkew;
        var earliestEnd = now - DateTime.MinValue < clockSkew ? DateTime.MinValue : now - clockSkew;
        if (notBefore is { } start && NumericDate.Compare(start, latestStart) > 0)
        {
            throw new SecurityTokenNotYetValidException { NotBefore = NumericDate.ToDateTime(start) };
        }

        if (NumericDate.Compare(expiry, earliestEnd) < 0)
        {
            throw new SecurityTokenExpiredException { Expires = NumericDate.ToDateTime(expiry) };
        }

        return true;
    }

    // A token issued later than now, beyond the clock skew, was not issued by a provider whose clock agrees with this
    // server's (OpenID Connect Core §3.1.3.7, item 10, leaves the bound to the client). IdentityModel checks only exp and nbf.
    private static void CheckIssuedAt(JsonElement claims, OAuth2GenericOptions options, TimeProvider time)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var latest = DateTime.MaxValue - now < options.ClockSkew ? DateTime.MaxValue : now + options.ClockSkew;
        if (NumericDate.Read(claims, "iat") is { } issuedAt && NumericDate.Compare(issuedAt, latest) > 0)
        {
            throw Failure("issued_at", $"The id_token was issued at {NumericDate.Text(issuedAt)}, in the future (ClockSkew {options.ClockSkew}); check this server's clock.");
        }
    }

    // Messages built here from the token's public members: IdentityModel's own hide their values (PII) and are long.
    private static string Describe(Exception? exception, JsonWebToken token, JsonElement claims, IdTokenIssuer issuer, OAuth2GenericOptions options) => exception switch
    {
        SecurityTokenSignatureKeyNotFoundException =>
            $"The id_token is signed with key '{ProviderText.Clean(token.Kid) ?? "(no kid)"}', which {KeysName(issuer)} ({issuer.Keys.JwksUrl}) do not include.",
        SecurityTokenInvalidSignatureException =>
            $"The id_token's signature does not verify with {KeysName(issuer)}.",
        SecurityTokenInvalidIssuerException =>
            $"The id_token was issued by '{ProviderText.Clean(token.Issuer)}', not by '{issuer.Issuers[0]}' ({issuer.IssuerOptions}).",
        SecurityTokenInvalidAudienceException =>
            $"The id_token is for audience '{ProviderText.Clean(string.Join(' ', token.Audiences))}', not for this ClientId.",
        SecurityTokenExpiredException =>
            $"The id_token expired at {Time(claims, "exp")} (ClockSkew {options.ClockSkew}).",
        SecurityTokenNotYetValidException =>
            $"The id_token is not valid before {Time(claims, "nbf")} (ClockSkew {options.ClockSkew}); check this server's clock.",
        SecurityTokenNoExpirationException =>
            "The id_token has no exp.",
        SecurityTokenInvalidLifetimeException =>
            $"The id_token's nbf {Time(claims, "nbf")} is after its exp {Time(claims, "exp")}.",
        _ => $"The id_token failed validation ({exception?.GetType().Name ?? "unknown reason"}).",
    };

    // "the user pool's keys", "the provider's keys": the keys' owner as their messages name it.
    private static string KeysName(IdTokenIssuer issuer) => string.Concat(issuer.Keys.Owner.AsSpan(0, 1).ToString().ToLowerInvariant(), issuer.Keys.Owner.AsSpan(1), " keys");

    private static string Time(JsonElement claims, string name) => NumericDate.Read(claims, name) is { } seconds ? NumericDate.Text(seconds) : "(none)";

    // The check's name for OAuth2GenericException.IdTokenCheck and the telemetry: a fixed word, never the token's values.
    private static string CheckOf(Exception? exception) => exception switch
    {
        SecurityTokenSignatureKeyNotFoundException => "signing_key",
        SecurityTokenInvalidSignatureException => "signature",
        SecurityTokenInvalidIssuerException => "issuer",
        SecurityTokenInvalidAudienceException => "audience",
        SecurityTokenExpiredException => "expired",
        SecurityTokenNotYetValidException => "not_yet_valid",
        SecurityTokenNoExpirationException => "no_expiry",
        SecurityTokenInvalidLifetimeException => "lifetime",
        _ => "other",
    };

    /// <summary>A failed check of the id_token: its check's fixed name and the message, which never quotes the token.</summary>
    /// <param name="check">The check's name (<see cref="OAuth2GenericException.IdTokenCheck"/>).</param>
    /// <param name="message">What is wrong.</param>
    public static OAuth2GenericException Failure(string check, string message) => new(FailureStep.IdToken, message) { IdTokenCheck = check };
}
