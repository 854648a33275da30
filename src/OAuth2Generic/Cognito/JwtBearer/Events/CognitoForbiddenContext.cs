using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http;

namespace OAuth2Generic.Cognito;

/// <summary>
/// The context of <see cref="CognitoJwtBearerEvents.OnForbidden"/>, as JwtBearer's <c>ForbiddenContext</c>, with the parts
/// of the 403's <c>WWW-Authenticate: Bearer</c> answer, which the event may change, or the whole answer.
/// </summary>
/// <param name="context">The request.</param>
/// <param name="scheme">The scheme.</param>
/// <param name="options">The scheme's options.</param>
/// <param name="properties">The properties of the forbid call.</param>
public sealed class CognitoForbiddenContext(
    HttpContext context, AuthenticationScheme scheme, CognitoJwtBearerOptions options, AuthenticationProperties properties)
    : PropertiesContext<CognitoJwtBearerOptions>(context, scheme, options, properties)
{
    /// <summary>
    /// The <c>error</c> of the answer: <c>insufficient_scope</c> when a scope requirement refused the request (RFC 6750
    /// §3.1), null when another requirement did (a role, a policy of the application's).
    /// </summary>
    public string? Error { get; set; }

    /// <summary>The scopes the refused scope requirement wanted (the answer's <c>scope</c>), null when none did.</summary>
    public string? Scope { get; set; }

    /// <summary>Whether the event wrote the answer itself, so the handler writes nothing.</summary>
    public bool Handled { get; private set; }

    /// <summary>Tells the handler that the event wrote the answer itself.</summary>
    public void HandleResponse() => Handled = true;
}
