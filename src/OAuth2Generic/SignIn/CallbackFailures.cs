using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace OAuth2Generic;

/// <summary>
/// What a failed callback was, in words a developer can act on: the framework's checks of the callback end in a fixed
/// sentence each ("Correlation failed.", "The oauth state was missing or invalid."), and what the request carried says
/// which check failed and what usually causes it. Also the answer to a failure nobody handled.
/// </summary>
internal static class CallbackFailures
{
    // The framework's key of the correlation id in the state's properties (RemoteAuthenticationHandler.CorrelationProperty).
    private const string CorrelationProperty = ".xsrf";

    /// <summary>The correlation id the state carries, read before the framework's check takes it out.</summary>
    public static string? CorrelationIdOf(AuthenticationProperties properties) =>
        properties.Items.TryGetValue(CorrelationProperty, out var correlationId) ? correlationId : null;

    /// <summary>
    /// Which of the framework's two correlation checks failed: the framework says "Correlation failed." both for a
    /// cookie the browser did not send and for one that does not match.
    /// </summary>
    public static string CorrelationFailure(string? correlationId, HttpRequest request, OAuth2GenericOptions options) =>
        !string.IsNullOrEmpty(correlationId) && request.Cookies.ContainsKey(options.CorrelationCookie.Name + correlationId)
            ? OAuth2GenericFailureReasons.CorrelationInvalid
            : OAuth2GenericFailureReasons.CorrelationCookieMissing;

    /// <summary>
    /// RFC 6749 §3.1: a parameter is never sent twice. The framework would join the values with a comma, and send "a,b"
    /// to the token endpoint as the code.
    /// </summary>
    public static OAuth2GenericException? RepeatedParameter(IQueryCollection query)
    {
        foreach (var name in ProtocolParameters.Callback)
        {
            if (query[name].Count > 1)
            {
                return new OAuth2GenericException(FailureStep.Callback, $"The callback repeats the parameter '{name}'.");
            }
        }

        return null;
    }

    /// <summary>
    /// A failure of the framework's callback, explained: a provider's error (RFC 6749 §4.1.2.1), which the framework
    /// reports with its details in <c>Exception.Data</c> only and a fixed sentence for access_denied, with the details in
    /// the message; or the failure of one of the framework's checks. Null for a failure they did not raise (an event's
    /// Fail).
    /// </summary>
    /// <param name="failure">The framework's failure.</param>
    /// <param name="context">The callback's request.</param>
    /// <param name="options">The scheme's options.</param>
    /// <param name="properties">The state's properties, when it could be unprotected.</param>
    /// <param name="correlationFailure">What <see cref="CorrelationFailure"/> found, when the correlation check failed.</param>
    public static async Task<OAuth2GenericException?> ExplainAsync(
        Exception failure, HttpContext context, OAuth2GenericOptions options, AuthenticationProperties? properties, string? correlationFailure)
    {
        if (failure.Data["error"] is string error)
        {
            return ProviderFailure.Authorization(error, failure.Data["error_description"] as string, failure.Data["error_uri"] as string);
        }

        var query = context.Request.Query;
        (string Reason, string Message)? explained = correlationFailure switch
        {
            OAuth2GenericFailureReasons.CorrelationCookieMissing when await SignedInSinceChallengeAsync(context, options, properties) => (
                OAuth2GenericFailureReasons.CallbackRepeated,
                "Correlation failed: this callback was already used to sign in, and the browser sent it again (the back button, a reload, a bookmarked callback URL)."),
            OAuth2GenericFailureReasons.CorrelationCookieMissing => (
                OAuth2GenericFailureReasons.CorrelationCookieMissing,
                "Correlation failed: the browser did not send the correlation cookie. It is Secure and SameSite=None: the sign-in must run over HTTPS, a browser blocking third-party cookies or a proxy that drops cookies loses it, and it expires after RemoteAuthenticationTimeout."),
            OAuth2GenericFailureReasons.CorrelationInvalid => (
                OAuth2GenericFailureReasons.CorrelationInvalid,
                "Correlation failed: the correlation cookie does not match the state."),
            _ when string.IsNullOrEmpty(query["state"]) => (
                OAuth2GenericFailureReasons.CallbackInvalid,
                "The oauth state was missing or invalid: the callback carries no state."),

            // The framework fails without properties only when the state cannot be unprotected.
            _ when properties is null => (
                OAuth2GenericFailureReasons.StateInvalid,
                "The oauth state was missing or invalid: it could not be unprotected. The servers may not share their Data Protection key ring, the key ring may have changed since the challenge, or the state was altered."),
            _ when string.IsNullOrEmpty(query["code"]) => (
                OAuth2GenericFailureReasons.CallbackInvalid,
                "Code was not found: the callback carries neither a code nor an error."),
            _ => null,
        };
        return explained is var (reason, message) ? new OAuth2GenericException(FailureStep.Callback, message) { Reason = reason } : null;
    }

    /// <summary>
    /// Answers a failed sign-in nobody handled: 403 when the user denied access, 400 when the callback itself was wrong,
    /// 502 when the provider failed; a short sentence with no detail.
    /// </summary>
    public static Task AnswerUnhandledAsync(Exception? failure, HttpResponse response, ILogger logger)
    {
        var (status, text) = failure switch
        {
            OAuth2GenericException { Step: FailureStep.Authorization, Error: "access_denied" } =>
                (StatusCodes.Status403Forbidden, "Sign-in was cancelled or access was denied."),
            OAuth2GenericException { Step: FailureStep.Callback } =>
                (StatusCodes.Status400BadRequest, "Sign-in failed: the sign-in request was invalid or has expired. Please start again."),
            OAuth2GenericException =>
                (StatusCodes.Status502BadGateway, "Sign-in failed: the identity provider could not complete it. Please try again."),
            _ => (StatusCodes.Status400BadRequest, "Sign-in failed: the sign-in request was invalid or has expired. Please start again."),
        };
        logger.UnhandledFailureAnswered(status);
        response.StatusCode = status;
        response.ContentType = "text/plain; charset=utf-8";
        return response.WriteAsync(text, response.HttpContext.RequestAborted);
    }

    // A callback whose correlation cookie is gone, from a browser signed in since this callback's challenge, is that
    // sign-in's callback coming back: nothing was wrong with the cookies.
    private static async Task<bool> SignedInSinceChallengeAsync(HttpContext context, OAuth2GenericOptions options, AuthenticationProperties? properties)
    {
        if (properties is null || options.SignInScheme is not { } signInScheme || SignInDeadline.Read(properties) is not { } deadline)
        {
            return false;
        }

        var signedIn = await context.AuthenticateAsync(signInScheme);
        return signedIn.Succeeded && signedIn.Properties?.IssuedUtc >= deadline - options.RemoteAuthenticationTimeout;
    }
}
