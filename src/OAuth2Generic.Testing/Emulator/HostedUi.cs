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
    private const string CsrfCookie = "XSRF-TOKEN";

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

        if (TryContinueSession(context, request))
        {
            return Task.CompletedTask;
        }

        if (request.Prompt == "none")
        {
            request.RedirectWithError(context, "login_required", null);
        }
        else
        {
            context.Response.Redirect("/login" + request.QueryString);
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
        if (!CsrfTokenMatches(context, form["_csrf"].ToString()))
        {
            ShowLoginAgain(context, request, username, "session");
            return;
        }

        var user = state.FindUser(username, form["password"].ToString());
        if (user is null)
        {
            ShowLoginAgain(context, request, username, "credentials");
            return;
        }

        context.Response.Cookies.Delete(CsrfCookie, new CookieOptions { Path = "/login" });
        context.Response.Cookies.Append(SessionCookie, state.StartSession(user), new CookieOptions { HttpOnly = true, SameSite = SameSiteMode.Lax, Path = "/" });
        IssueCode(context, request, user);
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
        context.Response.Headers.Location = "/login" + query;
    }

    /// <summary>With a hosted-UI session (and no <c>prompt=login</c>), answers with a code for the session's user.</summary>
    private bool TryContinueSession(HttpContext context, AuthorizationRequest request)
    {
        if (request.Prompt == "login" || state.FindSession(context.Request.Cookies[SessionCookie]) is not { } user)
        {
            return false;
        }

        IssueCode(context, request, user);
        return true;
    }

    private void IssueCode(HttpContext context, AuthorizationRequest request, CognitoEmulatorUser user)
    {
        var now = state.Now;
        var code = state.IssueCode(new AuthorizationCode(
            request.Client.ClientId, request.RedirectUri, user, request.Scope, request.Nonce, request.CodeChallenge, now, now + state.AuthorizationCodeLifetime));
        var parameters = new Dictionary<string, string?> { ["code"] = code, ["state"] = request.State };
        context.Response.Redirect(QueryHelpers.AddQueryString(request.RedirectUri, parameters.Where(p => p.Value is not null)));
    }

    private Task LoginForm(HttpContext context, AuthorizationRequest request, string? username, string? error)
    {
        // Double-submit token: the form's hidden field must equal the cookie, so another site cannot post the form.
        var csrf = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
        context.Response.Cookies.Append(CsrfCookie, csrf, new CookieOptions { HttpOnly = true, SameSite = SameSiteMode.Strict, Path = "/login" });
        var action = EmulatorResponses.Encode("/login" + request.QueryString);
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

    private static bool CsrfTokenMatches(HttpContext context, string posted)
    {
        var expected = context.Request.Cookies[CsrfCookie];
        return expected is { Length: > 0 } && posted.Length > 0
            && CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(expected), Encoding.ASCII.GetBytes(posted));
    }
}
