namespace OAuth2Generic.Cognito;

/// <summary>What a health check needs of a Cognito scheme, whichever kind (sign-in or API) it is.</summary>
/// <param name="Issuer">The pool's issuer, without a trailing slash.</param>
/// <param name="SigningKeys">The pool's shared signing keys.</param>
/// <param name="Backchannel">The scheme's provider client.</param>
/// <param name="AutomaticRefreshInterval">How long a good result stands.</param>
/// <param name="RefreshInterval">How long a failed result stands.</param>
/// <param name="Time">The scheme's clock.</param>
internal sealed record CognitoPool(
    string Issuer,
    SigningKeys SigningKeys,
    ProviderBackchannel Backchannel,
    TimeSpan AutomaticRefreshInterval,
    TimeSpan RefreshInterval,
    TimeProvider Time);
