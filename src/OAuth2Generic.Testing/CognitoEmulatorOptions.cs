using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using OAuth2Generic.Testing.Emulator;

namespace OAuth2Generic.Testing;

/// <summary>The emulated user pool: where it listens, its id, users, app clients, resource servers and token lifetimes.</summary>
public sealed class CognitoEmulatorOptions
{
    /// <summary>The app client added when <see cref="Clients"/> is empty.</summary>
    public const string DefaultClientId = "emulatorappclient0000000001";

    /// <summary>The secret of the app client added when <see cref="Clients"/> is empty.</summary>
    public const string DefaultClientSecret = "emulator-app-client-secret";

    /// <summary>The port on 127.0.0.1; 0 (the default) takes a free one.</summary>
    public int Port { get; set; }

    /// <summary>
    /// The address Kestrel listens on: <see cref="IPAddress.Loopback"/> (127.0.0.1), the default, so nothing beyond this
    /// machine reaches the emulator. <see cref="IPAddress.Any"/> serves every interface (a container's port mapping), with
    /// the URLs, issuer included, still naming 127.0.0.1.
    /// </summary>
    public IPAddress ListenAddress { get; set; } = IPAddress.Loopback;

    /// <summary>
    /// For a pool added with <see cref="CognitoEmulator.AddUserPoolAsync"/>: serve its domain under the emulator's own
    /// port, at <c>{emulator URL}/{UserPoolId}</c>, rather than at the root of a port of its own. Default false. For tests
    /// of hundreds of pools, which would otherwise start a listener each: an API scheme needs only the pool's issuer, and
    /// the token endpoint is <see cref="CognitoEmulatorUserPool.TokenEndpoint"/>. Such a domain has a path, which
    /// <c>AddCognito</c> refuses as its Domain (Cognito serves its endpoints at a domain's root).
    /// </summary>
    public bool SharePort { get; set; }

    /// <summary>
    /// The RSA key the pool signs with first, published under a <c>kid</c> of its own; null (the default) makes a new
    /// 2048-bit key. A test of many pools can give them one key, rather than pay for making one each (a tenth of a second
    /// of CPU or more). The emulator does not dispose it.
    /// </summary>
    public System.Security.Cryptography.RSA? SigningKey { get; set; }

    /// <summary>The user pool id, <c>{region}_{id}</c>; the issuer is <c>{emulator URL}/{UserPoolId}</c>.</summary>
    public string UserPoolId { get; set; } = "us-east-1_Emulator1";

    /// <summary>The users who can sign in.</summary>
    public IList<CognitoEmulatorUser> Users { get; } = [];

    /// <summary>
    /// The app clients. When empty, one confidential client is added: <see cref="DefaultClientId"/> with
    /// <see cref="DefaultClientSecret"/>, with no callback URL until one is registered.
    /// </summary>
    public IList<CognitoEmulatorClient> Clients { get; } = [];

    /// <summary>
    /// The resource servers: APIs whose custom scopes (<c>{identifier}/{scope}</c>) app clients can be allowed in
    /// <see cref="CognitoEmulatorClient.AllowedScopes"/>.
    /// </summary>
    public IList<CognitoEmulatorResourceServer> ResourceServers { get; } = [];

    /// <summary>
    /// The simulated federated identity providers (Google, SAML, OIDC…): an authorize request that names one with
    /// <c>identity_provider</c> or <c>idp_identifier</c> shows its page, and its user comes back as a federated user. An app
    /// client may use one when its <see cref="CognitoEmulatorClient.IdentityProviders"/> lists it.
    /// </summary>
    public IList<CognitoEmulatorIdentityProvider> IdentityProviders { get; } = [];

    /// <summary>
    /// The pre-token-generation trigger, event version 2, or <see langword="null"/> for none: called before the tokens of
    /// a sign-in or a refresh are signed with Cognito's V2 event (<c>request.userAttributes</c>,
    /// <c>request.groupConfiguration</c>, <c>request.scopes</c>), it sets <c>response.claimsAndScopeOverrideDetails</c> on
    /// that event as a Lambda function would, to add, override or suppress claims of the id and access tokens, add or
    /// suppress scopes of the access token (<c>scopesToAdd</c>, <c>scopesToSuppress</c>) and override the groups and
    /// roles (<c>groupOverrideDetails</c>).
    /// </summary>
    /// <remarks>
    /// A trigger that throws, or that sets a claim Cognito keeps for itself (<c>sub</c>, <c>iss</c>, <c>token_use</c>,
    /// <c>scope</c>, <c>cognito:groups</c>…), fails the token request with <c>invalid_request</c> and the reason in
    /// <c>error_description</c>.
    /// </remarks>
    public Func<JsonObject, CancellationToken, Task>? PreTokenGeneration { get; set; }

