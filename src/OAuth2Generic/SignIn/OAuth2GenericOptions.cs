using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.OAuth;
using Microsoft.Extensions.Configuration;

namespace OAuth2Generic;

/// <summary>
/// Options of the generic OAuth 2.0 handler, mirroring the Ruby <c>omniauth-oauth2-generic</c> strategy.
/// </summary>
/// <remarks>
/// Every option binds from configuration under its own name, and also under the Ruby strategy's snake_case key
/// (see the README's configuration table). The endpoints are taken from <see cref="ClientOptions"/> at start-up and
/// written to <see cref="OAuthOptions.AuthorizationEndpoint"/>, <see cref="OAuthOptions.TokenEndpoint"/> and
/// <see cref="OAuthOptions.UserInformationEndpoint"/>, which can also be set directly with absolute URLs.
/// </remarks>
public partial class OAuth2GenericOptions : OAuthOptions
{
    // Stateless, so a race that makes two of them is harmless: one is kept.
    private ProviderBackchannel? _providerBackchannel;
    private TokenClient? _tokenClient;
    private string? _authorizationHost;

    /// <summary>
    /// Creates options with the Ruby strategy's defaults, PKCE on and Basic client authentication. The callback path is
    /// left unset: at start-up it becomes RedirectUrl's path when that is set, else <c>/signin-{scheme in lower case}</c>
    /// (<see cref="OAuth2GenericDefaults.CallbackPath"/> for the default scheme).
    /// </summary>
    public OAuth2GenericOptions()
    {
        UsePkce = true;
    }

    /// <summary>The provider's site, endpoint URLs and client authentication scheme (Ruby <c>client_options</c>).</summary>
    public OAuth2GenericClientOptions ClientOptions { get; } = new();

    /// <summary>Where the id and attributes are in the user document (Ruby <c>user_response_structure</c>).</summary>
    public UserResponseStructure UserResponseStructure { get; } = new();

    /// <summary>
    /// Extra query parameters of the authorize request (Ruby <c>authorize_params</c>). A <c>scope</c> here is sent only
    /// while <see cref="OAuthOptions.Scope"/> is left at its default (empty, or <c>AddCognito</c>'s): as in the Ruby
    /// strategy, a <c>scope</c> option wins over <c>authorize_params</c>. No parameter is ever sent twice. The
    /// protocol's own parameters (<c>client_id</c>, <c>redirect_uri</c>, <c>response_type</c>, <c>state</c>,
    /// <c>code_challenge</c>, <c>code_challenge_method</c>) cannot be set here. A challenge can add or override parameters through
    /// <see cref="Microsoft.AspNetCore.Authentication.AuthenticationProperties.Parameters"/> (string values).
    /// </summary>
    public IDictionary<string, string> AuthorizeParams { get; } = new Dictionary<string, string>(StringComparer.Ordinal);

    /// <summary>
    /// Extra form fields of the token request (Ruby <c>token_params</c>), for example <c>resource</c>. The protocol's
    /// own fields (<c>grant_type</c>, <c>code</c>, <c>redirect_uri</c>, <c>code_verifier</c>, <c>client_id</c>,
    /// <c>client_secret</c>) cannot be set here.
    /// </summary>
    public IDictionary<string, string> TokenParams { get; } = new Dictionary<string, string>(StringComparer.Ordinal);

    /// <summary>How the user-info request carries the access token (Ruby <c>auth_token_params</c>).</summary>
    public AuthTokenParameters AuthTokenParams { get; } = new();

    /// <summary>
    /// The absolute redirect_uri sent in both the authorize and the token request, instead of one built from the
    /// current request and <see cref="Microsoft.AspNetCore.Authentication.RemoteAuthenticationOptions.CallbackPath"/>
    /// (Ruby <c>redirect_url</c>). When <c>CallbackPath</c> is not set, it becomes this URL's path; with a path base, or
    /// behind a proxy that rewrites paths, set <c>CallbackPath</c> to the path at which the callback reaches the handler.
    /// </summary>
    public string? RedirectUrl { get; set; }

    /// <summary>
    /// The largest token or user-info response body, in bytes, that the handler reads. A larger body fails the sign-in
    /// without being read whole. Default 1 MiB.
    /// </summary>
    public int BackchannelMaxResponseSize { get; set; } = OAuth2GenericDefaults.BackchannelMaxResponseSize;

    /// <summary>
    /// Whether the tokens saved with the sign-in (<see cref="Microsoft.AspNetCore.Authentication.RemoteAuthenticationOptions.SaveTokens"/>,
    /// which this needs) are kept fresh: when the saved access token has less than <see cref="RefreshLeadTime"/> left, the
    /// saved refresh token is redeemed at the token endpoint (<c>grant_type=refresh_token</c>, with the scheme's client
    /// authentication and <see cref="TokenParams"/>), the new tokens are saved and the cookie is renewed. It happens when
    /// the cookie is validated on a request and when code asks for the user's token (<c>HttpContext.GetUserAccessTokenAsync</c>,
    /// <c>AddUserAccessToken</c>). A refresh token the provider refuses (<c>invalid_grant</c>) ends the session; a failure
    /// that may pass keeps it, with the current token while it is valid. Default false. See the README's "Keeping tokens fresh".
    /// </summary>
    public bool RefreshSavedTokens { get; set; }

    /// <summary>
    /// How long before the saved access token's <c>expires_at</c> it is refreshed (with <see cref="RefreshSavedTokens"/>).
    /// Keep it well under the access token's lifetime: a token that lives no longer than this is due as soon as it is
    /// issued. Default one minute; 0 to 1 day.
    /// </summary>
    public TimeSpan RefreshLeadTime { get; set; } = OAuth2GenericDefaults.RefreshLeadTime;

