using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.WebUtilities;

namespace OAuth2Generic.Testing.Emulator;

/// <summary>
/// The hosted UI: <c>/oauth2/authorize</c>, the login form at <c>/login</c>, and the error page at <c>/error</c>. A
/// successful login starts a session (the <c>cognito</c> cookie, as Cognito names it), so a later authorization request
/// gets a code without the form until <c>/logout</c>, <c>prompt=login</c>, or the end of
/// <see cref="CognitoEmulatorOptions.HostedUiSessionLifetime"/>.
/// </summary>
internal sealed class HostedUi(EmulatorState state)
{
    public const string SessionCookie = "cognito";

    // The login page's query parameter that names why the last login failed. A code, never text: the page shows only
    // its own messages, so a link cannot make the emulator's page say something else.
    private const string LoginErrorParameter = "login_error";

    private static readonly Dictionary<string, string> LoginErrors = new(StringComparer.Ordinal)
    {
        // Cognito's wording, the same for an unknown user and a wrong password.
        ["credentials"] = "Incorrect username or password.",
        ["session"] = "Your session has expired. Please sign in again.",
    };

    public Task AuthorizeAsync(HttpContext context)
    {
        var request = AuthorizationRequest.Read(context, state);
        if (request is null)
        {
            return Task.CompletedTask;
        }

        // identity_provider or idp_identifier skips the hosted UI: the provider's page, whatever the session.
        if (request.IdentityProvider is null && TryContinueSession(context, request))
        {
            return Task.CompletedTask;
        }

        if (request.Prompt == "none" && request.IdentityProvider is null)
        {
            request.RedirectWithError(context, "login_required", null);
        }
        else
        {
            context.Response.Redirect($"{context.Request.PathBase}{(request.IdentityProvider is null ? "/login" : FederatedLogin.Path)}{request.QueryString}");
        }

        return Task.CompletedTask;
    }

    public Task ShowLoginAsync(HttpContext context)
    {
        var request = AuthorizationRequest.Read(context, state);
        if (request is null)
        {
            return Task.CompletedTask;
        }

        // The login page again (the browser's back button, a bookmark) with a session: go on as the authorize endpoint would.
        if (TryContinueSession(context, request))
        {
            return Task.CompletedTask;
        }

        var error = LoginErrors.GetValueOrDefault(context.Request.Query[LoginErrorParameter].ToString());
        return LoginForm(context, request, request.LoginHint, error);
    }

    public async Task LoginAsync(HttpContext context)
    {
        var request = AuthorizationRequest.Read(context, state);
        if (request is null)
        {
            return;
        }

        var form = context.Request.HasFormContentType
            ? await context.Request.ReadFormAsync(context.RequestAborted).ConfigureAwait(false)
            : FormCollection.Empty;
        var username = form["username"].ToString();
        if (!CsrfToken.Matches(context, form))
        {
            ShowLoginAgain(context, request, username, "session");
            return;
        }

        var user = state.Users.Find(username, form["password"].ToString());
        if (user is null)
        {
            ShowLoginAgain(context, request, username, "credentials");
            return;
        }

        CsrfToken.Forget(context, "/login");
        StartSession(context, state, user);
        request.IssueCode(context, state, user);
    }

    public static Task ErrorAsync(HttpContext context)
        => EmulatorResponses.ErrorPage(context, context.Request.Query["error"].ToString() is { Length: > 0 } error ? error : "unknown_error", context.Request.Query["error_description"].FirstOrDefault());

    /// <summary>
    /// Answers a failed login with a redirect to the login page, which shows why (Post/Redirect/Get): the browser's
    /// history then holds the page, not the post, so Back never asks to send the form again. The user name goes along as
    /// login_hint, to be filled in again; the password does not.
    /// </summary>
    private static void ShowLoginAgain(HttpContext context, AuthorizationRequest request, string username, string error)
    {
        var query = request.QueryStringWith("login_hint", username.Length > 0 ? username : null).Add(LoginErrorParameter, error);
        context.Response.StatusCode = StatusCodes.Status303SeeOther;
        context.Response.Headers.Location = $"{context.Request.PathBase}/login{query}";
    }

    /// <summary>With a hosted-UI session (and no <c>prompt=login</c>), answers with a code for the session's user.</summary>
    private bool TryContinueSession(HttpContext context, AuthorizationRequest request)
    {
        if (request.Prompt == "login" || state.FindSession(context.Request.Cookies[SessionCookie]) is not { } user)
        {
            return false;
        }

        request.IssueCode(context, state, user);
        return true;
    }

    /// <summary>Starts a hosted-UI session for the user: the <c>cognito</c> cookie, for the pool's domain.</summary>
    public static void StartSession(HttpContext context, EmulatorState state, CognitoEmulatorUser user)
        => context.Response.Cookies.Append(
            SessionCookie, state.StartSession(user), new CookieOptions { HttpOnly = true, SameSite = SameSiteMode.Lax, Path = $"{context.Request.PathBase}/" });

    private Task LoginForm(HttpContext context, AuthorizationRequest request, string? username, string? error)
    {
        var csrf = CsrfToken.Issue(context, "/login");
        var action = EmulatorResponses.Encode($"{context.Request.PathBase}/login{request.QueryString}");
        var message = error is null ? "" : $"""<p class="error" id="login-error" role="alert">{EmulatorResponses.Encode(error)}</p>""";
        return EmulatorResponses.Html(
            context,
            StatusCodes.Status200OK,
            "Signin",
            $"""
            <p class="app" id="app-client">{EmulatorResponses.Encode(request.Client.DisplayName)}</p>
            <h1>Sign in with your username and password</h1>
            {message}
            <form method="post" action="{action}">
              <input type="hidden" name="_csrf" value="{csrf}">
              <label for="username">Username</label>
              <input id="username" name="username" type="text" autocomplete="username" autocapitalize="none" spellcheck="false" required value="{EmulatorResponses.Encode(username ?? "")}">
              <label for="password">Password</label>
              <input id="password" name="password" type="password" autocomplete="current-password" required>
              <button type="submit" name="signInSubmitButton">Sign in</button>
            </form>
            """,
            $"<span>OAuth2Generic Cognito emulator</span> · <span>user pool {EmulatorResponses.Encode(state.UserPoolId)}</span> · <span>app client {EmulatorResponses.Encode(request.Client.ClientId)}</span>");
    }
}
