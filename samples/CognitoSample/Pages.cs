using System.Globalization;
using System.Security.Claims;
using System.Text;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Antiforgery;
using OAuth2Generic;

namespace CognitoSample;

/// <summary>The sample's pages: plain HTML, no front-end build.</summary>
internal static class Pages
{
    public static IResult Home(ClaimsPrincipal user, SignInTarget target, AntiforgeryTokenSet antiforgery)
    {
        var body = new StringBuilder();
        if (target.Emulator is { } emulator)
        {
            body.Append(CultureInfo.InvariantCulture, $"""
                <p class="banner" id="emulator-banner">No Cognito settings were found, so this sample started the <strong>Cognito emulator</strong>
                at <code>{E(emulator.Url)}</code> (user pool <code>{E(emulator.UserPoolId)}</code>). Sign in as one of its demo users:</p>
                <table><tr><th>User name</th><th>Password</th><th>Groups</th></tr>
                """);
            foreach (var demo in target.DemoUsers)
            {
                body.Append(CultureInfo.InvariantCulture, $"<tr><td>{E(demo.Username)}</td><td><code>{E(demo.Password)}</code></td><td>{E(string.Join(", ", demo.Groups))}</td></tr>");
            }

            body.Append("</table><p><a id=\"service\" href=\"/service\">Call the sample's API as a service</a> (a client-credentials token)</p><p class=\"note\">Set <code>Domain</code>, <code>Region</code>, <code>UserPoolId</code>, <code>ClientId</code> and <code>ClientSecret</code> under <code>Authentication:Schemes:Cognito</code> to use a real user pool.</p>");
        }
        else
        {
            body.Append(CultureInfo.InvariantCulture, $"<p class=\"banner\">Signing in with the Cognito user pool at <code>{E(target.Domain)}</code>.</p>");
        }

        if (user.Identity?.IsAuthenticated == true)
        {
            body.Append(CultureInfo.InvariantCulture, $"""
                <p id="status">Signed in as <strong>{E(user.Identity.Name ?? "(no name)")}</strong>.</p>
                <p><a href="/claims">Your claims and roles</a></p>
                {(target.Emulator is null ? "" : "<p><a id=\"my-orders\" href=\"/my-orders\">Call the sample's API as you</a> (your access token, kept fresh)</p>")}
                {SignOutForm(antiforgery)}
                """);
        }
        else
        {
            body.Append("""<p id="status">You are not signed in.</p><p><a class="button" id="sign-in" href="/signin">Sign in</a></p>""");
        }

        return Page("OAuth2Generic Cognito sample", body.ToString());
    }

    public static IResult Claims(ClaimsPrincipal user, AntiforgeryTokenSet antiforgery)
    {
        var roles = user.FindAll(ClaimTypes.Role).Select(claim => claim.Value).ToList();
        var body = new StringBuilder($"""
            <p id="status">Signed in as <strong>{E(user.Identity?.Name ?? "(no name)")}</strong>.</p>
            <h2>Roles</h2>
            <p id="roles">{(roles.Count == 0 ? "none" : E(string.Join(", ", roles)))}</p>
            <p>Member of <code>admins</code>: <strong id="is-admin">{(user.IsInRole("admins") ? "yes" : "no")}</strong></p>
            <h2>Claims</h2>
            <table id="claims" class="claims"><tr><th>Type</th><th>Value</th></tr>
            """);
        foreach (var claim in user.Claims)
        {
            body.Append(CultureInfo.InvariantCulture, $"<tr><td>{ClaimType(claim.Type)}</td><td>{E(claim.Value)}</td></tr>");
        }

        body.Append(CultureInfo.InvariantCulture, $"""
            </table>
            <p><a href="/">Home</a></p>
            {SignOutForm(antiforgery)}
            """);
        return Page("Your claims", body.ToString());
    }

