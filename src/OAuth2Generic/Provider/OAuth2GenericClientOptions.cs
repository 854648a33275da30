namespace OAuth2Generic;

/// <summary>
/// Where the provider's endpoints are and how to authenticate to it: the Ruby strategy's <c>client_options</c>
/// (configuration section <c>ClientOptions</c>).
/// </summary>
/// <remarks>
/// A relative URL is resolved against <see cref="Site"/> the way the Ruby strategy (Faraday) does it: Site is treated
/// as a directory, then RFC 3986 applies. <c>/x</c> starts at the host root, <c>x</c> goes under Site's path,
/// an absolute URL is used as it is, and a query is kept.
/// </remarks>
public sealed class OAuth2GenericClientOptions
{
    /// <summary>The provider's base URL, for example <c>https://gitlab.example.com</c>.</summary>
    public string? Site { get; set; }

    /// <summary>
    /// The authorization endpoint, absolute or relative to <see cref="Site"/>. When neither this nor
    /// <c>AuthorizationEndpoint</c> is set, <c>/oauth/authorize</c>.
    /// </summary>
    public string? AuthorizeUrl { get; set; }

    /// <summary>
    /// The token endpoint, absolute or relative to <see cref="Site"/>. When neither this nor <c>TokenEndpoint</c> is
    /// set, <c>/oauth/token</c>.
    /// </summary>
    public string? TokenUrl { get; set; }

    /// <summary>
    /// The user-info endpoint, absolute or relative to <see cref="Site"/>. Required unless
    /// <c>UserInformationEndpoint</c> is set (the Ruby default, GitLab's retired <c>/api/v3/user</c>, is not kept).
    /// </summary>
    public string? UserInfoUrl { get; set; }

    /// <summary>How the client authenticates at the token endpoint. Default <see cref="ClientAuthScheme.BasicAuth"/>.</summary>
    public ClientAuthScheme AuthScheme { get; set; } = ClientAuthScheme.BasicAuth;
}
