using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http;

namespace OAuth2Generic.Cognito;

/// <summary>
/// The context of <see cref="CognitoJwtBearerEvents.OnAuthenticationFailed"/>, as JwtBearer's
/// <c>AuthenticationFailedContext</c>: which check the token failed, never the token.
/// </summary>
/// <param name="context">The request.</param>
/// <param name="scheme">The scheme.</param>
/// <param name="options">The scheme's options.</param>
public sealed class CognitoAuthenticationFailedContext(HttpContext context, AuthenticationScheme scheme, CognitoJwtBearerOptions options)
    : ResultContext<CognitoJwtBearerOptions>(context, scheme, options)
{
    /// <summary>
    /// The failure: its message is the log line's details (the check, and the token's public members that failed it,
    /// cleaned), never the token.
    /// </summary>
    public required Exception Exception { get; init; }

    /// <summary>
    /// The stable reason: the fixed sentence of the check that failed, the same the 401's <c>error_description</c> carries
    /// (for example <c>The token has expired.</c>).
    /// </summary>
    public required string ErrorDescription { get; init; }

    /// <summary>
    /// Whether the API, not the token, is at fault: the user pool's signing keys could not be had. The answer is then 503,
    /// so that the caller keeps a token that is probably good.
    /// </summary>
    public bool IsServerProblem { get; init; }
}