    public static IResult Service(int status, string answer) => Page(
        "The API, called as a service",
        $"""
        <p>The sample called its own <code>/api/orders</code> with a client-credentials token of the app client
        <code>{E(SampleApi.ServiceClientId)}</code> (scope <code>{E(SampleApi.OrdersScope)}</code>); the API validated it with
        <code>AddCognitoJwtBearer</code>.</p>
        <p>The API answered <strong id="api-status">{status}</strong>:</p>
        <pre id="api-answer">{E(answer)}</pre>
        <p><a href="/">Home</a></p>
        """);

    /// <summary>
    /// The API called as the user: their access token's status and expiry, whether it changed since the last visit
    /// (<see langword="null"/> on the first, or when the API did not say), how many refreshes the emulator has answered,
    /// and the API's answer.
    /// </summary>
    public static IResult MyOrders(ClaimsPrincipal user, UserAccessToken token, DateTimeOffset now, bool? changed, int? refreshes, int status, string answer)
    {
        var expires = token.ExpiresAt is { } expiresAt
            ? $"""<strong id="token-expires">{E(expiresAt.ToString("u", CultureInfo.InvariantCulture))}</strong> (<span id="token-expires-in">{E(Remaining(expiresAt - now))}</span>)"""
            : """<strong id="token-expires">unknown</strong> (the sign-in's token answer had no <code>expires_in</code>)""";
        var sinceLastVisit = changed switch
        {
            true => "a new token: it was refreshed since your last visit of this page",
            false => "the same token as at your last visit of this page",
            null => "your first visit of this page, or the API did not answer",
        };
        var body = new StringBuilder($"""
            <p id="status">Signed in as <strong>{E(user.Identity?.Name ?? "(no name)")}</strong>.</p>
            <p>The sample called its own <code>/api/orders</code> as you: an <code>HttpClient</code> of <code>AddUserAccessToken</code>
            sent the access token saved with your sign-in (<code>SaveTokens</code>), refreshed shortly before it expires
            (<code>RefreshSavedTokens</code>); the API validated it with <code>AddCognitoJwtBearer</code>.</p>
            <table>
            <tr><th>Your access token</th><td><strong id="token-status">{token.Status}</strong></td></tr>
            <tr><th>Expires at</th><td>{expires}</td></tr>
            <tr><th>Since your last visit</th><td id="token-changed" data-changed="{(changed is null ? "unknown" : changed.Value ? "yes" : "no")}">{E(sinceLastVisit)}</td></tr>
            """);
        if (refreshes is { } count)
        {
            body.Append(CultureInfo.InvariantCulture, $"""<tr><th>Refreshes the emulator answered</th><td id="refresh-count">{count}</td></tr>""");
        }

        body.Append(CultureInfo.InvariantCulture, $"""
            </table>
            <p>The API answered <strong id="api-status">{status}</strong>:</p>
            <pre id="api-answer">{E(answer)}</pre>
            <p><a href="/my-orders">Call it again</a> <a href="/">Home</a></p>
            """);
        return Page("The API, called as you", body.ToString());
    }

    public static IResult SignInFailed(string message) => Page(
        "Sign-in failed",
        $"""
        <p class="error" id="sign-in-error">{E(message)}</p>
        <p><a class="button" href="/signin">Start again</a> <a href="/">Home</a></p>
        """,
        StatusCodes.Status400BadRequest);

    public static IResult SignOutRefused() => Page(
        "Sign-out not done",
        """
        <p class="error" id="sign-out-error">The sign-out form has expired or did not come from this site. Please use the Sign out button again.</p>
        <p><a href="/">Home</a></p>
        """,
        StatusCodes.Status400BadRequest);

    private static string Remaining(TimeSpan left) => left <= TimeSpan.Zero
        ? "expired"
        : left < TimeSpan.FromMinutes(1) ? "in less than a minute" : $"in {(int)left.TotalMinutes} min";

    private static string SignOutForm(AntiforgeryTokenSet antiforgery) => $"""
        <form method="post" action="/signout">
          <input type="hidden" name="{E(antiforgery.FormFieldName)}" value="{E(antiforgery.RequestToken ?? "")}">
          <button type="submit" class="button secondary" id="sign-out">Sign out</button>
        </form>
        """;

