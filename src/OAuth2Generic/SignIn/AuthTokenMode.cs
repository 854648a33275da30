namespace OAuth2Generic;

/// <summary>
/// How the access token is carried to the user-info endpoint (RFC 6750 §2).
/// </summary>
public enum AuthTokenMode
{
    /// <summary>In the <c>Authorization</c> header, formatted by <see cref="AuthTokenParameters.HeaderFormat"/>.</summary>
    Header,

    /// <summary>As a query parameter named <see cref="AuthTokenParameters.ParamName"/>.</summary>
    Query,

    /// <summary>
    /// As a form field named <see cref="AuthTokenParameters.ParamName"/>; the user-info request is then a POST,
    /// as RFC 6750 §2.2 requires for a form body.
    /// </summary>
    Body,
}