    /// <summary>
    /// After a refresh failed for a reason that may pass (a timeout, a 5xx, throttling, an unreadable answer), how long the
    /// session waits before it tries again, so that requests do not each call a provider in trouble. Default 30 seconds;
    /// more than 0, at most 1 day.
    /// </summary>
    public TimeSpan RefreshRetryDelay { get; set; } = OAuth2GenericDefaults.RefreshRetryDelay;

    /// <summary>
    /// How long the tokens of a refresh are kept for the session's other requests that still carry the cookie from before
    /// it (the browser sent them before the renewed cookie arrived, or they went to another server): they take these
    /// tokens instead of redeeming the refresh token again, which a provider that rotates refresh tokens would refuse.
    /// Kept no longer than the new access token lives, and forgotten when the session signs out, so that a copy of the
    /// old cookie cannot take them later. Shared through the application's <c>IDistributedCache</c> when it has one.
    /// Default one minute; more than 0, at most 10 minutes.
    /// </summary>
    public TimeSpan RefreshResultLifetime { get; set; } = OAuth2GenericDefaults.RefreshResultLifetime;

    /// <summary>
    /// Whether a refresh also rebuilds the user's claims from the fresh tokens, as the sign-in built them: the user-info
    /// endpoint with the new access token, or, for <c>AddCognito</c> with the id_token as the user document, the new
    /// id_token (so that Cognito groups changed since the sign-in show). The new claims must name the same user
    /// (<c>NameIdentifier</c>), or the session ends; so does a user-info endpoint that refuses the new token (401, 403),
    /// while one that is missing or down (404, 5xx) leaves the claims as they were. <c>OnCreatingTicket</c> does not run
    /// again. Default false: the claims stay those of the sign-in, and only the tokens change.
    /// </summary>
    public bool UpdateClaimsOnRefresh { get; set; }

    /// <summary>
    /// The configuration section the options were bound from by <c>AddOAuth2Generic(scheme, section)</c> or
    /// <c>AddCognito(section)</c>, which start-up messages name; null when they were set in code.
    /// </summary>
    internal IConfigurationSection? BoundFromSection { get; set; }

    /// <summary>
    /// The one client through which the scheme calls its provider. Made at the first call, when the framework has built
    /// the backchannel and every post-configuration (the application's too) has run.
    /// </summary>
    internal ProviderBackchannel ProviderBackchannel =>
        _providerBackchannel ??= new ProviderBackchannel(
            ProviderHttpClient.For(Backchannel, ReferenceEquals(Backchannel, FrameworkBackchannel) ? BackchannelHttpHandler : null),
            BackchannelTimeout,
            BackchannelMaxResponseSize,
            ThrottlingAnswer,
            Metrics);

    /// <summary>
    /// Whether the framework builds <c>Backchannel</c> from
    /// <c>BackchannelHttpHandler</c> (the application set no client of its own), so
    /// that the provider client may send through that handler directly; set by the post-configuration.
    /// </summary>
    internal bool BackchannelFromHandler { get; set; }

    /// <summary>
    /// The backchannel as the framework made it from the handler, recorded right after the framework's post-configuration;
    /// a backchannel the application puts in its place later is not this one, and is then used as it is.
    /// </summary>
    internal HttpClient? FrameworkBackchannel { get; set; }

    /// <summary>The application's instruments, set by the post-configuration.</summary>
    internal OAuth2GenericMetrics? Metrics { get; set; }

    /// <summary>The client of the scheme's token and revocation endpoints, made at the first call.</summary>
    /// <remarks>Made again when a discovery document gives another token endpoint.</remarks>
    internal TokenClient TokenClient =>
        _tokenClient is { } client && client.TokenEndpoint == TokenEndpoint
            ? client
            : _tokenClient = new TokenClient(
                ProviderBackchannel, TokenEndpoint, new ClientAuthentication(ClientOptions.AuthScheme, ClientId, ClientSecret), [.. TokenParams]);

    /// <summary>
    /// The authorization endpoint's host, for the challenge's span: parsed once, at the first traced challenge, when
    /// every post-configuration has run. Null for an endpoint that is not an absolute URL.
    /// </summary>
    internal string? AuthorizationHost =>
        _authorizationHost ??= Uri.TryCreate(AuthorizationEndpoint, UriKind.Absolute, out var endpoint) ? endpoint.Host : null;

    /// <summary>
    /// The options a signed-in session's tokens are refreshed with: these, unless the scheme keeps one set per tenant (a
    /// Cognito scheme with a tenant resolver), then the session's tenant's; null when those cannot be had now.
    /// </summary>
    internal virtual ValueTask<OAuth2GenericOptions?> ForSessionAsync(string scheme, AuthenticationProperties properties, CancellationToken cancellationToken) =>
        ValueTask.FromResult<OAuth2GenericOptions?>(this);

    /// <summary>
    /// The scopes the options start with: a <see cref="OAuthOptions.Scope"/> still equal to them was not configured, so
    /// a scope in <see cref="AuthorizeParams"/> is sent instead (see <see cref="AuthorizeScope"/>).
    /// </summary>
    internal virtual IReadOnlyCollection<string> DefaultScopes => [];

    /// <summary>A provider's own way of saying "slow down", besides 429 and 5xx, if it has one.</summary>
    private protected virtual Predicate<ProviderAnswer>? ThrottlingAnswer => null;

    /// <summary>
    /// Does not call <see cref="OAuthOptions.Validate()"/>: that check demands a client secret even for public
    /// clients, throws one problem at a time, and runs before the package's own validator. Every rule is checked at
    /// start-up by the options validator that <c>AddOAuth2Generic</c> registers, whose messages name the option.
    /// </summary>
    public override void Validate()
    {
    }
}
