namespace OAuth2Generic.Testing.Emulator;

/// <summary>
/// Which attributes Cognito's userInfo returns for an access token's scopes (AWS, "The user attributes endpoint"):
/// <c>openid</c> alone returns every attribute; with <c>profile</c>, <c>email</c> or <c>phone</c> only those scopes'
/// attributes come back (<c>profile</c> includes the <c>custom:</c> ones), besides <c>sub</c> and <c>username</c>.
/// <c>aws.cognito.signin.user.admin</c> and resource-server scopes change nothing.
/// </summary>
internal sealed record UserInfoScopes(bool All, bool Profile, bool Email, bool Phone)
{
    // OpenID Connect Core §5.4: the profile scope's claims.
    private static readonly HashSet<string> ProfileClaims = new(StringComparer.Ordinal)
    {
        "name", "family_name", "given_name", "middle_name", "nickname", "preferred_username", "profile", "picture",
        "website", "gender", "birthdate", "zoneinfo", "locale", "updated_at",
    };

    public static UserInfoScopes From(string scope)
    {
        var scopes = scope.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        bool profile = scopes.Contains("profile"), email = scopes.Contains("email"), phone = scopes.Contains("phone");
        var all = !profile && !email && !phone;
        return new UserInfoScopes(all, all || profile, all || email, all || phone);
    }

    /// <summary>Whether an attribute of <see cref="CognitoEmulatorUser.Attributes"/> is returned.</summary>
    public bool AllowsProfileAttribute(string name)
        => All || (Profile && (ProfileClaims.Contains(name) || name.StartsWith("custom:", StringComparison.Ordinal)));
}
