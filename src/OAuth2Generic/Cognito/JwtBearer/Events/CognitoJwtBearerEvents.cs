namespace OAuth2Generic.Cognito;

/// <summary>
/// The events of the Cognito access-token handler (<c>AddCognitoJwtBearer</c>), those of <c>JwtBearerEvents</c>: set a
/// delegate, or derive and override a method and name the type in <c>EventsType</c> (resolved from the request's
/// services, as for every ASP.NET Core scheme).
/// </summary>
public class CognitoJwtBearerEvents
{
    /// <summary>
    /// Raised first for every request the scheme authenticates. It may supply the token (<see cref="CognitoMessageReceivedContext.Token"/>,
    /// for a client that cannot set a header), or end the authentication with <c>Success</c>, <c>Fail</c> or <c>NoResult</c>.
    /// </summary>
    public Func<CognitoMessageReceivedContext, Task> OnMessageReceived { get; set; } = static _ => Task.CompletedTask;

    /// <summary>
    /// Raised when a token passed every check (also when the validation cache knew it): the handler of the application's
    /// own claims. It may add claims to <c>Principal</c>, or refuse the request with <c>Fail</c>.
    /// </summary>
    public Func<CognitoTokenValidatedContext, Task> OnTokenValidated { get; set; } = static _ => Task.CompletedTask;

    /// <summary>
    /// Raised when a token failed a check, with which one (<see cref="CognitoAuthenticationFailedContext.ErrorDescription"/>);
    /// never with the token. It may settle the result instead (<c>Success</c>, <c>NoResult</c>).
    /// </summary>
    public Func<CognitoAuthenticationFailedContext, Task> OnAuthenticationFailed { get; set; } = static _ => Task.CompletedTask;

    /// <summary>
    /// Raised before the 401 (or the 503 when the user pool's keys could not be had) is written. It may change the
    /// <c>WWW-Authenticate</c> parts, or write the whole answer itself and call <c>HandleResponse</c>.
    /// </summary>
    public Func<CognitoJwtBearerChallengeContext, Task> OnChallenge { get; set; } = static _ => Task.CompletedTask;

    /// <summary>
    /// Raised before the 403 is written. It may change the <c>WWW-Authenticate</c> parts, or write the whole answer itself
    /// and call <c>HandleResponse</c>.
    /// </summary>
    public Func<CognitoForbiddenContext, Task> OnForbidden { get; set; } = static _ => Task.CompletedTask;

    /// <summary>Raises <see cref="OnMessageReceived"/>.</summary>
    /// <param name="context">The request and what the event may set.</param>
    /// <returns>The event's work.</returns>
    public virtual Task MessageReceived(CognitoMessageReceivedContext context) => OnMessageReceived(context);

    /// <summary>Raises <see cref="OnTokenValidated"/>.</summary>
    /// <param name="context">The validated principal and what the event may set.</param>
    /// <returns>The event's work.</returns>
    public virtual Task TokenValidated(CognitoTokenValidatedContext context) => OnTokenValidated(context);

    /// <summary>Raises <see cref="OnAuthenticationFailed"/>.</summary>
    /// <param name="context">The failure and what the event may set.</param>
    /// <returns>The event's work.</returns>
    public virtual Task AuthenticationFailed(CognitoAuthenticationFailedContext context) => OnAuthenticationFailed(context);

    /// <summary>Raises <see cref="OnChallenge"/>.</summary>
    /// <param name="context">The challenge's parts and what the event may set.</param>
    /// <returns>The event's work.</returns>
    public virtual Task Challenge(CognitoJwtBearerChallengeContext context) => OnChallenge(context);

    /// <summary>Raises <see cref="OnForbidden"/>.</summary>
    /// <param name="context">The answer's parts and what the event may set.</param>
    /// <returns>The event's work.</returns>
    public virtual Task Forbidden(CognitoForbiddenContext context) => OnForbidden(context);
}
