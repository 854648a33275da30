namespace OAuth2Generic.Cognito;

/// <summary>
/// Default values used by the Amazon Cognito handler.
/// </summary>
public static class CognitoDefaults
{
    /// <summary>The default authentication scheme name: <c>Cognito</c>.</summary>
    public const string AuthenticationScheme = "Cognito";

    /// <summary>The default display name: <c>Amazon Cognito</c>.</summary>
    public static readonly string DisplayName = "Amazon Cognito";

    /// <summary>
    /// The default callback path of the <see cref="AuthenticationScheme"/> scheme: <c>/signin-cognito</c>. Register
    /// <c>https://{your app}/signin-cognito</c> as an allowed callback URL of the app client. A scheme registered under
    /// another name defaults to <c>/signin-{scheme in lower case}</c>.
    /// </summary>
    public static readonly string CallbackPath = "/signin-cognito";

    /// <summary>The authorize endpoint, relative to the user-pool domain: <c>oauth2/authorize</c>.</summary>
    public static readonly string AuthorizePath = "oauth2/authorize";

    /// <summary>The token endpoint, relative to the user-pool domain: <c>oauth2/token</c>.</summary>
    public static readonly string TokenPath = "oauth2/token";

    /// <summary>The userInfo endpoint, relative to the user-pool domain: <c>oauth2/userInfo</c>.</summary>
    public static readonly string UserInfoPath = "oauth2/userInfo";

    /// <summary>The revocation endpoint, relative to the user-pool domain: <c>oauth2/revoke</c>.</summary>
    public static readonly string RevocationPath = "oauth2/revoke";

    /// <summary>The logout endpoint, relative to the user-pool domain: <c>logout</c>.</summary>
    public static readonly string LogoutPath = "logout";

    /// <summary>The scopes requested by default: <c>openid</c>, <c>profile</c> and <c>email</c>.</summary>
    public static IReadOnlyList<string> Scopes { get; } = ["openid", "profile", "email"];
}
