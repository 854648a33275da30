using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace OAuth2Generic.Cognito;

/// <summary>
/// Validates the id_token of Cognito's token response with Microsoft.IdentityModel: an RS256 signature by one of the
/// user pool's keys, <c>iss</c>, <c>aud</c> = client id, <c>exp</c>/<c>nbf</c>, then Cognito's <c>token_use</c> = <c>id</c>
/// and the nonce sent with the authorize request.
/// </summary>
internal static class CognitoIdTokenValidator
{
    // Thread-safe, and it keeps no state between tokens.
    private static readonly JsonWebTokenHandler TokenHandler = new();

    /// <summary>Validates the token and returns its payload.</summary>
    /// <exception cref="OAuth2GenericException">The token is missing, malformed or fails a check; the message says which.</exception>
    public static async Task<JsonDocument> ValidateAsync(
        string? idToken, string? expectedNonce, CognitoOptions options, TimeProvider time, ILogger logger, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(idToken))
        {
            throw Failure("The token endpoint returned no id_token; Cognito sends one when the scope includes openid.");
        }

        JsonWebToken token;
        try
        {
            token = TokenHandler.ReadJsonWebToken(idToken);
        }
        catch (ArgumentException)
        {
            throw Failure("The token endpoint returned an id_token that is not a JWT.");
        }

        // Checked first so the message says what is wrong: IdentityModel reports both as a signature that fails.
        if (string.IsNullOrEmpty(token.EncodedSignature))
        {
            throw Failure("The id_token is not signed.");
        }

        if (token.Alg != SecurityAlgorithms.RsaSha256)
        {
            throw Failure($"The id_token is signed with '{ProviderText.Clean(token.Alg)}'; only RS256 is accepted.");
        }

        var keys = await options.SigningKeys.GetKeysAsync(token.Kid, time, logger, cancellationToken);
        var result = await TokenHandler.ValidateTokenAsync(token, new TokenValidationParameters
        {
            ValidIssuer = options.EffectiveIssuer,
            ValidAudience = options.ClientId,
            IssuerSigningKeys = keys,
            ValidAlgorithms = [SecurityAlgorithms.RsaSha256],
            ClockSkew = options.ClockSkew,
            RequireSignedTokens = true,
            RequireExpirationTime = true,
            ValidateLifetime = true,
        });

        if (!result.IsValid)
        {
            // IdentityModel's exception is not kept as the inner exception: with PII logging on, its message could quote the token.
            throw Failure(Describe(result.Exception, token, options));
        }

        // Cognito signs access tokens with the same keys; only an id token says who signed in.
        if (!token.TryGetPayloadValue<string>("token_use", out var tokenUse) || tokenUse != "id")
        {
            throw Failure($"The id_token has token_use '{ProviderText.Clean(tokenUse) ?? "(none)"}', not 'id'.");
        }

        // OpenID Connect Core §3.1.3.7: the nonce ties the token to this browser's sign-in, against replayed tokens.
        if (expectedNonce is null
            || !token.TryGetPayloadValue<string>("nonce", out var nonce)
            || !string.Equals(nonce, expectedNonce, StringComparison.Ordinal))
        {
            throw Failure("The id_token's nonce does not match the one sent with this sign-in.");
        }

        logger.IdTokenValidated(token.Kid);
        return JsonDocument.Parse(Base64UrlEncoder.DecodeBytes(token.EncodedPayload));
    }

    // Messages built here from the token's public members: IdentityModel's own hide their values (PII) and are long.
    private static string Describe(Exception? exception, JsonWebToken token, CognitoOptions options) => exception switch
    {
        SecurityTokenSignatureKeyNotFoundException =>
            $"The id_token is signed with key '{ProviderText.Clean(token.Kid) ?? "(no kid)"}', which the user pool's keys ({options.SigningKeys.JwksUrl}) do not include.",
        SecurityTokenInvalidSignatureException =>
            "The id_token's signature does not verify with the user pool's keys.",
        SecurityTokenInvalidIssuerException =>
            $"The id_token was issued by '{ProviderText.Clean(token.Issuer)}', not by '{options.EffectiveIssuer}' (Issuer, or Region and UserPoolId).",
        SecurityTokenInvalidAudienceException =>
            $"The id_token is for audience '{ProviderText.Clean(string.Join(' ', token.Audiences))}', not for this ClientId.",
        SecurityTokenExpiredException =>
            $"The id_token expired at {token.ValidTo:u} (ClockSkew {options.ClockSkew}).",
        SecurityTokenNotYetValidException =>
            $"The id_token is not valid before {token.ValidFrom:u} (ClockSkew {options.ClockSkew}); check this server's clock.",
        SecurityTokenNoExpirationException =>
            "The id_token has no exp.",
        _ => $"The id_token failed validation ({exception?.GetType().Name ?? "unknown reason"}).",
    };

    private static OAuth2GenericException Failure(string message) => new(SignInStep.IdToken, message);
}
