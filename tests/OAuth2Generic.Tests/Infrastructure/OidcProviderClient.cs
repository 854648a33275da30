namespace OAuth2Generic.Tests;

/// <summary>A confidential client registered with <see cref="OidcProviderServer"/>.</summary>
internal sealed record OidcProviderClient(string ClientId, string ClientSecret, ClientAuthScheme AuthScheme)
{
    /// <summary>The provider's name (RFC 7591) for the client authentication that <see cref="AuthScheme"/> sends.</summary>
    public string TokenEndpointAuthMethod => AuthScheme switch
    {
        ClientAuthScheme.BasicAuth => "client_secret_basic",
        ClientAuthScheme.RequestBody => "client_secret_post",
        _ => throw new ArgumentOutOfRangeException(nameof(AuthScheme), AuthScheme, "oidc-provider's clients here are confidential."),
    };
}
