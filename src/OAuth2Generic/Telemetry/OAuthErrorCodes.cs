namespace OAuth2Generic;

/// <summary>
/// The OAuth error codes the specifications define, the only values of <see cref="TelemetryTags.OAuthError"/>: the
/// <c>error</c> of a callback is whatever text the sender put in the URL, and a tag with unbounded values would make
/// every one of them a new time series in a tracing backend.
/// </summary>
internal static class OAuthErrorCodes
{
    /// <summary>
    /// <paramref name="error"/> as the constant of a known code (interned: nothing is allocated), or <c>_OTHER</c>,
    /// OpenTelemetry's value for one that is not. Codes are compared exactly: RFC 6749 defines them in lower case.
    /// </summary>
    public static string ForTelemetry(string error) => error switch
    {
        // RFC 6749 §4.1.2.1, the authorization endpoint.
        "invalid_request" => "invalid_request",
        "unauthorized_client" => "unauthorized_client",
        "access_denied" => "access_denied",
        "unsupported_response_type" => "unsupported_response_type",
        "invalid_scope" => "invalid_scope",
        "server_error" => "server_error",
        "temporarily_unavailable" => "temporarily_unavailable",

        // RFC 6749 §5.2, the token endpoint.
        "invalid_client" => "invalid_client",
        "invalid_grant" => "invalid_grant",
        "unsupported_grant_type" => "unsupported_grant_type",

        // RFC 6750 §3.1, a resource server's answer.
        "invalid_token" => "invalid_token",
        "insufficient_scope" => "insufficient_scope",

        // OpenID Connect Core 1.0 §3.1.2.6, the authorization endpoint of an OpenID provider.
        "interaction_required" => "interaction_required",
        "login_required" => "login_required",
        "account_selection_required" => "account_selection_required",
        "consent_required" => "consent_required",
        "invalid_request_uri" => "invalid_request_uri",
        "invalid_request_object" => "invalid_request_object",
        "request_not_supported" => "request_not_supported",
        "request_uri_not_supported" => "request_uri_not_supported",
        "registration_not_supported" => "registration_not_supported",

        _ => TelemetryTags.OtherError,
    };
}
