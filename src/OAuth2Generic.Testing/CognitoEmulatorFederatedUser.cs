namespace OAuth2Generic.Testing;

/// <summary>A user of a simulated identity provider: its id there, and the attributes the provider maps into the user pool.</summary>
public sealed class CognitoEmulatorFederatedUser
{
    /// <summary>The user's id at the provider (Google's <c>sub</c>, a SAML NameID); the pool names the user <c>{provider}_{Id}</c>.</summary>
    public required string Id { get; set; }

    /// <summary>The mapped <c>email</c> attribute, or <see langword="null"/>.</summary>
    public string? Email { get; set; }

    /// <summary>The mapped <c>email_verified</c> attribute; <see langword="false"/> unless the provider's mapping says so, as at Cognito.</summary>
    public bool EmailVerified { get; set; }

    /// <summary>Further mapped attributes by their Cognito name (<c>name</c>, <c>custom:team</c>), all strings.</summary>
    public IDictionary<string, string> Attributes { get; set; } = new Dictionary<string, string>(StringComparer.Ordinal);
}
