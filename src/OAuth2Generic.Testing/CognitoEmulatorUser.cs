namespace OAuth2Generic.Testing;

/// <summary>
/// A user of the emulated user pool: the credentials the login form accepts and the attributes that the id token, the
/// access token and <c>/oauth2/userInfo</c> carry.
/// </summary>
public sealed class CognitoEmulatorUser
{
    /// <summary>The user name typed into the login form; <c>cognito:username</c> and <c>username</c> in tokens and userInfo.</summary>
    public required string Username { get; set; }

    /// <summary>The password the login form accepts.</summary>
    public required string Password { get; set; }

    /// <summary>The user's <c>sub</c>. When not set, a stable GUID derived from the user pool id and the user name.</summary>
    public string? Sub { get; set; }

    /// <summary>The <c>email</c> attribute, or <see langword="null"/> for a user without one.</summary>
    public string? Email { get; set; }

    /// <summary>The <c>email_verified</c> attribute: a JSON boolean in the id token, the string <c>"true"</c>/<c>"false"</c> in userInfo, as Cognito sends them.</summary>
    public bool EmailVerified { get; set; } = true;

    /// <summary>The <c>phone_number</c> attribute (E.164), or <see langword="null"/>.</summary>
    public string? PhoneNumber { get; set; }

    /// <summary>The <c>phone_number_verified</c> attribute.</summary>
    public bool PhoneNumberVerified { get; set; }

    /// <summary>The groups the user belongs to: <c>cognito:groups</c> in the id and access tokens (never in userInfo).</summary>
    public IList<string> Groups { get; set; } = [];

    /// <summary>
    /// Further attributes by their Cognito name, such as <c>name</c>, <c>given_name</c> or <c>custom:team</c>; all strings,
    /// as Cognito stores them.
    /// </summary>
    public IDictionary<string, string> Attributes { get; set; } = new Dictionary<string, string>(StringComparer.Ordinal);

    /// <summary>The identity provider that made the user, for a federated user; <see langword="null"/> for the pool's own.</summary>
    internal Emulator.FederatedIdentity? Federation { get; set; }
}
