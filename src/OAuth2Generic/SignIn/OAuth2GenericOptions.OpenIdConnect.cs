using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace OAuth2Generic;

// What OpenID Connect adds to a scheme: discovery from an Authority, the id_token's validation and RP-initiated sign-out.
// None of it is used while Authority is unset (a GitLab entry keeps its meaning); AddCognito sets its issuer its own way.
public partial class OAuth2GenericOptions
{
    private ProviderDiscovery? _discovery;
    private SigningKeys? _signingKeys;
    private (ProviderMetadata Metadata, IdTokenIssuer Issuer)? _idTokenIssuer;

    /// <summary>
    /// The OpenID Connect provider's issuer, for example <c>https://keycloak.example.com/realms/main</c>. When set, the
    /// authorize, token, user-info, JWKS, end-session and revocation endpoints come from its discovery document
    /// (<c>{Authority}/.well-known/openid-configuration</c>, or RFC 8414's <c>/.well-known/oauth-authorization-server</c>),
    /// fetched at the first sign-in, whose <c>issuer</c> must be this URL; an endpoint set explicitly
    /// (<see cref="ClientOptions"/>, <see cref="Microsoft.AspNetCore.Authentication.OAuth.OAuthOptions.TokenEndpoint"/>,
    /// <see cref="EndSessionEndpoint"/>, …) still wins. A <c>nonce</c> is sent and the id_token is validated; the scope
    /// includes <c>openid</c> (default <c>openid profile</c>), and the user's id defaults to <c>sub</c>.
    /// </summary>
    public string? Authority { get; set; }

    /// <summary>
    /// Where the discovery document is, when not at <c>{Authority}/.well-known/openid-configuration</c>. Its
    /// <c>issuer</c> must still be <see cref="Authority"/>.
    /// </summary>
    public string? MetadataAddress { get; set; }

    /// <summary>
    /// Where the user's claims come from. Default <see cref="OAuth2Generic.UserInformationSource.UserInfo"/>; the others
    /// need the id_token to be validated (<see cref="Authority"/>, or <c>AddCognito</c>'s issuer).
    /// </summary>
    public UserInformationSource UserInformationSource { get; set; } = UserInformationSource.UserInfo;

    /// <summary>
    /// The OpenID Connect end-session endpoint (RP-Initiated Logout 1.0), absolute or relative to
    /// <see cref="OAuth2GenericClientOptions.Site"/>; by default the discovered <c>end_session_endpoint</c>. With one, a
    /// sign-out of the scheme redirects there with <c>id_token_hint</c>, <c>post_logout_redirect_uri</c> (the absolute
    /// URL of <see cref="SignedOutCallbackPath"/>) and <c>state</c>.
    /// </summary>
    public string? EndSessionEndpoint { get; set; }

    /// <summary>
    /// The path the provider sends the browser back to after an end-session redirect (<c>post_logout_redirect_uri</c>,
    /// which must be registered with the provider). The handler reads the <c>state</c> there and redirects to the
    /// sign-out's <see cref="Microsoft.AspNetCore.Authentication.AuthenticationProperties.RedirectUri"/>. Default
    /// <c>/signout-callback-{scheme in lower case}</c> for a scheme with an <see cref="Authority"/> or an
    /// <see cref="EndSessionEndpoint"/>.
    /// </summary>
    public PathString SignedOutCallbackPath { get; set; }

    /// <summary>
    /// The token revocation endpoint (RFC 7009), absolute or relative to the site; by default the discovered
    /// <c>revocation_endpoint</c> (for <c>AddCognito</c>, <c>{Domain}/oauth2/revoke</c>).
    /// </summary>
    public string? RevocationEndpoint { get; set; }

    /// <summary>
    /// Whether signing out first revokes the refresh token saved with the sign-in (<see cref="Microsoft.AspNetCore.Authentication.RemoteAuthenticationOptions.SaveTokens"/>)
    /// at <see cref="RevocationEndpoint"/>, when there is one, which at most providers also ends the tokens issued with
    /// it. Default true. A revocation that fails is logged and does not stop the sign-out.
    /// </summary>
    public bool RevokeRefreshTokenOnSignOut { get; set; } = true;

    /// <summary>How long the provider's signing keys (and discovery document) are used before they are fetched again. Default 12 hours.</summary>
    public TimeSpan AutomaticRefreshInterval { get; set; } = TimeSpan.FromHours(12);

