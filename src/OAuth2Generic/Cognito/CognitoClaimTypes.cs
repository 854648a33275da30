namespace OAuth2Generic.Cognito;

/// <summary>
/// Claim types that <see cref="CognitoHandler"/> adds beyond Cognito's own attribute names.
/// </summary>
public static class CognitoClaimTypes
{
    /// <summary>
    /// The name of each external identity provider a federated user signed in through (<c>Google</c>, <c>Facebook</c>,
    /// a SAML or OIDC provider's name), one claim per provider, read from Cognito's <c>identities</c> attribute:
    /// <c>urn:oauth2generic:cognito:identity_provider</c>.
    /// </summary>
    public const string IdentityProvider = "urn:oauth2generic:cognito:identity_provider";

    /// <summary>
    /// The tenant a user signed in through, on a scheme with a <see cref="CognitoOptions.TenantResolver"/>: the
    /// <see cref="CognitoTenant.Id"/>, <c>urn:oauth2generic:cognito:tenant</c>.
    /// </summary>
    public const string Tenant = "urn:oauth2generic:cognito:tenant";

    /// <summary>
    /// The user pool (its issuer) a user signed in through, on a scheme with a <see cref="CognitoOptions.TenantResolver"/>
    /// whose tenant validates id_tokens: <c>urn:oauth2generic:cognito:user_pool</c>.
    /// </summary>
    public const string UserPool = "urn:oauth2generic:cognito:user_pool";
}