    /// <summary>
    /// Whether the emulator serves its admin HTTP API under <c>/_emulator/</c> (users, passwords, attributes, groups,
    /// global sign-out, revocation, signing keys, request counts, the clock, more user pools), for tests that are not
    /// written in .NET. Off by default; the <c>cognito-emulator</c> tool turns it on.
    /// </summary>
    public bool AdminApi { get; set; }

    /// <summary>How long an authorization code can be redeemed (Cognito: 5 minutes).</summary>
    public TimeSpan AuthorizationCodeLifetime { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>The lifetime of access and id tokens (Cognito's default: 1 hour).</summary>
    public TimeSpan TokenLifetime { get; set; } = TimeSpan.FromHours(1);

    /// <summary>
    /// How long a refresh token can be redeemed after it was issued (Cognito's default: 30 days); after that the token
    /// endpoint answers <c>invalid_grant</c>, "Refresh Token has expired", and the user must sign in again. It is measured
    /// with <see cref="TimeProvider"/>, so a test moves a fake clock past it. A rotated refresh token (see
    /// <see cref="CognitoEmulatorClient.RefreshTokenRotation"/>) gets the whole lifetime anew from its issue.
    /// </summary>
    /// <remarks>It must be positive, or the start fails; Cognito's own range (60 minutes to 10 years) is not enforced, so a test can use seconds.</remarks>
    public TimeSpan RefreshTokenLifetime { get; set; } = TimeSpan.FromDays(30);

    /// <summary>
    /// How long the hosted UI's session lasts after a login (Cognito's managed login: 1 hour): within it, an authorize
    /// request of the same browser gets a code without the login form; after it, the form is shown again (and
    /// <c>prompt=none</c> answers <c>login_required</c>). It is measured with <see cref="TimeProvider"/>, so a test
    /// that moves a fake clock past it sees the user asked to log in again, as at Cognito.
    /// </summary>
    /// <remarks>It must be positive, or the start fails.</remarks>
    public TimeSpan HostedUiSessionLifetime { get; set; } = TimeSpan.FromHours(1);

    /// <summary>The clock for code expiry and token times; tests can pass a fake one.</summary>
    public TimeProvider TimeProvider { get; set; } = TimeProvider.System;

    /// <summary>Adds a user.</summary>
    /// <param name="username">The user name typed into the login form.</param>
    /// <param name="password">The password.</param>
    /// <param name="email">A verified email address, or <see langword="null"/>.</param>
    /// <param name="groups">The groups the user belongs to.</param>
    /// <returns>These options, to add more.</returns>
    public CognitoEmulatorOptions AddUser(string username, string password, string? email = null, params string[] groups)
    {
        ArgumentException.ThrowIfNullOrEmpty(username);
        ArgumentException.ThrowIfNullOrEmpty(password);
        Users.Add(new CognitoEmulatorUser { Username = username, Password = password, Email = email, Groups = [.. groups] });
        return this;
    }

    /// <summary>Adds a resource server with custom scopes, <c>{identifier}/{scope}</c> each.</summary>
    /// <param name="identifier">The resource server's identifier, such as <c>orders</c>.</param>
    /// <param name="scopes">The names of its scopes without the identifier, such as <c>read</c> and <c>write</c>.</param>
    /// <returns>These options, to add more.</returns>
    public CognitoEmulatorOptions AddResourceServer(string identifier, params string[] scopes)
    {
        ArgumentException.ThrowIfNullOrEmpty(identifier);
        ArgumentNullException.ThrowIfNull(scopes);
        ResourceServers.Add(new CognitoEmulatorResourceServer { Identifier = identifier, Scopes = [.. scopes] });
        return this;
    }

    /// <summary>
    /// Adds the users of a JSON array whose items have the members of <see cref="CognitoEmulatorUser"/> in camel case:
    /// <c>[{"username": "alice", "password": "…", "email": "alice@example.com", "groups": ["admins"],
    /// "attributes": {"custom:team": "blue"}}]</c>.
    /// </summary>
    /// <param name="json">The JSON array.</param>
    /// <returns>These options, to add more.</returns>
    /// <exception cref="JsonException">The text is not such an array, or a user has no username or password.</exception>
    public CognitoEmulatorOptions AddUsersFromJson(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        var users = JsonSerializer.Deserialize(json, EmulatorJsonContext.Default.ListCognitoEmulatorUser)
            ?? throw new JsonException("The users' JSON is null; expected an array of users.");
        foreach (var user in users)
        {
            Users.Add(user);
        }

        return this;
    }
}
