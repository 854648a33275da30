using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http;

namespace OAuth2Generic.Cognito;

/// <summary>The context of <see cref="CognitoJwtBearerEvents.OnMessageReceived"/>, as JwtBearer's <c>MessageReceivedContext</c>.</summary>
/// <param name="context">The request.</param>
/// <param name="scheme">The scheme.</param>
/// <param name="options">The scheme's options.</param>
public sealed class CognitoMessageReceivedContext(HttpContext context, AuthenticationScheme scheme, CognitoJwtBearerOptions options)
    : ResultContext<CognitoJwtBearerOptions>(context, scheme, options)
{
    /// <summary>
    /// The token to validate instead of reading the <c>Authorization</c> header; null or empty reads the header (and, on
    /// <see cref="CognitoJwtBearerOptions.QueryTokenPaths"/>, the <c>access_token</c> query parameter).
    /// </summary>
    public string? Token { get; set; }
}
