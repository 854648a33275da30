namespace OAuth2Generic.Cognito;

/// <summary>
/// A user pool whose tokens an API scheme (<c>AddCognitoJwtBearer</c>) accepts, as a <see cref="CognitoPoolResolver"/>
/// answers for a token's <c>iss</c>.
/// </summary>
public sealed class CognitoTrustedPool
{
    /// <summary>The pool's issuer, <c>https://cognito-idp.{region}.amazonaws.com/{user pool id}</c>; its keys are at
    /// <c>{Issuer}/.well-known/jwks.json</c>.</summary>
    public required string Issuer { get; init; }

    /// <summary>
    /// The app clients of this pool whose tokens are accepted (an access token's <c>client_id</c>, an id token's
    /// <c>aud</c>); null or empty: the scheme's <see cref="CognitoJwtBearerOptions.ClientIds"/>.
    /// </summary>
    public IReadOnlyCollection<string>? ClientIds { get; init; }

    /// <summary>The application's name for the tenant this pool belongs to, for <see cref="CognitoPoolResolver.IsAllowed"/>; optional.</summary>
    public string? TenantId { get; init; }
}
