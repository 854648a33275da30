using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.WebUtilities;

namespace OAuth2Generic.Testing.Emulator;

/// <summary>
/// The hosted UI: <c>/oauth2/authorize</c>, the login form at <c>/login</c>, and the error page at <c>/error</c>. A
/// successful login starts a session (the <c>cognito</c> cookie, as Cognito names it), so a later authorization request
/// gets a code without the form until <c>/logout</c> or <c>prompt=login</c>.
/// </summary>
internal sealed class HostedUi(EmulatorState state)
{
    public const string SessionCookie = "cognito";
    private const string CsrfCookie = "XSRF-TOKEN";

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
        return TryContinueSession(context, request) ? Task.CompletedTask : LoginForm(context, request, request.LoginHint, error: null);
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
            await LoginForm(context, request, username, "Your session has expired. Please sign in again.").ConfigureAwait(false);
            return;
        }

        var user = state.FindUser(username, form["password"].ToString());
        if (user is null)
        {
            // Cognito's wording, the same for an unknown user and a wrong password.
            await LoginForm(context, request, username, "Incorrect username or password.").ConfigureAwait(false);
            return;
        }

        context.Response.Cookies.Delete(CsrfCookie, new CookieOptions { Path = "/login" });
        context.Response.Cookies.Append(SessionCookie, state.StartSession(user), new CookieOptions { HttpOnly = true, SameSite = SameSiteMode.Lax, Path = "/" });
        IssueCode(context, request, user);
    }

    public static Task ErrorAsync(HttpContext context)
        => EmulatorResponses.ErrorPage(context, context.Request.Query["error"].ToString() is { Length: > 0 } error ? error : "unknown_error", context.Request.Query["error_description"].FirstOrDefault());

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
            <h1>Sign in with your username and password</h1>
            {message}
            <form method="post" action="{action}">
              <input type="hidden" name="_csrf" value="{csrf}">
              <label for="username">Username</label>
              <input id="username" name="username" type="text" autocomplete="username" required value="{EmulatorResponses.Encode(username ?? "")}">
              <label for="password">Password</label>
              <input id="password" name="password" type="password" autocomplete="current-password" required>
              <button type="submit" name="signInSubmitButton">Sign in</button>
            </form>
            <p class="note">OAuth2Generic Cognito emulator · user pool {EmulatorResponses.Encode(state.UserPoolId)} · app client {EmulatorResponses.Encode(request.Client.ClientId)}</p>
            """);
    }

    private static bool CsrfTokenMatches(HttpContext context, string posted)
    {
        var expected = context.Request.Cookies[CsrfCookie];
        return expected is { Length: > 0 } && posted.Length > 0
            && CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(expected), Encoding.ASCII.GetBytes(posted));
    }
}
