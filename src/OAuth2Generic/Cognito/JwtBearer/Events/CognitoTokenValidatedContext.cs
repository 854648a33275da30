using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http;

namespace OAuth2Generic.Cognito;

/// <summary>
/// The context of <see cref="CognitoJwtBearerEvents.OnTokenValidated"/>, as JwtBearer's <c>TokenValidatedContext</c>:
/// <c>Principal</c> holds the token's claims (add the application's own to it), <c>Properties</c> the saved token when
/// <see cref="CognitoJwtBearerOptions.SaveToken"/> is on.
/// </summary>
/// <param name="context">The request.</param>
/// <param name="scheme">The scheme.</param>
/// <param name="options">The scheme's options.</param>
public sealed class CognitoTokenValidatedContext(HttpContext context, AuthenticationScheme scheme, CognitoJwtBearerOptions options)
    : ResultContext<CognitoJwtBearerOptions>(context, scheme, options);
