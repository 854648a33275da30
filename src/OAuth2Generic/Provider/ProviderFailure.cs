using System.Text;
using Microsoft.AspNetCore.WebUtilities;

namespace OAuth2Generic;

/// <summary>
/// The one wording of every failure of a provider request: <c>{endpoint} ({host}) {what happened}.</c>, with the
/// provider's error members, and nothing the request sent (see <see cref="SentSecrets"/>).
/// </summary>
internal static class ProviderFailure
{
    /// <summary>
    /// A non-2xx answer: its status, the <c>WWW-Authenticate</c> challenge (RFC 6750 §3, RFC 6749 §5.2), the redirect
    /// target of a 3xx (never followed), and the provider's error document. A 3xx's reason is
    /// <see cref="OAuth2GenericFailureReasons.ProviderAnswerRefused"/>, whatever the call.
    /// </summary>
    /// <param name="request">The request.</param>
    /// <param name="answer">Its answer.</param>
    /// <param name="isThrottling">A provider's own way of saying "slow down" besides 429 and 5xx, if it has one.</param>
    public static OAuth2GenericException Status(ProviderRequest request, ProviderAnswer answer, Predicate<ProviderAnswer>? isThrottling)
    {
        var status = (int)answer.StatusCode;
        var message = new StringBuilder(Subject(request)).Append(" returned ").Append(status).Append(' ').Append(ReasonPhrases.GetReasonPhrase(status));
        if (status is >= 300 and <= 399)
        {
            message.Append(answer.RedirectHost is null ? ", a redirect, which is not followed" : $", a redirect to {answer.RedirectHost}, which is not followed");
        }

        if (ProviderText.Clean(answer.WwwAuthenticate, request.Secrets) is { } challenge)
        {
            message.Append(" (WWW-Authenticate: ").Append(challenge).Append(')');
        }

        var error = ProviderError.Read(answer, request.Secrets);
        if (error.Error is not null)
        {
            error.AppendTo(message.Append(" with"));
        }

        // A redirect is refused whatever the call (the transport follows none), as a body over the cap is: the reason
        // says that the answer was refused, not that the endpoint said no.
        var reason = status is >= 300 and <= 399 ? OAuth2GenericFailureReasons.ProviderAnswerRefused : request.Call.FailureReason(error.Error);
        return Recorded(request, OAuth2GenericException.FromProviderError(
            request.Step, message.Append('.').ToString(), status, error, reason,
            throttled: isThrottling?.Invoke(answer) == true, retryAfter: answer.RetryAfter > TimeSpan.Zero ? answer.RetryAfter : null));
    }

    /// <summary>
    /// A 2xx answer whose content is wrong: <c>{endpoint} ({host}) returned {what}.</c>, followed by the provider's
    /// error members when it sent an error document.
    /// </summary>
    public static OAuth2GenericException Content(ProviderRequest request, ProviderAnswer answer, string what, ProviderError error = default)
    {
        var message = new StringBuilder(Subject(request)).Append(" returned ").Append(what);
        if (error.Error is not null)
        {
            error.AppendTo(message.Append(" with"));
        }

        return Recorded(request, OAuth2GenericException.FromProviderError(
            request.Step, message.Append('.').ToString(), (int)answer.StatusCode, error, request.Call.FailureReason(error.Error)));
    }

    /// <summary>A 2xx answer with a body that is not JSON, described by its shape, never by its content.</summary>
    public static OAuth2GenericException NotJson(ProviderRequest request, ProviderAnswer answer) =>
        Content(request, answer, $"a body that is not JSON ({answer.Shape})");

    /// <summary>
    /// A 2xx answer with a body that is not what its Content-Type says (JSON, or a form: see
    /// <see cref="ProviderDocument"/>), described by its shape, never by its content.
    /// </summary>
    public static OAuth2GenericException Unreadable(ProviderRequest request, ProviderAnswer answer) =>
        Content(request, answer, $"a body that is not {ProviderDocument.Expected(answer.ContentType)} ({answer.Shape})");

    /// <summary>
    /// A failure of the exchange itself (timeout, connection, redirect followed, body too large), whatever the step: its
    /// reason is one of <see cref="OAuth2GenericFailureReasons.Timeout"/>, <see cref="OAuth2GenericFailureReasons.ProviderUnreachable"/>
    /// and <see cref="OAuth2GenericFailureReasons.ProviderAnswerRefused"/>.
    /// </summary>
    public static OAuth2GenericException Exchange(
        ProviderRequest request, string reason, string what, Exception? innerException = null, bool isTransient = false) =>
        Recorded(request, new(request.Step, $"{Subject(request)} {what}", innerException) { IsTransient = isTransient, Reason = reason });

    /// <summary>An exception's message, fit for a failure message: cleaned, and without what the request sent.</summary>
    public static string Describe(ProviderRequest request, Exception exception) =>
        ProviderText.Clean(exception.Message, request.Secrets) ?? exception.GetType().Name;

    /// <summary>
    /// A provider's error sent to the callback (RFC 6749 §4.1.2.1), which the framework keeps only in
    /// <see cref="Exception.Data"/> and, for access_denied, behind a fixed sentence.
    /// </summary>
    public static OAuth2GenericException Authorization(string error, string? description, string? uri)
    {
        var providerError = new ProviderError(ProviderText.Clean(error), ProviderText.Clean(description), ProviderText.Clean(uri));
        var message = new StringBuilder("The authorization server returned");
        providerError.AppendTo(message);
        return OAuth2GenericException.FromProviderError(
            FailureStep.Authorization, message.Append('.').ToString(), statusCode: null, providerError, OAuth2GenericFailureReasons.ProviderError);
    }

    // Every failure of a request is worded here, so its span learns of it here too.
    private static OAuth2GenericException Recorded(ProviderRequest request, OAuth2GenericException failure)
    {
        OAuth2GenericActivities.Failed(request.Activity, failure);
        return failure;
    }

    private static string Subject(ProviderRequest request) => $"{request.EndpointName} ({request.Host})";

    /// <summary>
    /// A failed fetch of what a provider publishes (its discovery document, its keys), said again with where to look: a
    /// transport failure keeps its reason and whether it is transient (the provider is down, slow or throttling, whatever
    /// was asked of it); any other means the fetch's own <paramref name="reason"/>.
    /// </summary>
    public static OAuth2GenericException Fetch(OAuth2GenericException exception, FailureStep step, string message, string reason) =>
        new(step, message, exception)
        {
            IsTransient = exception.IsTransient,
            Reason = exception.Reason is OAuth2GenericFailureReasons.Timeout or OAuth2GenericFailureReasons.ProviderUnreachable
                or OAuth2GenericFailureReasons.ProviderAnswerRefused
                ? exception.Reason
                : reason,
        };
}
