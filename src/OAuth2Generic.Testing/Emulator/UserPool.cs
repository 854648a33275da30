using Microsoft.AspNetCore.Http;

namespace OAuth2Generic.Testing.Emulator;

/// <summary>
/// One user pool of the emulator: its data, its signing keys, and its endpoints, which <see cref="HandleAsync"/> serves by
/// path. The issuer's documents are served only under <c>/{user pool id}</c> of the emulator's port; the domain's
/// endpoints (<c>/oauth2/*</c>, the hosted UI, <c>/logout</c>) at the root of the pool's domain.
/// </summary>
internal sealed class UserPool : IDisposable
{
    private readonly Func<string> _domain;
    private readonly Dictionary<string, Dictionary<string, RequestDelegate>> _endpoints = new(StringComparer.OrdinalIgnoreCase);

    public UserPool(EmulatorState state, Func<string> serverUrl, Func<string> domain)
    {
        State = state;
        _domain = domain;
        Issuer = new TokenIssuer(state, issuerUrl: () => $"{serverUrl()}/{state.UserPoolId}");
        var hostedUi = new HostedUi(state);
        var federated = new FederatedLogin(state);
        var issuerEndpoints = new IssuerEndpoints(state, Issuer, () => Domain);
        var userInfo = new UserInfoEndpoint(state, Issuer);
        Map(HttpMethods.Get, "/oauth2/authorize", hostedUi.AuthorizeAsync);
        Map(HttpMethods.Get, "/login", hostedUi.ShowLoginAsync);
        Map(HttpMethods.Post, "/login", hostedUi.LoginAsync);
        Map(HttpMethods.Get, FederatedLogin.Path, federated.ShowAsync);
        Map(HttpMethods.Post, FederatedLogin.Path, federated.SignInAsync);
        Map(HttpMethods.Get, "/error", HostedUi.ErrorAsync);
        Map(HttpMethods.Post, "/oauth2/token", new TokenEndpoint(state, Issuer).HandleAsync);
        Map(HttpMethods.Get, "/oauth2/userInfo", userInfo.HandleAsync);
        Map(HttpMethods.Post, "/oauth2/userInfo", userInfo.HandleAsync);
        Map(HttpMethods.Post, "/oauth2/revoke", new RevokeEndpoint(state, Issuer).HandleAsync);
        Map(HttpMethods.Get, "/logout", new LogoutEndpoint(state).HandleAsync);
        Map(HttpMethods.Get, "/.well-known/openid-configuration", issuerEndpoints.DiscoveryAsync);
        Map(HttpMethods.Get, "/.well-known/jwks.json", issuerEndpoints.JwksAsync);
    }

    public EmulatorState State { get; }

    public TokenIssuer Issuer { get; }

    /// <summary>The pool's domain: the emulator's URL for the first pool, the root of its own port for the others.</summary>
    public string Domain => _domain();

    /// <summary>Serves a request whose path, without the pool's prefix, is <paramref name="path"/>.</summary>
    /// <param name="context">The request.</param>
    /// <param name="path">The path under the pool's prefix, or the whole path at the root.</param>
    /// <param name="underPoolPath">Whether the request came under <c>/{user pool id}</c>, where the issuer's documents are.</param>
    public Task HandleAsync(HttpContext context, string path, bool underPoolPath)
    {
        if (!_endpoints.TryGetValue(path, out var byMethod) || (!underPoolPath && path.StartsWith("/.well-known/", StringComparison.Ordinal)))
        {
            context.Response.StatusCode = StatusCodes.Status404NotFound;
            return Task.CompletedTask;
        }

        if (!byMethod.TryGetValue(context.Request.Method, out var handler))
        {
            context.Response.StatusCode = StatusCodes.Status405MethodNotAllowed;
            context.Response.Headers.Allow = string.Join(", ", byMethod.Keys);
            return Task.CompletedTask;
        }

        return handler(context);
    }

    public void Dispose() => Issuer.Dispose();

    private void Map(string method, string path, RequestDelegate handler)
    {
        if (!_endpoints.TryGetValue(path, out var byMethod))
        {
            _endpoints[path] = byMethod = new Dictionary<string, RequestDelegate>(StringComparer.OrdinalIgnoreCase);
        }

        byMethod[method] = handler;
    }
}
