using OAuth2Generic;

namespace CognitoSample;

/// <summary>
/// What the failure page tells the user about a sign-in that failed: what happened and what to do, in their words. The
/// technical reason (the exception's message) is for the log, where the handler writes it.
/// </summary>
internal static class SignInFailureText
{
    public static string For(Exception? failure) => failure switch
    {
        // The checks of the callback itself (state, correlation cookie), which fail when the callback is stale, replayed,
        // or opened in a browser other than the one that started the sign-in; the log line names the reason.
        OAuth2GenericException { Step: FailureStep.Callback } or not OAuth2GenericException =>
            "This sign-in link has expired or was opened in another browser. Start again.",
        OAuth2GenericException { Error: "access_denied" } => "The sign-in was cancelled or refused. Start again to sign in.",
        OAuth2GenericException { IsTransient: true } => "Cognito did not answer in time or is busy. Wait a moment, then start again.",
        _ => "Signing in did not work because of a problem between this site and Cognito, not because of anything you did. "
            + "Start again; if it happens again, the site's log says what went wrong.",
    };
}
