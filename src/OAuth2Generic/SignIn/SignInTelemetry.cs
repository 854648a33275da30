using System.Diagnostics;
using Microsoft.AspNetCore.Authentication;

namespace OAuth2Generic;

/// <summary>
/// The spans and metrics of a sign-in's two requests, the challenge and the callback, recorded only when someone
/// listens: the handler calls in here after checking, so that a sign-in nobody observes pays nothing.
/// </summary>
internal static class SignInTelemetry
{
    /// <summary>
    /// The challenge inside its span. The framework's challenge completes synchronously unless an event handler awaits
    /// something: the span then ends here, without an async frame of its own.
    /// </summary>
    public static Task TraceChallenge(Activity activity, Func<AuthenticationProperties, Task> challenge, AuthenticationProperties properties)
    {
        Task running;
        try
        {
            running = challenge(properties);
        }
        catch
        {
            activity.Dispose();
            throw;
        }

        if (running.IsCompleted)
        {
            activity.Dispose();
            return running;
        }

        return EndWhenDone(running, activity);

        static async Task EndWhenDone(Task challenge, Activity activity)
        {
            using (activity)
            {
                await challenge;
            }
        }
    }

    /// <summary>The callback's outcome on its span and on the callback metrics.</summary>
    /// <param name="result">The callback's result.</param>
    /// <param name="activity">The callback's span, when anyone listens to traces.</param>
    /// <param name="metrics">The metrics, when anyone listens to the callback instruments.</param>
    /// <param name="scheme">The scheme's name.</param>
    /// <param name="started">The timestamp at which the callback began.</param>
    /// <param name="sinceChallenge">The time from the challenge to now, when the state said when the challenge was.</param>
    public static void RecordCallback(
        HandleRequestResult result, Activity? activity, OAuth2GenericMetrics? metrics, string scheme, long started, TimeSpan? sinceChallenge)
    {
        var (outcome, reason) = result switch
        {
            { Succeeded: true } => ("success", null),
            { Failure: OAuth2GenericException failure } => ("failure", failure.Reason),
            { Failure: not null } => ("failure", TelemetryTags.OtherError),
            _ => ("skipped", (string?)null),
        };

        if (result.Failure is OAuth2GenericException exception)
        {
            OAuth2GenericActivities.Failed(activity, exception);
        }
        else if (activity is not null)
        {
            activity.SetTag(TelemetryTags.Outcome, outcome);
            if (reason is not null)
            {
                activity.SetTag(TelemetryTags.ErrorType, reason);
                activity.SetStatus(ActivityStatusCode.Error, reason);
            }
        }

        metrics?.CallbackHandled(scheme, outcome, reason, started, sinceChallenge?.TotalSeconds);
    }
}
