using System.Net;
using OAuth2Generic.Cognito;

namespace OAuth2Generic.Testing;

// The first user pool's members, on the emulator itself: most tests have one pool and never need UserPools.
public sealed partial class CognitoEmulator
{
    /// <summary>The first user pool's id.</summary>
    public string UserPoolId => _pools.First.UserPoolId;

    /// <inheritdoc cref="CognitoEmulatorUserPool.Issuer"/>
    public string Issuer => _pools.First.Issuer;

    /// <inheritdoc cref="CognitoEmulatorUserPool.ClientId"/>
    public string ClientId => _pools.First.ClientId;

    /// <inheritdoc cref="CognitoEmulatorUserPool.ClientSecret"/>
    public string? ClientSecret => _pools.First.ClientSecret;

    /// <inheritdoc cref="CognitoEmulatorUserPool.TokenEndpoint"/>
    public string TokenEndpoint => _pools.First.TokenEndpoint;

    /// <inheritdoc cref="CognitoEmulatorUserPool.TokenRequests"/>
    public int TokenRequests => _pools.First.TokenRequests;

    /// <inheritdoc cref="CognitoEmulatorUserPool.JwksRequests"/>
    public int JwksRequests => _pools.First.JwksRequests;

    /// <inheritdoc cref="CognitoEmulatorUserPool.RefreshRequests"/>
    public int RefreshRequests => _pools.First.RefreshRequests;

    /// <summary>
    /// Points <c>AddCognito</c> at the first user pool as its first app client: <see cref="CognitoOptions.Domain"/>,
    /// <see cref="CognitoOptions.Issuer"/> (so id tokens are validated against its JWKS), client id and secret.
    /// </summary>
    /// <param name="options">The scheme's options.</param>
    public void ConfigureClient(CognitoOptions options) => _pools.First.ConfigureClient(options);

    /// <summary>
    /// Points <c>AddCognito</c> at the first user pool as the given app client; for a public client (no secret) it also
    /// sets <c>ClientOptions.AuthScheme</c> to <c>None</c>, so the client id goes in the body and PKCE protects the code.
    /// </summary>
    /// <param name="options">The scheme's options.</param>
    /// <param name="clientId">The id of one of the pool's app clients.</param>
    public void ConfigureClient(CognitoOptions options, string clientId) => _pools.First.ConfigureClient(options, clientId);

    /// <inheritdoc cref="CognitoEmulatorUserPool.RegisterCallbackUrl"/>
    public void RegisterCallbackUrl(string url, string? clientId = null) => _pools.First.RegisterCallbackUrl(url, clientId);

    /// <inheritdoc cref="CognitoEmulatorUserPool.RegisterSignOutUrl"/>
    public void RegisterSignOutUrl(string url, string? clientId = null) => _pools.First.RegisterSignOutUrl(url, clientId);

    /// <inheritdoc cref="CognitoEmulatorUserPool.RotateSigningKey"/>
    public string RotateSigningKey() => _pools.First.RotateSigningKey();

    /// <inheritdoc cref="CognitoEmulatorUserPool.RetirePreviousSigningKeys"/>
    public void RetirePreviousSigningKeys() => _pools.First.RetirePreviousSigningKeys();

    /// <inheritdoc cref="CognitoEmulatorUserPool.GlobalSignOut"/>
    public void GlobalSignOut(string username) => _pools.First.GlobalSignOut(username);

    /// <inheritdoc cref="CognitoEmulatorUserPool.SignInAsync"/>
    public Task<HttpResponseMessage> SignInAsync(string startUrl, string username, string password, CookieContainer? cookies = null, CancellationToken cancellationToken = default)
        => _pools.First.SignInAsync(startUrl, username, password, cookies, cancellationToken);
}
