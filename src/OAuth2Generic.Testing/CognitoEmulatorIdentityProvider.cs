namespace OAuth2Generic.Testing;

/// <summary>
/// A simulated federated identity provider of the user pool (Google, a SAML or OpenID Connect provider…). An authorize
/// request with <c>identity_provider={Name}</c>, or with an <c>idp_identifier</c> among <see cref="Identifiers"/>,
/// shows that provider's page instead of the login form; the user picked there comes back as Cognito makes federated
/// users: the user name <c>{Name}_{id}</c>, the <c>identities</c> claim, and the group <c>{user pool id}_{Name}</c>.
/// An app client may use it when its <see cref="CognitoEmulatorClient.IdentityProviders"/> lists <see cref="Name"/>.
/// </summary>
public sealed class CognitoEmulatorIdentityProvider
{
    /// <summary>The provider's name in the user pool: <c>Google</c>, <c>Facebook</c>, <c>MyCorpSaml</c>. Not <c>COGNITO</c>.</summary>
    public required string Name { get; set; }

    /// <summary>
    /// Cognito's provider type, written in <c>identities</c> as <c>providerType</c>: <c>Google</c>, <c>Facebook</c>,
    /// <c>LoginWithAmazon</c>, <c>SignInWithApple</c>, <c>SAML</c> or <c>OIDC</c> (the default).
    /// </summary>
    public string Type { get; set; } = "OIDC";

    /// <summary>The identifiers (often email domains) that an <c>idp_identifier</c> may name to choose this provider.</summary>
    public IList<string> Identifiers { get; set; } = [];

    /// <summary>The provider's users, offered on its page.</summary>
    public IList<CognitoEmulatorFederatedUser> Users { get; set; } = [];
}
