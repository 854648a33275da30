namespace OAuth2Generic.Testing;

/// <summary>An app client of the emulated user pool, with the settings Cognito's console calls the same.</summary>
public sealed class CognitoEmulatorClient
{
    /// <summary>The app client id.</summary>
    public required string ClientId { get; set; }

    /// <summary>
    /// The app client's name, as Cognito's console calls it: the hosted UI's login page shows it, so that a user sees
    /// which app they sign in to. When it is not set the page shows <see cref="ClientId"/>.
    /// </summary>
    public string? ClientName { get; set; }

    /// <summary>The client secret, or <see langword="null"/> for a public client (which must use PKCE).</summary>
    public string? ClientSecret { get; set; }

    /// <summary>
    /// The allowed callback URLs. A <c>redirect_uri</c> must equal one exactly, or the hosted UI answers
    /// <c>redirect_mismatch</c>. More can be added while the emulator runs, with <see cref="CognitoEmulator.RegisterCallbackUrl"/>.
    /// </summary>
    public IList<string> CallbackUrls { get; set; } = [];

    /// <summary>
    /// The allowed sign-out URLs. A <c>logout_uri</c> must equal one exactly. More can be added while the emulator runs,
    /// with <see cref="CognitoEmulator.RegisterSignOutUrl"/>.
    /// </summary>
    public IList<string> SignOutUrls { get; set; } = [];

    /// <summary>
    /// The scopes the client may ask for; any other gives <c>invalid_scope</c>. Besides Cognito's own (<c>openid</c>,
    /// <c>email</c>, <c>phone</c>, <c>profile</c>, <c>aws.cognito.signin.user.admin</c>) these can be custom scopes of
    /// <see cref="CognitoEmulatorOptions.ResourceServers"/>, such as <c>orders/read</c>; a custom scope that no resource
    /// server has fails the start, as Cognito refuses it.
    /// </summary>
    public IList<string> AllowedScopes { get; set; } = ["openid", "email", "phone", "profile", "aws.cognito.signin.user.admin"];

    /// <summary>
    /// The OAuth flows the client may use, by Cognito's names: <c>code</c> (sign-in through <c>/oauth2/authorize</c>),
    /// <c>implicit</c> (not emulated, so it allows nothing) and <c>client_credentials</c> (machine-to-machine tokens from
    /// <c>/oauth2/token</c>, for a client with a secret). A flow that is not listed is <c>unauthorized_client</c>.
    /// </summary>
    public IList<string> AllowedOAuthFlows { get; set; } = ["code"];

    /// <summary>
    /// The identity providers the client may name in <c>identity_provider</c>. <c>COGNITO</c> is the user pool's own
    /// login form; the emulator has no other, so any other name is refused as Cognito refuses a provider it does not know.
    /// </summary>
    public IList<string> IdentityProviders { get; set; } = ["COGNITO"];

    /// <summary>
    /// Refresh token rotation, as Cognito's <c>RefreshTokenRotation.Feature</c> (<c>DISABLED</c> by default). Off, a
    /// <c>refresh_token</c> grant answers new access and id tokens and no refresh token, and the refresh token can be
    /// redeemed again until it expires. On, the answer also carries a new <c>refresh_token</c> of the same sign-in (same
    /// user, scope, <c>auth_time</c> and <c>origin_jti</c>) whose <see cref="CognitoEmulatorOptions.RefreshTokenLifetime"/>
    /// starts anew, so an active user stays signed in, and the redeemed token is used up: it works once more only within
    /// <see cref="RetryGracePeriod"/>.
    /// </summary>
    public bool RefreshTokenRotation { get; set; }

    /// <summary>
    /// With <see cref="RefreshTokenRotation"/> on, how long after its first redemption a rotated-out refresh token can be
    /// redeemed once more, for a client whose first answer was lost (Cognito's <c>RetryGracePeriodSeconds</c>, 0 to 60
    /// seconds; zero, the default, used up at once). That retry answers a fresh set of tokens with another new refresh
    /// token, and both new refresh tokens stay valid; any later redemption of the old one, or one at or after the end of
    /// the period, is <c>invalid_grant</c>. A value outside 0 to 60 seconds fails the start; without rotation it has no effect.
    /// </summary>
    public TimeSpan RetryGracePeriod { get; set; }
}
