namespace OAuth2Generic.Cognito;

/// <summary>
/// Cognito's quirk in throttling: besides 429 and 5xx, AWS answers a request over the account's and region's rate with
/// 400 Bad Request and a body saying "Rate exceeded". Waiting helps, so such an answer is a transient failure.
/// </summary>
internal static class CognitoThrottling
{
    public static bool IsRateExceeded(ProviderAnswer answer) =>
        answer.StatusCode == System.Net.HttpStatusCode.BadRequest && answer.Body.Span.IndexOf("Rate exceeded"u8) >= 0;
}
