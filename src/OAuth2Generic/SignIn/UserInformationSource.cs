namespace OAuth2Generic;

/// <summary>
/// Where a sign-in takes the user's claims from: the user-info endpoint, the validated id_token, or both. The id_token
/// is validated whenever the scheme knows its issuer (<c>Authority</c>, or for
/// <c>AddCognito</c> its <c>Issuer</c>, or <c>Region</c> and <c>UserPoolId</c>).
/// </summary>
public enum UserInformationSource
{
    /// <summary>
    /// The user-info endpoint, as the Ruby strategy and the GitLab recipes do: one extra request per sign-in. When the
    /// id_token is validated, the user-info answer's <c>sub</c> must be the id_token's.
    /// </summary>
    UserInfo,

    /// <summary>
    /// The validated id_token's payload alone: no user-info request, so one network round trip fewer per sign-in. Needs
    /// an issuer (see the type's remarks).
    /// </summary>
    IdToken,

    /// <summary>
    /// Both, merged: where a member is in both, the user-info endpoint's value wins. Needs an issuer.
    /// </summary>
    Both,
}
