using System.Net;
using OAuth2Generic.Cognito;
using OAuth2Generic.Testing.Emulator;

namespace OAuth2Generic.Testing;

/// <summary>
/// One user pool of a <see cref="CognitoEmulator"/>: its own domain, issuer, signing keys, app clients and users. Its
/// domain is the emulator's URL for the first pool and a port of its own for each further one; its issuer is
/// <c>{emulator URL}/{user pool id}</c>, as Cognito's issuers all live on one host. Get one from
/// <see cref="CognitoEmulator.UserPools"/>, <see cref="CognitoEmulator.GetUserPool"/> or <see cref="CognitoEmulator.AddUserPoolAsync"/>.
/// </summary>
public sealed class CognitoEmulatorUserPool
{
    private readonly UserPool _pool;

    internal CognitoEmulatorUserPool(UserPool pool) => _pool = pool;

    internal UserPool Pool => _pool;

    /// <summary>The user pool id.</summary>
    public string UserPoolId => _pool.State.UserPoolId;

    /// <summary>
    /// The user pool's domain, the base URL of <c>/oauth2/authorize</c>, <c>/oauth2/token</c>, <c>/oauth2/userInfo</c> and
    /// <c>/logout</c>, at the root of its origin as a Cognito domain is: the emulator's URL for its first pool,
    /// <c>http://127.0.0.1:{its own port}</c> for the others.
    /// </summary>
    public string Domain => _pool.Domain;

    /// <summary>The issuer of its tokens, <c>{emulator URL}/{UserPoolId}</c>; the discovery document and JWKS are under it.</summary>
    public string Issuer => _pool.Issuer.Issuer;

    /// <summary>The id of the first app client (the default one when none was configured).</summary>
    public string ClientId => _pool.State.FirstClient.ClientId;

    /// <summary>The secret of the first app client, or <see langword="null"/> when it is public.</summary>
    public string? ClientSecret => _pool.State.FirstClient.ClientSecret;

    /// <summary>The token endpoint, <c>{Domain}/oauth2/token</c>, for a test that asks for tokens itself (a <c>client_credentials</c> grant).</summary>
    public string TokenEndpoint => $"{Domain}/oauth2/token";

    /// <summary>
    /// How many requests reached the token endpoint so far, whatever their outcome (tokens, an error, a body that was
    /// not a form): a test can tell whether an app asked for tokens, or asked again instead of using those it had.
    /// </summary>
    public int TokenRequests => _pool.State.TokenRequests;

    /// <summary>
    /// How many requests reached the JWKS URL, <c>{Issuer}/.well-known/jwks.json</c>, so far: a test can tell whether an
    /// app downloaded the signing keys, cached them, or downloaded them again after a key rotation.
    /// </summary>
    public int JwksRequests => _pool.State.JwksRequests;

    /// <summary>
    /// How many <c>grant_type=refresh_token</c> requests reached the token endpoint so far, whatever their outcome (new
    /// tokens, <c>invalid_grant</c>, <c>invalid_client</c>): a test can tell whether an app refreshed its tokens, refreshed
    /// them once for many concurrent requests, or kept using ones it had. They are counted in <see cref="TokenRequests"/> too.
    /// </summary>
    public int RefreshRequests => _pool.State.RefreshRequests;

    /// <summary>
    /// Points <c>AddCognito</c> at the pool as the given app client: <see cref="CognitoOptions.Domain"/>,
    /// <see cref="CognitoOptions.Issuer"/> (so id tokens are validated against its JWKS), client id and secret; for a public
    /// client (no secret) it also sets <c>ClientOptions.AuthScheme</c> to <c>None</c>, so the client id goes in the body and
    /// PKCE protects the code.
    /// </summary>
    /// <param name="options">The scheme's options.</param>
    /// <param name="clientId">The id of one of the pool's app clients; by default the first.</param>
    public void ConfigureClient(CognitoOptions options, string? clientId = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        var client = _pool.State.GetClient(clientId);
        options.Domain = Domain;
        options.Issuer = Issuer;
        options.ClientId = client.ClientId;
        options.ClientSecret = client.ClientSecret ?? "";
        if (client.IsPublic)
        {
            options.ClientOptions.AuthScheme = ClientAuthScheme.None;
        }
    }

