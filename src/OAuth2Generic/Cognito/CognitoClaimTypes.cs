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
}
