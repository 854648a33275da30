using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http;

namespace OAuth2Generic.Cognito;

/// <summary>
/// The context of <see cref="CognitoJwtBearerEvents.OnChallenge"/>, as JwtBearer's <c>JwtBearerChallengeContext</c>: the
/// parts of the <c>WWW-Authenticate: Bearer</c> answer (RFC 6750 §3), which the event may change, or the whole answer.
/// </summary>
/// <param name="context">The request.</param>
/// <param name="scheme">The scheme.</param>
/// <param name="options">The scheme's options.</param>
/// <param name="properties">The challenge's properties.</param>
public sealed class CognitoJwtBearerChallengeContext(
    HttpContext context, AuthenticationScheme scheme, CognitoJwtBearerOptions options, AuthenticationProperties properties)
    : PropertiesContext<CognitoJwtBearerOptions>(context, scheme, options, properties)
{
    /// <summary>Why the authentication failed, when a token was refused; null when the request had none.</summary>
    public Exception? AuthenticateFailure { get; init; }

    /// <summary>The <c>error</c> of the answer: <c>invalid_token</c> for a refused token, null for a request without one.</summary>
    public string? Error { get; set; }

    /// <summary>The <c>error_description</c>: which check the token failed.</summary>
    public string? ErrorDescription { get; set; }

    /// <summary>The <c>error_uri</c>, none by default.</summary>
    public string? ErrorUri { get; set; }

    /// <summary>The status: 401, or 503 when the user pool's keys could not be had (the token may be good).</summary>
    public int StatusCode { get; set; } = StatusCodes.Status401Unauthorized;

    /// <summary>Whether the event wrote the answer itself, so the handler writes nothing.</summary>
    public bool Handled { get; private set; }

    /// <summary>Tells the handler that the event wrote the answer itself.</summary>
    public void HandleResponse() => Handled = true;
}
