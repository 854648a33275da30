using System.Text.Encodings.Web;
using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace OAuth2Generic.Testing.Emulator;

/// <summary>The answers the endpoints share: Cognito's JSON errors, JSON documents, and HTML pages.</summary>
internal static class EmulatorResponses
{
    // The hosted UI's look: a white card on a grey page, labels above full-width fields, one wide blue button.
    private const string Style =
        "*,*::before,*::after{box-sizing:border-box}"
        + "body{margin:0;min-height:100vh;display:flex;align-items:center;justify-content:center;padding:1.5rem 1rem;"
        + "background:#f2f3f3;color:#16191f;font:15px/1.45 system-ui,-apple-system,\"Segoe UI\",Roboto,\"Helvetica Neue\",Arial,sans-serif}"
        + "main{width:100%;max-width:25rem}"
        + ".card{background:#fff;border:1px solid #d5dbdb;border-radius:8px;box-shadow:0 1px 3px rgba(0,28,36,.12);padding:1.5rem 1.5rem 1.75rem}"
        + ".app{margin:0 -1.5rem 1.25rem;padding:0 1.5rem 1.1rem;border-bottom:1px solid #eaeded;text-align:center;"
        + "font-size:1.2rem;font-weight:700;overflow-wrap:anywhere}"
        + "h1{margin:0 0 1rem;font-size:1.05rem;font-weight:600}"
        + "label{display:block;margin:1rem 0 .35rem;font-size:.9rem;font-weight:600}"
        + "input[type=text],input[type=password]{display:block;width:100%;padding:.55rem .7rem;font:inherit;color:inherit;"
        + "background:#fff;border:1px solid #879596;border-radius:4px}"
        + "input:focus{outline:2px solid #0073bb;outline-offset:0;border-color:#0073bb}"
        + "button{display:block;width:100%;margin-top:1.5rem;padding:.65rem 1rem;font:inherit;font-weight:700;color:#fff;"
        + "background:#0073bb;border:1px solid #0073bb;border-radius:4px;cursor:pointer}"
        + "button:hover{background:#005a94;border-color:#005a94}"
        + "button:focus-visible{outline:3px solid #7cc1f0;outline-offset:2px}"
        + ".error{margin:0 0 .5rem;padding:.55rem .75rem;color:#b0180e;background:#fdf3f1;border:1px solid #f2b6ad;border-radius:4px;"
        + "font-size:.9rem;overflow-wrap:anywhere}"
        + "p{overflow-wrap:anywhere}"
        + ".note{margin-top:1rem;color:#545b64;font-size:.8rem;text-align:center;overflow-wrap:anywhere}"
        + ".note span{display:inline-block}";

    /// <summary>Cognito's token and revocation errors: HTTP 400 with only <c>{"error": "…"}</c>, no description.</summary>
    public static Task JsonError(HttpContext context, string error, int status = StatusCodes.Status400BadRequest)
        => Json(context, status, json => json.WriteString("error", error));

    /// <summary>
    /// A token error with an <c>error_description</c> when there is one: a refused refresh token says whether it expired,
    /// was used up or was revoked, the reasons Cognito gives for refusing one.
    /// </summary>
    public static Task JsonError(HttpContext context, string error, string? description)
        => description is null
            ? JsonError(context, error)
            : Json(context, StatusCodes.Status400BadRequest, json =>
            {
                json.WriteString("error", error);
                json.WriteString("error_description", description);
            });

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

    /// <summary>
    /// A hosted-UI page: a small, clean version of Cognito's hosted login, a card in the middle of the window with the
    /// page's content and a footer that says the emulator served it. One self-contained page (inline CSS, nothing
    /// loaded from elsewhere), so it works with no network and in a browser that may reach only loopback.
    /// </summary>
    public static Task Html(HttpContext context, int status, string title, string body, string footer)
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
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>{Encode(title)}</title>
            <style>{Style}</style>
            </head>
            <body>
            <main>
            <div class="card">
            {body}
            </div>
            <footer class="note">{footer}</footer>
            </main>
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
            """,
            "Served by the OAuth2Generic Cognito emulator.");

    /// <summary>Redirects to the hosted UI's error page, as Cognito does when it cannot trust the redirect_uri.</summary>
    public static void RedirectToErrorPage(HttpContext context, string error, string? clientId, string? description = null)
    {
        var query = new Dictionary<string, string?> { ["error"] = error, ["client_id"] = clientId, ["error_description"] = description };
        context.Response.Redirect(Microsoft.AspNetCore.WebUtilities.QueryHelpers.AddQueryString($"{context.Request.PathBase}/error", query.Where(p => p.Value is not null)));
    }

    public static string Encode(string text) => HtmlEncoder.Default.Encode(text);

    private static void NoStore(HttpContext context)
    {
        context.Response.Headers.CacheControl = "no-cache, no-store, max-age=0, must-revalidate";
        context.Response.Headers.Pragma = "no-cache";
    }
}
