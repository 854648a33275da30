namespace OAuth2Generic;

/// <summary>The fixed words telemetry uses for a <see cref="ProviderCall"/>: made once, never formatted per call.</summary>
internal static class ProviderCallNames
{
    /// <summary>The value of the <see cref="TelemetryTags.Call"/> tag.</summary>
    public static string Name(this ProviderCall call) => call switch
    {
        ProviderCall.CodeExchange => "code_exchange",
        ProviderCall.UserInformation => "user_info",
        ProviderCall.SigningKeys => "signing_keys",
        ProviderCall.Revocation => "revocation",
        ProviderCall.ClientCredentials => "client_credentials",
        ProviderCall.Refresh => "refresh",
        _ => "discovery",
    };

    /// <summary>The span's name: <c>oauth2generic.{call}</c>.</summary>
    public static string SpanName(this ProviderCall call) => call switch
    {
        ProviderCall.CodeExchange => "oauth2generic.code_exchange",
        ProviderCall.UserInformation => "oauth2generic.user_info",
        ProviderCall.SigningKeys => "oauth2generic.signing_keys",
        ProviderCall.Revocation => "oauth2generic.revocation",
        ProviderCall.ClientCredentials => "oauth2generic.client_credentials",
        ProviderCall.Refresh => "oauth2generic.refresh",
        _ => "oauth2generic.discovery",
    };

    /// <summary>The value of the <see cref="TelemetryTags.Endpoint"/> tag.</summary>
    public static string Endpoint(this ProviderCall call) => call switch
    {
        ProviderCall.CodeExchange or ProviderCall.ClientCredentials or ProviderCall.Refresh => "token",
        ProviderCall.UserInformation => "user_info",
        ProviderCall.SigningKeys => "jwks",
        ProviderCall.Revocation => "revocation",
        _ => "discovery",
    };

    /// <summary>The reason of a refused or unusable answer to this call (a transport failure has its own).</summary>
    public static string FailureReason(this ProviderCall call) => call switch
    {
        ProviderCall.CodeExchange or ProviderCall.ClientCredentials or ProviderCall.Refresh => OAuth2GenericFailureReasons.TokenRequestFailed,
        ProviderCall.UserInformation => OAuth2GenericFailureReasons.UserInfoFailed,
        ProviderCall.SigningKeys => OAuth2GenericFailureReasons.SigningKeysUnavailable,
        ProviderCall.Revocation => OAuth2GenericFailureReasons.RevocationFailed,
        _ => OAuth2GenericFailureReasons.DiscoveryFailed,
    };

    /// <summary>
    /// The reason of a refused answer that carried the provider's OAuth <paramref name="error"/>: a refresh refused with
    /// <c>invalid_grant</c> is the refresh token's end, which ends the session; anything else is the call's own reason.
    /// </summary>
    public static string FailureReason(this ProviderCall call, string? error) =>
        call == ProviderCall.Refresh && error == "invalid_grant" ? OAuth2GenericFailureReasons.RefreshTokenInvalid : call.FailureReason();

    /// <summary>The <see cref="TelemetryTags.StatusClass"/> of a status code.</summary>
    public static string StatusClass(int status) => status switch
    {
        < 200 => "1xx",
        < 300 => "2xx",
        < 400 => "3xx",
        < 500 => "4xx",
        _ => "5xx",
    };

    /// <summary>The <see cref="TelemetryTags.Step"/> value of a step.</summary>
    public static string Name(this FailureStep step) => step switch
    {
        FailureStep.Authorization => "authorization",
        FailureStep.TokenRequest => "token_request",
        FailureStep.UserInformation => "user_info",
        FailureStep.ClaimsMapping => "claims_mapping",
        FailureStep.IdToken => "id_token",
        FailureStep.Revocation => "revocation",
        FailureStep.ClientCredentials => "client_credentials",
        FailureStep.TokenRefresh => "token_refresh",
        FailureStep.Discovery => "discovery",
        _ => "callback",
    };
}
