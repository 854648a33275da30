namespace OAuth2Generic.Testing;

/// <summary>
/// A resource server of the emulated user pool: an API with custom scopes that app clients can be allowed, whose full
/// names are <c>{Identifier}/{scope}</c> (<c>orders/read</c>). They are granted by the <c>client_credentials</c> grant
/// and, when a user signs in, put in the user's access token.
/// </summary>
public sealed class CognitoEmulatorResourceServer
{
    /// <summary>
    /// The resource server's identifier, the first part of its scopes' names: <c>orders</c>, or a URL such as
    /// <c>https://api.example.com</c> as Cognito also allows. No whitespace, <c>"</c> or <c>\</c>.
    /// </summary>
    public required string Identifier { get; set; }

    /// <summary>
    /// The names of its scopes without the identifier: <c>read</c>, <c>write</c>. No whitespace, <c>/</c>, <c>"</c> or
    /// <c>\</c>.
    /// </summary>
    public IList<string> Scopes { get; set; } = [];
}
