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

    /// <summary>The scopes the client may ask for; any other gives <c>invalid_scope</c>.</summary>
    public IList<string> AllowedScopes { get; set; } = ["openid", "email", "phone", "profile", "aws.cognito.signin.user.admin"];

    /// <summary>
    /// The identity providers the client may name in <c>identity_provider</c>. <c>COGNITO</c> is the user pool's own
    /// login form; the emulator has no other, so any other name is refused as Cognito refuses a provider it does not know.
    /// </summary>
    public IList<string> IdentityProviders { get; set; } = ["COGNITO"];
}
