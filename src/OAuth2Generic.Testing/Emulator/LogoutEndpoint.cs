using Microsoft.AspNetCore.Http;

namespace OAuth2Generic.Testing.Emulator;

/// <summary>
/// <c>GET /logout?client_id=…&amp;logout_uri=…</c>: ends the hosted-UI session and redirects to the logout_uri, which
/// must be one of the client's sign-out URLs. Cognito's other form (<c>redirect_uri</c> and <c>response_type</c>,
/// which signs out and shows the login page again) is not emulated and gets the error page.
/// </summary>
internal sealed class LogoutEndpoint(EmulatorState state)
{
    public Task HandleAsync(HttpContext context)
    {
        var query = context.Request.Query;
        var client = query["client_id"].Count == 1 ? state.FindClient(query["client_id"]) : null;
        if (client is null)
        {
            EmulatorResponses.RedirectToErrorPage(context, "invalid_request", null, "client_id is missing or unknown");
            return Task.CompletedTask;
        }

        var logoutUri = query["logout_uri"];
        if (logoutUri.Count != 1)
        {
            EmulatorResponses.RedirectToErrorPage(context, "invalid_request", client.ClientId, "logout_uri is required");
            return Task.CompletedTask;
        }

        if (!client.HasSignOutUrl(logoutUri.ToString()))
        {
            EmulatorResponses.RedirectToErrorPage(context, "redirect_mismatch", client.ClientId);
            return Task.CompletedTask;
        }

        state.EndSession(context.Request.Cookies[HostedUi.SessionCookie]);
        context.Response.Cookies.Delete(HostedUi.SessionCookie, new CookieOptions { Path = $"{context.Request.PathBase}/" });
        context.Response.Redirect(logoutUri.ToString());
        return Task.CompletedTask;
    }
}