    /// <summary>
    /// The pool as one tenant of a many-tenant <c>AddCognito</c> scheme (what a <see cref="CognitoTenantResolver"/>
    /// answers): its domain, issuer, and the app client's id and secret.
    /// </summary>
    /// <param name="tenantId">The application's name for the tenant.</param>
    /// <param name="clientId">The id of one of the pool's app clients; by default the first.</param>
    /// <returns>The tenant.</returns>
    public CognitoTenant AsTenant(string tenantId, string? clientId = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(tenantId);
        var client = _pool.State.GetClient(clientId);
        return new CognitoTenant { Id = tenantId, Domain = Domain, Issuer = Issuer, ClientId = client.ClientId, ClientSecret = client.ClientSecret };
    }

    /// <summary>Allows one more callback URL (an app's <c>{origin}/signin-cognito</c>), for an app whose port is known only once it runs.</summary>
    /// <param name="url">The exact redirect_uri the app will send.</param>
    /// <param name="clientId">The app client; by default the first.</param>
    public void RegisterCallbackUrl(string url, string? clientId = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(url);
        _pool.State.GetClient(clientId).AddCallbackUrl(url);
    }

    /// <summary>Allows one more sign-out URL, the logout_uri an app sends to <c>/logout</c>.</summary>
    /// <param name="url">The exact logout_uri the app will send.</param>
    /// <param name="clientId">The app client; by default the first.</param>
    public void RegisterSignOutUrl(string url, string? clientId = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(url);
        _pool.State.GetClient(clientId).AddSignOutUrl(url);
    }

    /// <summary>
    /// Rotates the user pool's signing key: a new 2048-bit RSA key under a new <c>kid</c> signs every token from now on,
    /// and the previous keys stay in the JWKS, so the tokens they signed still validate and userInfo still accepts them,
    /// as Cognito keeps an old key published for a while after a rotation. <see cref="RetirePreviousSigningKeys"/> ends that.
    /// </summary>
    /// <returns>The new key's <c>kid</c>.</returns>
    /// <exception cref="ObjectDisposedException">The emulator has been stopped.</exception>
    public string RotateSigningKey() => _pool.Issuer.Rotate();

    /// <summary>
    /// Removes every signing key but the current one from the JWKS: tokens signed before the last
    /// <see cref="RotateSigningKey"/> no longer validate against it, and userInfo refuses them as <c>invalid_token</c>.
    /// </summary>
    public void RetirePreviousSigningKeys() => _pool.Issuer.RetirePrevious();

    /// <summary>
    /// Signs a user out everywhere, as Cognito's <c>AdminUserGlobalSignOut</c> does: every refresh token of the user, with
    /// every app client and including the ones rotated from them, is revoked (a refresh answers <c>invalid_grant</c>), and
    /// so is every access token issued with them (userInfo answers 401 <c>invalid_token</c>). As with Cognito, the hosted
    /// UI's session cookie is not ended, so a new sign-in through the login form may succeed without the password; the
    /// tokens of such a new sign-in are valid.
    /// </summary>
    /// <param name="username">The user's name, as typed into the login form.</param>
    /// <exception cref="ArgumentException">The pool has no user of that name.</exception>
    public void GlobalSignOut(string username)
    {
        ArgumentException.ThrowIfNullOrEmpty(username);
        _pool.State.GlobalSignOut(username);
    }

    /// <summary>
    /// Revokes the sign-in of a refresh token, as <c>/oauth2/revoke</c> does but without the client's credentials: the
    /// token, the refresh tokens rotated from it and the access tokens issued with them. An unknown token changes nothing.
    /// </summary>
    /// <param name="refreshToken">A refresh token the pool issued.</param>
    public void RevokeRefreshToken(string refreshToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(refreshToken);
        _pool.State.RefreshTokens.Revoke(refreshToken);
    }

    /// <summary>Adds a user while the emulator runs (as <c>AdminCreateUser</c> with a permanent password).</summary>
    /// <param name="user">The user; copied, so later changes to it have no effect.</param>
    /// <exception cref="ArgumentException">The name is taken, or the user lacks a name or password or has a reserved attribute.</exception>
    public void AddUser(CognitoEmulatorUser user)
    {
        ArgumentNullException.ThrowIfNull(user);
        _pool.State.Users.Add(user);
    }

