namespace OAuth2Generic;

/// <summary>
/// How the client authenticates at the token endpoint (RFC 6749 §2.3). Configuration accepts these names and the
/// Ruby strategy's <c>basic_auth</c> and <c>request_body</c>.
/// </summary>
public enum ClientAuthScheme
{
    /// <summary>
    /// HTTP Basic authentication (<c>client_secret_basic</c>): the client id and secret are each
    /// <c>application/x-www-form-urlencoded</c> before base64 (RFC 6749 §2.3.1), and neither is put in the body.
    /// </summary>
    BasicAuth,

    /// <summary><c>client_id</c> and <c>client_secret</c> in the form body (<c>client_secret_post</c>).</summary>
    RequestBody,

    /// <summary>
    /// A public client with no secret: <c>client_id</c> in the body. PKCE is then mandatory (RFC 9700 §2.1.1).
    /// </summary>
    None,
}