    /// <summary>
    /// The shortest time between two fetches of the signing keys caused by an id_token signed with a key that is not
    /// known yet (after the provider rotates its keys), or of a discovery document that could not be fetched. Default 30 seconds.
    /// </summary>
    public TimeSpan RefreshInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>The clock skew allowed when the id_token's <c>exp</c>, <c>nbf</c> and <c>iat</c> are checked. Default 5 minutes.</summary>
    public TimeSpan ClockSkew { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Whether a nonce is sent and the id_token validated: once the scheme knows its issuer.</summary>
    internal virtual bool ValidatesIdToken => !string.IsNullOrWhiteSpace(Authority);

    /// <summary>Who sends the id_token, as a message names it.</summary>
    internal virtual string IdTokenSender => "an OpenID Connect provider";

    /// <summary>The application's keys of every provider, set by the post-configuration; null for options made by hand.</summary>
    internal SigningKeyCache? SharedSigningKeys { get; set; }

    /// <summary>The endpoints the configuration set, recorded by the post-configuration; discovery fills only the others.</summary>
    internal ConfiguredEndpoints Configured { get; set; } = ConfiguredEndpoints.None;

    /// <summary>The scheme's discovery document, with an <see cref="Authority"/>; made at the first sign-in.</summary>
    internal ProviderDiscovery? Discovery
    {
        get
        {
            if (string.IsNullOrWhiteSpace(Authority))
            {
                return null;
            }

            // Stateless until its first fetch, so a race that makes two is harmless: one is kept. Options copied with
            // another Authority make their own.
            if (_discovery is null || _discovery.Authority != Authority)
            {
                var kept = _discovery;
                Interlocked.CompareExchange(
                    ref _discovery, new ProviderDiscovery(Authority, MetadataAddress, ProviderBackchannel, AutomaticRefreshInterval, RefreshInterval), kept);
            }

            return _discovery;
        }
    }

    /// <summary>
    /// With an <see cref="Authority"/>, the discovery document's endpoints in place of those the configuration left
    /// unset (the kept document, or one fetched now); nothing otherwise.
    /// </summary>
    /// <exception cref="OAuth2GenericException">The document could not be had (step Discovery).</exception>
    internal async ValueTask<ProviderMetadata?> DiscoverAsync(TimeProvider time, ILogger logger, CancellationToken cancellationToken)
    {
        if (Discovery is not { } discovery)
        {
            return null;
        }

        var metadata = await discovery.GetAsync(time, logger, cancellationToken);

        // The same strings each time a document is applied: a request reading them meanwhile sees one or the other.
        var configured = Configured;
        AuthorizationEndpoint = configured.Authorization ?? metadata.AuthorizationEndpoint ?? string.Empty;
        TokenEndpoint = configured.Token ?? metadata.TokenEndpoint ?? string.Empty;
        UserInformationEndpoint = configured.UserInformation ?? metadata.UserInfoEndpoint ?? string.Empty;
        EndSessionEndpoint = configured.EndSession ?? metadata.EndSessionEndpoint;
        RevocationEndpoint = configured.Revocation ?? metadata.RevocationEndpoint;

        // RFC 8414 §2 makes both optional; a sign-in needs them, from the document or from the configuration.
        var missing = string.IsNullOrEmpty(AuthorizationEndpoint) ? "authorization_endpoint (or set ClientOptions:AuthorizeUrl)"
            : string.IsNullOrEmpty(TokenEndpoint) ? "token_endpoint (or set ClientOptions:TokenUrl)"
            : null;
        return missing is null ? metadata : throw new OAuth2GenericException(
            FailureStep.Discovery, $"The provider's discovery document ({discovery.Address}) names no {missing}.")
        {
            Reason = OAuth2GenericFailureReasons.DiscoveryFailed,
        };
    }

    /// <summary>
    /// Whom the id_token must be from and the keys to check it with: the discovered issuer and <c>jwks_uri</c>; a
    /// preset with an issuer of its own (Cognito) says its own.
    /// </summary>
    internal virtual async ValueTask<IdTokenIssuer> IdTokenIssuerAsync(TimeProvider time, ILogger logger, CancellationToken cancellationToken)
    {
        var metadata = (await DiscoverAsync(time, logger, cancellationToken))!;
        var jwksUri = metadata.JwksUri ?? throw new OAuth2GenericException(
            FailureStep.Discovery, $"The provider's discovery document ({Discovery!.Address}) names no jwks_uri: the id_token cannot be validated.")
        {
            Reason = OAuth2GenericFailureReasons.DiscoveryFailed,
        };
        if (_idTokenIssuer is { } kept && ReferenceEquals(kept.Metadata, metadata))
        {
            return kept.Issuer;
        }

        // Once per document: a refreshed one may name other keys or algorithms.
        var keys = SigningKeyCache.ResolveAt(
            ref _signingKeys, SharedSigningKeys, jwksUri, IdTokenAlgorithms.For(metadata.IdTokenAlgorithms), () => ProviderBackchannel, AutomaticRefreshInterval, RefreshInterval);
        var issuer = new IdTokenIssuer([metadata.Issuer], keys, "Authority");
        _idTokenIssuer = (metadata, issuer);
        return issuer;
    }

    /// <summary>
    /// A provider's own checks of the id_token's payload before its signature is (Cognito: the JSON types of its claims);
    /// throws through <see cref="IdTokenValidator.Failure"/>. None for a generic provider.
    /// </summary>
    internal virtual void CheckIdTokenShape(JsonElement payload)
    {
    }

    /// <summary>A provider's own checks of a validated id_token's claims (Cognito: <c>token_use</c>). None for a generic provider.</summary>
    internal virtual void CheckIdTokenClaims(JsonElement claims)
    {
    }
}