    /// <summary>A copy of the user as it is now (federated users included, named <c>{provider}_{id}</c>), or <see langword="null"/>.</summary>
    /// <param name="username">The user name.</param>
    /// <returns>The copy, or <see langword="null"/> when the pool has no such user.</returns>
    public CognitoEmulatorUser? FindUser(string username)
    {
        ArgumentNullException.ThrowIfNull(username);
        return _pool.State.Users.FindByName(username) is { } user ? UserDirectory.Clone(user) : null;
    }

    /// <summary>Sets a user's password (as <c>AdminSetUserPassword</c> with <c>Permanent</c>); hosted-UI sessions and tokens stay valid.</summary>
    /// <param name="username">The user name.</param>
    /// <param name="password">The new password.</param>
    /// <exception cref="ArgumentException">The pool has no such user.</exception>
    public void SetPassword(string username, string password)
    {
        ArgumentException.ThrowIfNullOrEmpty(username);
        ArgumentException.ThrowIfNullOrEmpty(password);
        _pool.State.Users.Change(username, user => user.Password = password);
    }

    /// <summary>
    /// Sets or removes an attribute (as <c>AdminUpdateUserAttributes</c>): <c>email</c>, <c>email_verified</c>,
    /// <c>phone_number</c>, <c>phone_number_verified</c>, or any other such as <c>name</c> or <c>custom:team</c>. Tokens
    /// issued from now on, refreshed ones included, and userInfo carry the new value.
    /// </summary>
    /// <param name="username">The user name.</param>
    /// <param name="name">The attribute's Cognito name.</param>
    /// <param name="value">The value, a string as Cognito keeps them (<c>"true"</c> for a verified flag); <see langword="null"/> removes it.</param>
    /// <exception cref="ArgumentException">The pool has no such user, or the name is one the emulator writes itself (<c>sub</c>, <c>username</c>, <c>cognito:*</c>).</exception>
    public void SetAttribute(string username, string name, string? value)
    {
        ArgumentException.ThrowIfNullOrEmpty(username);
        ArgumentException.ThrowIfNullOrEmpty(name);
        _pool.State.Users.Change(username, user => UserAttributeChange.Apply(user, name, value));
    }

    /// <summary>Adds a user to a group (as <c>AdminAddUserToGroup</c>): <c>cognito:groups</c> of the tokens issued from now on.</summary>
    /// <param name="username">The user name.</param>
    /// <param name="group">The group's name.</param>
    /// <exception cref="ArgumentException">The pool has no such user.</exception>
    public void AddUserToGroup(string username, string group)
    {
        ArgumentException.ThrowIfNullOrEmpty(username);
        ArgumentException.ThrowIfNullOrEmpty(group);
        _pool.State.Users.Change(username, user =>
        {
            if (!user.Groups.Contains(group))
            {
                user.Groups.Add(group);
            }
        });
    }

    /// <summary>
    /// Signs a user in the way a browser would, for tests without one: requests <paramref name="startUrl"/> (an app page
    /// that challenges, on a loopback address), follows the redirects to the login form, submits the credentials, and
    /// follows the redirects back into the app.
    /// </summary>
    /// <param name="startUrl">An absolute loopback URL of the app that starts a sign-in.</param>
    /// <param name="username">The user name.</param>
    /// <param name="password">The password.</param>
    /// <param name="cookies">The browser's cookies, to go on as the signed-in user afterwards; a new jar when not given.</param>
    /// <param name="cancellationToken">Cancels the requests.</param>
    /// <returns>The app's response at the end of the redirects, its content read.</returns>
    /// <exception cref="InvalidOperationException">
    /// The login form refused the credentials, the redirects ended at the emulator (its error page, with the error), or
    /// a redirect left the loopback host.
    /// </exception>
    public Task<HttpResponseMessage> SignInAsync(string startUrl, string username, string password, CookieContainer? cookies = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(startUrl);
        ArgumentNullException.ThrowIfNull(username);
        ArgumentNullException.ThrowIfNull(password);
        return new SignInDriver(new Uri(Domain), cookies ?? new CookieContainer()).SignInAsync(new Uri(startUrl), username, password, cancellationToken);
    }
}
