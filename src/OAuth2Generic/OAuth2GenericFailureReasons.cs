namespace OAuth2Generic;

/// <summary>
/// The stable, documented reasons a sign-in or a provider call fails for: the value of
/// <see cref="OAuth2GenericException.Reason"/>, of the <c>FailureReason</c> in the package's log lines, and of the
/// <c>error.type</c> tag of its traces and metrics (see <c>docs/observability.md</c>). <c>docs/troubleshooting.md</c>
/// has a table from each reason to its usual causes and fixes.
/// </summary>
/// <remarks>
/// The values are part of the public contract: dashboards and alerts are built on them, so none is renamed or reused
/// for another meaning. New ones may be added. A failure the package did not cause (an application's event handler
/// that calls <c>Fail</c>) carries none of them; telemetry tags it <c>_OTHER</c>, as OpenTelemetry's conventions do.
/// </remarks>
public static class OAuth2GenericFailureReasons
{
    /// <summary>
    /// The browser did not send the correlation cookie with the callback: the sign-in did not run over HTTPS (the cookie
    /// is <c>Secure</c>), a SameSite or third-party-cookie rule dropped it, or it expired (RemoteAuthenticationTimeout).
    /// </summary>
    public const string CorrelationCookieMissing = "correlation_cookie_missing";

    /// <summary>The correlation cookie came with the callback but does not match the state.</summary>
    public const string CorrelationInvalid = "correlation_invalid";

    /// <summary>
    /// The callback was already used to sign in, and the browser brought it again (the back button, a reload, a
    /// bookmarked callback URL): its correlation cookie is gone, and the user is signed in since that callback's challenge.
    /// </summary>
    public const string CallbackRepeated = "callback_repeated";

    /// <summary>
    /// The request to the callback path is not a callback: no state, no code, or a parameter repeated. Usually a bot or
    /// a hand-typed URL.
    /// </summary>
    public const string CallbackInvalid = "callback_invalid";

    /// <summary>
    /// The state could not be unprotected: the servers do not share their Data Protection key ring, the key ring was
    /// replaced since the challenge, or the state was altered.
    /// </summary>
    public const string StateInvalid = "state_invalid";

    /// <summary>The callback came later than RemoteAuthenticationTimeout after the challenge.</summary>
    public const string StateExpired = "state_expired";

    /// <summary>
    /// The provider sent an error to the callback (RFC 6749 §4.1.2.1), <c>access_denied</c> when the user cancelled; its
    /// code is in <see cref="OAuth2GenericException.Error"/>.
    /// </summary>
    public const string ProviderError = "provider_error";

    /// <summary>
    /// The token endpoint refused the request (its <c>error</c> code is in <see cref="OAuth2GenericException.Error"/>) or
    /// answered with something that is not a token response.
    /// </summary>
    public const string TokenRequestFailed = "token_request_failed";

    /// <summary>
    /// The user-info endpoint refused the request or answered with something that is not a user document. At a refresh
    /// (<see cref="OAuth2GenericOptions.UpdateClaimsOnRefresh"/>) it ends the session only when the endpoint refused the
    /// new token (401, 403) or answered about another user; otherwise the session keeps its claims.
    /// </summary>
    public const string UserInfoFailed = "user_info_failed";

    /// <summary>
    /// The id_token is missing or failed a check; which one is in <see cref="OAuth2GenericException.IdTokenCheck"/>.
    /// </summary>
    public const string IdTokenInvalid = "id_token_invalid";

    /// <summary>
    /// The provider's signing keys (its JWKS) could not be had, so the id_token could not be checked: the JWKS answered
    /// with an error status, or with no JSON Web Key Set holding a key to use, and no key fetched before verifies the
    /// token. A JWKS out of reach is <see cref="Timeout"/> or <see cref="ProviderUnreachable"/>; a redirect
    /// <see cref="ProviderAnswerRefused"/>. At a refresh, the session is kept.
    /// </summary>
    public const string SigningKeysUnavailable = "signing_keys_unavailable";

    /// <summary>The user document could not be turned into claims: no usable id, or a document of another shape.</summary>
    public const string MappingFailed = "mapping_failed";

    /// <summary>
    /// The revocation endpoint refused to revoke the refresh token at sign-out, or answered with no usable document; the
    /// sign-out went on.
    /// </summary>
    public const string RevocationFailed = "revocation_failed";

    /// <summary>
    /// A discovery document was refused (an error status, a 404 at every well-known address, a body that is not JSON or
    /// not a usable document) or names another issuer (step <see cref="FailureStep.Discovery"/>): at the sign-in of a
    /// scheme with an <c>Authority</c> (whose issuer must be the Authority), and in a user pool's health check. A
    /// document out of reach is <see cref="Timeout"/> or <see cref="ProviderUnreachable"/>, as for every endpoint.
    /// </summary>
    public const string DiscoveryFailed = "discovery_failed";

    /// <summary>A provider endpoint did not answer within BackchannelTimeout.</summary>
    public const string Timeout = "timeout";

    /// <summary>
    /// A provider endpoint could not be reached or broke off its answer (DNS, a refused connection, TLS, a reset; these are
    /// transient), or could not be called at all: the application's own backchannel handler threw (a circuit breaker,
    /// say; not transient).
    /// </summary>
    public const string ProviderUnreachable = "provider_unreachable";

    /// <summary>
    /// A provider endpoint answered in a way the package refuses whatever the step and the endpoint: a redirect (never
    /// followed), or a body larger than BackchannelMaxResponseSize.
    /// </summary>
    public const string ProviderAnswerRefused = "provider_answer_refused";

    /// <summary>
    /// The provider refused the saved refresh token (<c>invalid_grant</c>): it expired, was revoked (a sign-out
    /// elsewhere, an administrator), or was rotated away by an earlier refresh. The session ends: the user signs in again.
    /// </summary>
    public const string RefreshTokenInvalid = "refresh_token_invalid";

    /// <summary>The reason of a failure at <paramref name="step"/> that is not about the transport.</summary>
    internal static string ForStep(FailureStep step) => step switch
    {
        FailureStep.Callback => CallbackInvalid,
        FailureStep.Authorization => ProviderError,
        FailureStep.TokenRequest or FailureStep.ClientCredentials or FailureStep.TokenRefresh => TokenRequestFailed,
        FailureStep.UserInformation => UserInfoFailed,
        FailureStep.ClaimsMapping => MappingFailed,
        FailureStep.IdToken => IdTokenInvalid,
        FailureStep.Revocation => RevocationFailed,
        FailureStep.Discovery => DiscoveryFailed,
        _ => TokenRequestFailed,
    };
}
