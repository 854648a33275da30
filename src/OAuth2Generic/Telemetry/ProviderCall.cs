namespace OAuth2Generic;

/// <summary>
/// Which call to a provider a <see cref="ProviderRequest"/> is: the name of its span and the value of its
/// <see cref="TelemetryTags.Call"/> tag, and the endpoint it goes to.
/// </summary>
internal enum ProviderCall
{
    /// <summary>The authorization code redeemed at the token endpoint.</summary>
    CodeExchange,

    /// <summary>The user document fetched from the user-info endpoint.</summary>
    UserInformation,

    /// <summary>The signing keys fetched from the JWKS endpoint.</summary>
    SigningKeys,

    /// <summary>A refresh token revoked at the revocation endpoint.</summary>
    Revocation,

    /// <summary>A client-credentials token requested at the token endpoint.</summary>
    ClientCredentials,

    /// <summary>The discovery document fetched by a health check.</summary>
    Discovery,

    /// <summary>The saved refresh token redeemed at the token endpoint for fresh tokens.</summary>
    Refresh,
}
