namespace OAuth2Generic;

/// <summary>
/// Default values used by the generic OAuth 2.0 handler.
/// </summary>
public static class OAuth2GenericDefaults
{
    /// <summary>The default authentication scheme name: <c>OAuth2Generic</c>.</summary>
    public const string AuthenticationScheme = "OAuth2Generic";

    /// <summary>The default display name: <c>OAuth2 Generic</c>.</summary>
    public static readonly string DisplayName = "OAuth2 Generic";

    /// <summary>
    /// The default callback path of the <see cref="AuthenticationScheme"/> scheme: <c>/signin-oauth2generic</c>.
    /// A scheme registered under another name defaults to <c>/signin-{scheme in lower case}</c>, so that schemes side
    /// by side never share a callback; with a <c>RedirectUrl</c>, the default is that URL's path.
    /// </summary>
    public static readonly string CallbackPath = "/signin-oauth2generic";

    /// <summary>
    /// The authorization endpoint used when neither <c>ClientOptions:AuthorizeUrl</c> nor
    /// <c>AuthorizationEndpoint</c> is set, relative to <c>ClientOptions:Site</c> (the Ruby strategy's default).
    /// </summary>
    public static readonly string AuthorizeUrl = "/oauth/authorize";

    /// <summary>
    /// The token endpoint used when neither <c>ClientOptions:TokenUrl</c> nor <c>TokenEndpoint</c> is set,
    /// relative to <c>ClientOptions:Site</c> (the Ruby strategy's default).
    /// </summary>
    public static readonly string TokenUrl = "/oauth/token";

    /// <summary>The default cap on the size of a token or user-info response body: 1 MiB.</summary>
    public const int BackchannelMaxResponseSize = 1024 * 1024;

    /// <summary>
    /// The default <see cref="OAuth2GenericOptions.RefreshLeadTime"/>: a saved access token is refreshed when it has less
    /// than a minute left, so that a call made with it does not reach the API expired.
    /// </summary>
    public static readonly TimeSpan RefreshLeadTime = TimeSpan.FromMinutes(1);

    /// <summary>
    /// The default <see cref="OAuth2GenericOptions.RefreshRetryDelay"/>: after a refresh failed for a reason that may pass
    /// (a timeout, a 5xx, throttling), the session's next refresh waits this long.
    /// </summary>
    public static readonly TimeSpan RefreshRetryDelay = TimeSpan.FromSeconds(30);

    /// <summary>
    /// The default <see cref="OAuth2GenericOptions.RefreshResultLifetime"/>: the tokens of a refresh are kept a minute for
    /// the session's requests that still carry the cookie from before it.
    /// </summary>
    public static readonly TimeSpan RefreshResultLifetime = TimeSpan.FromMinutes(1);
}
