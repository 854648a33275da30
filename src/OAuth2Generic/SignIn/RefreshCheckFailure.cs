namespace OAuth2Generic;

/// <summary>
/// What a failure of the checks of refreshed tokens means for the session (docs/observability.md, "Failure reasons"): a
/// check that could not be made keeps it, a check that failed ends it. One rule for the handler, which decides whether
/// rebuilt claims may give way to the claims of before, and for the refresher, which decides whether the session ends.
/// </summary>
internal static class RefreshCheckFailure
{
    /// <summary>
    /// Whether the failure says only that a check could not be made, and nothing against the tokens: the signing keys
    /// could not be had for the new id_token (whatever the JWKS answered: a rotation met during a JWKS outage must not
    /// sign users out), the provider did not answer or answered in a way the package refuses (a redirect, a body over the
    /// cap), or the user-info endpoint answered without refusing the token (a 404, a 5xx, a page that is not JSON).
    /// </summary>
    public static bool CouldNotCheck(OAuth2GenericException failure)
    {
        ArgumentNullException.ThrowIfNull(failure);
        return failure.IsTransient || failure.Reason switch
        {
            OAuth2GenericFailureReasons.SigningKeysUnavailable or OAuth2GenericFailureReasons.Timeout
                or OAuth2GenericFailureReasons.ProviderUnreachable or OAuth2GenericFailureReasons.ProviderAnswerRefused => true,

            // RFC 6750 §3.1: 401 (invalid_token) and 403 (insufficient_scope) are the endpoint refusing the token the
            // provider has just issued, which the session must not carry on with. A failure without a status is a check
            // of what the endpoint said (Cognito: its sub is not the id_token's), and fails the tokens too.
            OAuth2GenericFailureReasons.UserInfoFailed => failure.StatusCode is { } status && status is not (401 or 403),
            _ => false,
        };
    }

    /// <summary>
    /// Whether rebuilding the claims failed only because the user-info endpoint could not give the user's document: the
    /// session then takes the new tokens and keeps the claims it had.
    /// </summary>
    public static bool UserInfoUnavailable(OAuth2GenericException failure) =>
        failure.Step == FailureStep.UserInformation && CouldNotCheck(failure);
}
