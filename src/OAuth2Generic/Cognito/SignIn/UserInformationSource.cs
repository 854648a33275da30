namespace OAuth2Generic.Cognito;

/// <summary>
/// Where <see cref="CognitoHandler"/> takes the user's claims from.
/// </summary>
public enum UserInformationSource
{
    /// <summary>
    /// The userInfo endpoint, as the GitLab recipe does: one extra request per sign-in. When the id_token is validated,
    /// its groups still become roles, since Cognito sends groups only in tokens.
    /// </summary>
    UserInfo,

    /// <summary>
    /// The validated id_token alone: no userInfo request, so one network round trip fewer per sign-in. Needs
    /// <see cref="CognitoOptions.Issuer"/> (or <see cref="CognitoOptions.Region"/> and <see cref="CognitoOptions.UserPoolId"/>).
    /// </summary>
    IdToken,

    /// <summary>
    /// Both, merged: where a member is in both, the userInfo endpoint's value wins. Needs the id_token to be validated.
    /// </summary>
    Both,
}
