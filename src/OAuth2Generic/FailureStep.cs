namespace OAuth2Generic;

/// <summary>
/// Where an <see cref="OAuth2GenericException"/> was raised: a step of a sign-in, or one of the package's other calls to
/// the provider (a refresh, a client-credentials token, a revocation, a discovery document). Every call the package makes
/// to a provider has its step here.
/// </summary>
public enum FailureStep
{
    /// <summary>The callback from the authorization endpoint carried an <c>error</c> (RFC 6749 §4.1.2.1).</summary>
    Authorization,

    /// <summary>The code could not be exchanged at the token endpoint.</summary>
    TokenRequest,

    /// <summary>The user-info endpoint could not be called or answered with an error.</summary>
    UserInformation,

    /// <summary>
    /// The user document could not be turned into claims by <see cref="OAuth2GenericOptions.UserResponseStructure"/>
    /// (for example, it has no usable id).
    /// </summary>
    ClaimsMapping,

    /// <summary>The id_token from the token endpoint is missing or failed validation (signature, issuer, audience, lifetime, nonce).</summary>
    IdToken,

    /// <summary>
    /// Revoking the saved refresh token at sign-out failed (RFC 7009). The failure is logged and the sign-out goes on.
    /// </summary>
    Revocation,

    /// <summary>
    /// A client-credentials token request for an outgoing call (<c>AddClientCredentialsToken</c>, <c>IClientCredentialsTokenService</c>).
    /// </summary>
    ClientCredentials,

    /// <summary>
    /// The request to the callback path could not be trusted as the answer to this browser's challenge: no or an invalid
    /// state, a missing correlation cookie, a repeated callback, no code, or a state older than RemoteAuthenticationTimeout.
    /// <see cref="OAuth2GenericException.Reason"/> says which. No code was exchanged.
    /// </summary>
    Callback,

    /// <summary>
    /// Redeeming the saved refresh token for fresh tokens after the sign-in (<see cref="OAuth2GenericOptions.RefreshSavedTokens"/>).
    /// </summary>
    TokenRefresh,

    /// <summary>
    /// The provider's discovery document (<c>.well-known/openid-configuration</c>), fetched by a health check.
    /// </summary>
    Discovery,
}
