using System.Diagnostics.CodeAnalysis;

namespace OAuth2Generic;

/// <summary>
/// Why a sign-in through an <see cref="OAuth2GenericHandler{TOptions}"/> failed. It reaches the application as
/// <see cref="Microsoft.AspNetCore.Authentication.RemoteFailureContext.Failure"/>; its message is safe to log and never
/// contains a client secret, an authorization code or a token.
/// </summary>
/// <remarks>
/// Like Microsoft's handlers, the provider's <c>error</c>, <c>error_description</c> and <c>error_uri</c> are also
/// stored in <see cref="Exception.Data"/> under those keys, so code written for <c>AddOAuth</c> keeps working.
/// </remarks>
[SuppressMessage(
    "Design",
    "CA1032:Implement standard exception constructors",
    Justification = "Only the handler raises it, always with the step that failed; a constructor without one would leave Step meaningless.")]
public sealed class OAuth2GenericException : Exception
{
    internal OAuth2GenericException(FailureStep step, string message, Exception? innerException = null)
        : base(message, innerException)
    {
        Step = step;
        Reason = OAuth2GenericFailureReasons.ForStep(step);
    }

    /// <summary>The step of the sign-in that failed.</summary>
    public FailureStep Step { get; private init; }

    /// <summary>
    /// Why the step failed, one of the stable values of <see cref="OAuth2GenericFailureReasons"/>: the same value the
    /// log line of the failure and the <c>error.type</c> tag of its trace and metrics carry.
    /// </summary>
    public string Reason { get; internal init; }

    /// <summary>
    /// For <see cref="OAuth2GenericFailureReasons.IdTokenInvalid"/>, the check the id_token failed: <c>missing</c>,
    /// <c>malformed</c>, <c>too_large</c>, <c>claim_type</c> (a registered claim of the wrong JSON type),
    /// <c>not_signed</c>, <c>algorithm</c>, <c>critical_header</c>,
    /// <c>signing_key</c> (its kid is not among the provider's keys), <c>signature</c>, <c>issuer</c>, <c>audience</c>,
    /// <c>expired</c>, <c>not_yet_valid</c>, <c>no_expiry</c>, <c>lifetime</c> (nbf after exp), <c>token_use</c>,
    /// <c>nonce</c>, <c>authorized_party</c>, <c>issued_at</c> or <c>subject</c> (a refreshed id_token for another user); otherwise null.
    /// </summary>
    public string? IdTokenCheck { get; internal init; }

    /// <summary>The HTTP status code the provider answered with, when the failure was an HTTP answer.</summary>
    public int? StatusCode { get; private init; }

    /// <summary>
    /// Whether trying again later may succeed: the provider was slow, unreachable, broke off its answer, throttled the
    /// request (429) or failed (5xx). An application can offer "try again" for these, rather than "access denied".
    /// </summary>
    public bool IsTransient { get; internal init; }

    /// <summary>
    /// How long the provider asked the client to wait before it tries again (<c>Retry-After</c>, with a 429 or a 503),
    /// when it said.
    /// </summary>
    public TimeSpan? RetryAfter { get; private init; }

    /// <summary>The provider's <c>error</c> code (RFC 6749 §4.1.2.1 and §5.2), when it sent one.</summary>
    public string? Error { get; private init; }

    /// <summary>The provider's <c>error_description</c>, when it sent one.</summary>
    public string? ErrorDescription { get; private init; }

    /// <summary>The provider's <c>error_uri</c>, when it sent one.</summary>
    public string? ErrorUri { get; private init; }

    /// <summary>Whether an HTTP status says to try again later: 429 (throttled) or a server error.</summary>
    internal static bool IsTransientStatus(int status) => status is 429 or >= 500;

    /// <summary>
    /// The mapping step's failure for an exception the code that turns a provider's document into claims did not
    /// expect: a document it was not written for is the provider's failure (a 502 when unhandled), never a 500.
    /// </summary>
    internal static OAuth2GenericException ClaimsMappingFailed(Exception exception) =>
        new(FailureStep.ClaimsMapping, $"The user document could not be turned into claims ({exception.GetType().Name}).", exception);

    /// <summary>
    /// This failure told again, in a message of its own (a client-credentials request remembered during its back-off):
    /// the same step, reason, status and provider error, with this one as the inner exception.
    /// </summary>
    internal OAuth2GenericException Repeated(string message, bool isTransient)
    {
        var repeated = new OAuth2GenericException(Step, message, this)
        {
            Reason = Reason,
            StatusCode = StatusCode,
            IsTransient = isTransient,
            RetryAfter = RetryAfter,
            Error = Error,
            ErrorDescription = ErrorDescription,
            ErrorUri = ErrorUri,
        };
        foreach (var key in new[] { "error", "error_description", "error_uri" })
        {
            if (Data.Contains(key))
            {
                repeated.Data[key] = Data[key];
            }
        }

        return repeated;
    }

    internal static OAuth2GenericException FromProviderError(
        FailureStep step, string message, int? statusCode, ProviderError error, string reason, bool throttled = false, TimeSpan? retryAfter = null)
    {
        var exception = new OAuth2GenericException(step, message)
        {
            Reason = reason,
            StatusCode = statusCode,
            RetryAfter = retryAfter,
            IsTransient = throttled || (statusCode is { } status && IsTransientStatus(status)),
            Error = error.Error,
            ErrorDescription = error.Description,
            ErrorUri = error.Uri,
        };
        exception.Data["error"] = error.Error;
        exception.Data["error_description"] = error.Description;
        exception.Data["error_uri"] = error.Uri;
        return exception;
    }
}
