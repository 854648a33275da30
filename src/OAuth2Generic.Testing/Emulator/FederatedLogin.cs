using Microsoft.AspNetCore.Http;

namespace OAuth2Generic.Testing.Emulator;

/// <summary>
/// The page of a simulated federated identity provider, where an authorize request with <c>identity_provider</c> or
/// <c>idp_identifier</c> goes instead of the login form. It stands for the whole round trip through the provider (its
/// login, its redirect to Cognito's <c>/oauth2/idpresponse</c>): choosing one of the provider's users makes or updates
/// the federated user in the pool, starts a hosted-UI session and sends the browser back to the app with a code.
/// </summary>
internal sealed class FederatedLogin(EmulatorState state)
{
    public const string Path = "/federated";

    public Task ShowAsync(HttpContext context)
    {
        var request = AuthorizationRequest.Read(context, state);
        if (request is null)
        {
            return Task.CompletedTask;
        }

        if (request.IdentityProvider is not { } provider)
        {
            return EmulatorResponses.ErrorPage(context, "invalid_request", "identity_provider or idp_identifier must name an identity provider");
        }

        return Page(context, request, provider, error: null);
    }

    public async Task SignInAsync(HttpContext context)
    {
        var request = AuthorizationRequest.Read(context, state);
        if (request is null)
        {
            return;
        }

        if (request.IdentityProvider is not { } provider)
        {
            await EmulatorResponses.ErrorPage(context, "invalid_request", "identity_provider or idp_identifier must name an identity provider").ConfigureAwait(false);
            return;
        }

        var form = context.Request.HasFormContentType
            ? await context.Request.ReadFormAsync(context.RequestAborted).ConfigureAwait(false)
            : FormCollection.Empty;
        if (!CsrfToken.Matches(context, form))
        {
            await Page(context, request, provider, "Your session has expired. Please sign in again.").ConfigureAwait(false);
            return;
        }

        var id = form["user"].ToString();
        var providerUser = provider.Users.FirstOrDefault(user => user.Id == id);
        if (providerUser is null)
        {
            await Page(context, request, provider, $"{provider.Name} has no user '{id}'.").ConfigureAwait(false);
            return;
        }

        var identity = new FederatedIdentity(provider.Name, provider.Type, providerUser.Id, FederatedProviders.IssuerOf(provider), state.Now);
        var user = state.Users.SignInFederated(identity, providerUser);
        CsrfToken.Forget(context, Path);
        HostedUi.StartSession(context, state, user);
        request.IssueCode(context, state, user);
    }

    private static Task Page(HttpContext context, AuthorizationRequest request, CognitoEmulatorIdentityProvider provider, string? error)
    {
        var csrf = CsrfToken.Issue(context, Path);
        var action = EmulatorResponses.Encode($"{context.Request.PathBase}{Path}{request.QueryString}");
        var message = error is null ? "" : $"""<p class="error" id="login-error" role="alert">{EmulatorResponses.Encode(error)}</p>""";
        var users = string.Concat(provider.Users.Select(user =>
            $"""<button type="submit" name="user" value="{EmulatorResponses.Encode(user.Id)}">{EmulatorResponses.Encode(user.Email ?? user.Id)}</button>"""));
        return EmulatorResponses.Html(
            context,
            error is null ? StatusCodes.Status200OK : StatusCodes.Status400BadRequest,
            provider.Name,
            $"""
            <p class="app" id="identity-provider">{EmulatorResponses.Encode(provider.Name)}</p>
            <h1>Choose an account to continue to {EmulatorResponses.Encode(request.Client.DisplayName)}</h1>
            {message}
            <form method="post" action="{action}">
              <input type="hidden" name="_csrf" value="{csrf}">
              {(users.Length > 0 ? users : "<p>This provider has no users.</p>")}
            </form>
            """,
            $"<span>Simulated {EmulatorResponses.Encode(provider.Type)} identity provider</span> · <span>OAuth2Generic Cognito emulator</span>");
    }
}
