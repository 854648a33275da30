using System.Globalization;
using System.Security.Claims;
using System.Text;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Antiforgery;

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

            body.Append("</table><p class=\"note\">Set <code>Cognito:Domain</code>, <code>Cognito:Region</code>, <code>Cognito:UserPoolId</code>, <code>Cognito:ClientId</code> and <code>Cognito:ClientSecret</code> to use a real user pool.</p>");
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
            <table id="claims"><tr><th>Type</th><th>Value</th></tr>
            """);
        foreach (var claim in user.Claims)
        {
            body.Append(CultureInfo.InvariantCulture, $"<tr><td>{E(claim.Type)}</td><td>{E(claim.Value)}</td></tr>");
        }

        body.Append(CultureInfo.InvariantCulture, $"""
            </table>
            <p><a href="/">Home</a></p>
            {SignOutForm(antiforgery)}
            """);
        return Page("Your claims", body.ToString());
    }

    public static IResult SignInFailed(string message) => Page(
        "Sign-in failed",
        $"""
        <p class="error" id="sign-in-error">{E(message)}</p>
        <p><a href="/">Home</a> · <a href="/signin">Try again</a></p>
        """,
        StatusCodes.Status400BadRequest);

    public static IResult SignOutRefused() => Page(
        "Sign-out not done",
        """
        <p class="error" id="sign-out-error">The sign-out form has expired or did not come from this site. Please use the Sign out button again.</p>
        <p><a href="/">Home</a></p>
        """,
        StatusCodes.Status400BadRequest);

    private static string SignOutForm(AntiforgeryTokenSet antiforgery) => $"""
        <form method="post" action="/signout">
          <input type="hidden" name="{E(antiforgery.FormFieldName)}" value="{E(antiforgery.RequestToken ?? "")}">
          <button type="submit" id="sign-out">Sign out</button>
        </form>
        """;

    private static IResult Page(string title, string body, int status = StatusCodes.Status200OK) => Results.Content(
        $"""
        <!DOCTYPE html>
        <html lang="en">
        <head>
        <meta charset="utf-8">
        <title>{E(title)}</title>
        <style>
          body {"{"} font-family: system-ui, sans-serif; max-width: 48rem; margin: 2rem auto; padding: 0 1rem; {"}"}
          table {"{"} border-collapse: collapse; {"}"} td, th {"{"} border: 1px solid #ccc; padding: .25rem .5rem; text-align: left; {"}"}
          .banner {"{"} background: #eef6ff; padding: .75rem; border-radius: .3rem; {"}"} .error {"{"} color: #b00020; {"}"} .note {"{"} color: #555; {"}"}
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
