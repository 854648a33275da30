namespace OAuth2Generic.Cognito;

/// <summary>Which of Cognito's tokens an API accepts, by their <c>token_use</c> claim.</summary>
public enum CognitoTokenUse
{
    /// <summary>Access tokens only (<c>token_use</c> <c>access</c>), checked against the app clients by <c>client_id</c>. The default.</summary>
    Access,

    /// <summary>ID tokens only (<c>token_use</c> <c>id</c>), checked against the app clients by <c>aud</c>.</summary>
    Id,

    /// <summary>Both: an access token by <c>client_id</c>, an id token by <c>aud</c>.</summary>
    Any,
}