    /// <summary>
    /// A claim type as the claims page shows it: a URI type by the constant a developer writes
    /// (<c>ClaimTypes.Email</c>), with the full type on hover; any other type as it is.
    /// </summary>
    private static string ClaimType(string type) => ClaimTypeNames.ConstantFor(type) is { } constant
        ? $"""<abbr title="{E(type)}">{Breakable(constant)}</abbr>"""
        : Breakable(type);

    /// <summary>A name that may wrap after its dots and colons (<c>ClaimTypes.</c>, <c>cognito:</c>) on a narrow screen.</summary>
    private static string Breakable(string name) =>
        E(name).Replace(".", ".<wbr>", StringComparison.Ordinal).Replace(":", ":<wbr>", StringComparison.Ordinal);

    private static IResult Page(string title, string body, int status = StatusCodes.Status200OK) => Results.Content(
        $"""
        <!DOCTYPE html>
        <html lang="en">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <title>{E(title)}</title>
        <style>
          *, *::before, *::after {"{"} box-sizing: border-box; {"}"}
          body {"{"} font-family: system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; line-height: 1.45; color: #1f2328;
                 max-width: 48rem; margin: 2rem auto; padding: 0 1rem; {"}"}
          h1 {"{"} font-size: 1.6rem; margin: 0 0 1rem; {"}"} h2 {"{"} font-size: 1.15rem; margin: 1.5rem 0 .5rem; {"}"}
          code {"{"} overflow-wrap: anywhere; {"}"}
          table {"{"} border-collapse: collapse; width: 100%; {"}"}
          td, th {"{"} border: 1px solid #d0d7de; padding: .35rem .55rem; text-align: left; vertical-align: top; overflow-wrap: anywhere; {"}"}
          th {"{"} background: #f6f8fa; {"}"}
          .claims td:first-child {"{"} white-space: nowrap; {"}"}
          @media (max-width: 40rem) {"{"}
            .claims {"{"} table-layout: fixed; font-size: .9rem; {"}"} .claims th:first-child {"{"} width: 46%; {"}"}
            .claims td, .claims th {"{"} padding: .3rem .4rem; {"}"}
            .claims td:first-child {"{"} white-space: normal; overflow-wrap: break-word; {"}"}
          {"}"}
          abbr[title] {"{"} text-decoration: underline dotted #8c959f; cursor: help; {"}"}
          .banner {"{"} background: #eef6ff; border: 1px solid #b6d4fe; padding: .75rem 1rem; border-radius: .4rem; {"}"}
          .error {"{"} color: #b00020; background: #fff5f5; border: 1px solid #f1b0b7; padding: .75rem 1rem; border-radius: .4rem; {"}"}
          .note {"{"} color: #57606a; {"}"}
          .button {"{"} display: inline-block; font: inherit; font-weight: 600; line-height: 1.2; text-decoration: none; cursor: pointer;
                   color: #fff; background: #0969da; border: 1px solid #0969da; border-radius: .4rem; padding: .55rem 1.1rem; {"}"}
          .button:hover {"{"} background: #0550ae; border-color: #0550ae; {"}"}
          .button:focus-visible {"{"} outline: 3px solid #80b3ff; outline-offset: 2px; {"}"}
          .button.secondary {"{"} color: #1f2328; background: #f6f8fa; border-color: #d0d7de; {"}"}
          .button.secondary:hover {"{"} background: #eaeef2; {"}"}
          .button + a {"{"} margin-left: .9rem; {"}"}
          form {"{"} margin: 1rem 0; {"}"}
        </style>
        </head>
        <body>
        <h1>{E(title)}</h1>
        {body}
        </body>
        </html>
        """,
        "text/html; charset=utf-8",
        statusCode: status);

    private static string E(string text) => HtmlEncoder.Default.Encode(text);
}
