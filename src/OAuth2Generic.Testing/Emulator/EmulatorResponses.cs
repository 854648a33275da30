using System.Text.Encodings.Web;
using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace OAuth2Generic.Testing.Emulator;

/// <summary>The answers the endpoints share: Cognito's JSON errors, JSON documents, and HTML pages.</summary>
internal static class EmulatorResponses
{
    /// <summary>Cognito's token and revocation errors: HTTP 400 with only <c>{"error": "…"}</c>, no description.</summary>
    public static Task JsonError(HttpContext context, string error, int status = StatusCodes.Status400BadRequest)
        => Json(context, status, json => json.WriteString("error", error));

    public static async Task Json(HttpContext context, int status, Action<Utf8JsonWriter> writeMembers)
    {
        NoStore(context);
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json;charset=UTF-8";
        await using var json = new Utf8JsonWriter(context.Response.Body);
        json.WriteStartObject();
        writeMembers(json);
        json.WriteEndObject();
        await json.FlushAsync(context.RequestAborted).ConfigureAwait(false);
    }

    public static Task Html(HttpContext context, int status, string title, string body)
    {
        NoStore(context);

        // As Cognito's hosted UI does: its pages, where a password is typed, are never shown inside another site's frame
        // (clickjacking). X-Frame-Options for older browsers, CSP frame-ancestors (CSP Level 2) for the others.
        context.Response.Headers.XFrameOptions = "DENY";
        context.Response.Headers.ContentSecurityPolicy = "frame-ancestors 'none'";
        context.Response.StatusCode = status;
        context.Response.ContentType = "text/html; charset=utf-8";
        return context.Response.WriteAsync(
            $"""
            <!DOCTYPE html>
            <html lang="en">
            <head><meta charset="utf-8"><title>{Encode(title)}</title>
            <style>body{"{"}font-family:system-ui,sans-serif;max-width:26rem;margin:3rem auto;padding:0 1rem{"}"}label,input,button{"{"}display:block;width:100%;margin:.3rem 0{"}"}.error{"{"}color:#b00020{"}"}.note{"{"}color:#555;font-size:.9rem{"}"}</style>
            </head>
            <body>
            {body}
            </body>
            </html>
            """,
            context.RequestAborted);
    }

    /// <summary>Cognito's hosted-UI error page, reached by a redirect to <c>/error?error=…</c>.</summary>
    public static Task ErrorPage(HttpContext context, string error, string? description)
        => Html(
            context,
            StatusCodes.Status400BadRequest,
            "Error",
            $"""
            <h1>An error was encountered with the requested page.</h1>
            <p class="error" id="error">{Encode(error)}</p>
            {(description is null ? "" : $"""<p id="error-description">{Encode(description)}</p>""")}
            <p class="note">Served by the OAuth2Generic Cognito emulator.</p>
            """);

    /// <summary>Redirects to the hosted UI's error page, as Cognito does when it cannot trust the redirect_uri.</summary>
    public static void RedirectToErrorPage(HttpContext context, string error, string? clientId, string? description = null)
    {
        var query = new Dictionary<string, string?> { ["error"] = error, ["client_id"] = clientId, ["error_description"] = description };
        context.Response.Redirect(Microsoft.AspNetCore.WebUtilities.QueryHelpers.AddQueryString("/error", query.Where(p => p.Value is not null)));
    }

    public static string Encode(string text) => HtmlEncoder.Default.Encode(text);

    private static void NoStore(HttpContext context)
    {
        context.Response.Headers.CacheControl = "no-cache, no-store, max-age=0, must-revalidate";
        context.Response.Headers.Pragma = "no-cache";
    }
}
