using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.WebUtilities;

namespace OAuth2Generic.Testing.Emulator;

/// <summary>
/// The parameters of <c>/oauth2/authorize</c>, which the hosted UI carries on to <c>/login</c> in its query string, and
/// their checks in Cognito's order: first the client and the redirect_uri (an error goes to the hosted UI's error page,
/// since the redirect_uri cannot be trusted), then everything else (an error goes back to the redirect_uri).
/// </summary>
internal sealed class AuthorizationRequest
{
    private static readonly string[] Known =
    [
        "response_type", "client_id", "redirect_uri", "state", "scope", "code_challenge", "code_challenge_method", "nonce",
        "identity_provider", "idp_identifier", "login_hint", "prompt", "lang",
    ];

    private readonly IQueryCollection _query;

    private AuthorizationRequest(IQueryCollection query, RegisteredClient client)
    {
        _query = query;
        Client = client;
    }

    public RegisteredClient Client { get; }

    public string RedirectUri => _query["redirect_uri"].ToString();

    public string? State => Single("state");

    public string? Nonce => Single("nonce");

    public string? CodeChallenge => Single("code_challenge");

    public string? LoginHint => Single("login_hint");

    public string? Prompt => Single("prompt");

    /// <summary>The federated provider that <c>identity_provider</c> or <c>idp_identifier</c> chose, or <see langword="null"/> for the login form.</summary>
    public CognitoEmulatorIdentityProvider? IdentityProvider { get; private set; }

    /// <summary>The scopes asked for, or, when none are, every scope the client allows (as Cognito does).</summary>
    public string Scope { get; private set; } = "";

    /// <summary>The query string to carry the request on to <c>/login</c> and its form.</summary>
    public QueryString QueryString => QueryString.Create(Known.Where(_query.ContainsKey).Select(name => KeyValuePair.Create(name, (string?)_query[name].ToString())));

    /// <summary>
    /// <see cref="QueryString"/> with one of the request's parameters set to <paramref name="value"/> instead, or left out
    /// when it is <see langword="null"/>: the login page again after a failed login, with the user name as login_hint.
    /// </summary>
    public QueryString QueryStringWith(string name, string? value) => QueryString.Create(
        Known.Where(known => known != name && _query.ContainsKey(known))
            .Select(known => KeyValuePair.Create(known, (string?)_query[known].ToString()))
            .Concat(value is null ? [] : [KeyValuePair.Create(name, (string?)value)]));

    /// <summary>
    /// Reads and checks the request. Returns <see langword="null"/> after answering it when it cannot go on: with the error
    /// page, or with a redirect to the redirect_uri carrying the error.
    /// </summary>
    public static AuthorizationRequest? Read(HttpContext context, EmulatorState state)
    {
        var query = context.Request.Query;
        var clientId = query["client_id"];
        var client = clientId.Count == 1 ? state.FindClient(clientId) : null;
        if (client is null)
        {
            EmulatorResponses.RedirectToErrorPage(context, "invalid_request", clientId.Count == 1 ? clientId.ToString() : null, "client_id is missing or unknown");
            return null;
        }

        var redirectUri = query["redirect_uri"];
        if (redirectUri.Count != 1 || !client.HasCallbackUrl(redirectUri.ToString()))
        {
            EmulatorResponses.RedirectToErrorPage(context, "redirect_mismatch", client.ClientId);
            return null;
        }

        var request = new AuthorizationRequest(query, client);
        var error = request.Check(state.IdentityProviders);
        if (error is not null)
        {
            request.RedirectWithError(context, error.Value.Error, error.Value.Description);
            return null;
        }

        return request;
    }

    /// <summary>Sends the browser back to the client with the error, as Cognito does once the redirect_uri is trusted.</summary>
    public void RedirectWithError(HttpContext context, string error, string? description)
    {
        var parameters = new Dictionary<string, string?> { ["error_description"] = description, ["state"] = State, ["error"] = error };
        context.Response.Redirect(QueryHelpers.AddQueryString(RedirectUri, parameters.Where(p => p.Value is not null)));
    }

    /// <summary>Sends the browser back to the client with a code for the user, and the request's state.</summary>
    public void IssueCode(HttpContext context, EmulatorState state, CognitoEmulatorUser user)
    {
        var now = state.Now;
        var code = state.IssueCode(new AuthorizationCode(Client.ClientId, RedirectUri, user, Scope, Nonce, CodeChallenge, now, now + state.AuthorizationCodeLifetime));
        var parameters = new Dictionary<string, string?> { ["code"] = code, ["state"] = State };
        context.Response.Redirect(QueryHelpers.AddQueryString(RedirectUri, parameters.Where(p => p.Value is not null)));
    }

    private (string Error, string? Description)? Check(FederatedProviders providers)
    {
        foreach (var name in Known)
        {
            if (_query[name].Count > 1)
            {
                return ("invalid_request", $"{name} is repeated");
            }
        }

        if (Single("response_type") != "code")
        {
            // The emulator serves the authorization-code flow only; Cognito's implicit flow is not emulated.
            return ("unsupported_response_type", null);
        }

        if (!Client.AllowedOAuthFlows.Contains("code"))
        {
            // A client for the client_credentials flow alone has no sign-in.
            return ("unauthorized_client", null);
        }

        // The client's scopes include the resource servers' custom ones it is allowed; Cognito puts those granted in the
        // access token's scope next to the OpenID Connect ones, and userInfo, which needs openid, ignores them.
        var scopes = (Single("scope") ?? "").Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (scopes.Any(scope => !Client.AllowedScopes.Contains(scope)))
        {
            return ("invalid_scope", null);
        }

        // Cognito grants the OpenID Connect scopes only together with openid.
        if (!scopes.Contains("openid") && scopes.Any(scope => scope is "email" or "phone" or "profile"))
        {
            return ("invalid_scope", null);
        }

        Scope = string.Join(' ', scopes.Length > 0 ? scopes : Client.AllowedScopeList);

        var method = Single("code_challenge_method");
        if (CodeChallenge is null)
        {
            if (Client.IsPublic)
            {
                return ("invalid_request", "a public client must send a PKCE code_challenge");
            }

            if (method is not null)
            {
                return ("invalid_request", "code_challenge_method without code_challenge");
            }
        }
        else if (method != "S256")
        {
            // Cognito supports only S256.
            return ("invalid_request", "code_challenge_method must be S256");
        }

        var provider = Single("identity_provider");
        if (provider is not null)
        {
            if (!Client.IdentityProviders.Contains(provider))
            {
                return ("invalid_request", $"identity_provider '{provider}' is not enabled for this app client");
            }

            IdentityProvider = providers.FindByName(provider);
        }
        else if (Single("idp_identifier") is { } identifier)
        {
            IdentityProvider = providers.FindByIdentifier(identifier);
            if (IdentityProvider is null || !Client.IdentityProviders.Contains(IdentityProvider.Name))
            {
                return ("invalid_request", "idp_identifier names no identity provider of this app client");
            }
        }

        return Prompt is null or "none" or "login" or "select_account" or "consent"
            ? null
            : ("invalid_request", "prompt is not one of none, login, select_account, consent");
    }

    private string? Single(string name)
    {
        var values = _query[name];
        return values.Count == 1 && values[0] is { Length: > 0 } value ? value : null;
    }
}
