namespace OAuth2Generic;

/// <summary>
/// How the user-info request carries the access token: the Ruby oauth2 gem's <c>auth_token_params</c>
/// (configuration keys <c>AuthTokenParams:Mode</c>, <c>ParamName</c> and <c>HeaderFormat</c>).
/// </summary>
public sealed class AuthTokenParameters
{
    /// <summary>Where the token goes. Default <see cref="AuthTokenMode.Header"/>.</summary>
    public AuthTokenMode Mode { get; set; } = AuthTokenMode.Header;

    /// <summary>The query parameter or form field name in <see cref="AuthTokenMode.Query"/> and
    /// <see cref="AuthTokenMode.Body"/> modes. Default <c>access_token</c>.</summary>
    public string ParamName { get; set; } = "access_token";

    /// <summary>
    /// The <c>Authorization</c> header value in <see cref="AuthTokenMode.Header"/> mode, with <c>{0}</c> where the
    /// token goes (the Ruby form <c>%s</c> is accepted in configuration). Default <c>Bearer {0}</c>.
    /// </summary>
    public string HeaderFormat { get; set; } = "Bearer {0}";
}
