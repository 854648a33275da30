using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http;

namespace OAuth2Generic.Testing.Emulator;

/// <summary>
/// The hosted UI's double-submit token: a form's hidden <c>_csrf</c> field must equal the <c>XSRF-TOKEN</c> cookie of the
/// form's own path, so another site cannot post the form.
/// </summary>
internal static class CsrfToken
{
    private const string Cookie = "XSRF-TOKEN";

    /// <summary>A new token, set as the cookie of <paramref name="path"/> (under the pool's domain) and returned for the form's field.</summary>
    public static string Issue(HttpContext context, string path)
    {
        var token = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
        context.Response.Cookies.Append(Cookie, token, Options(context, path));
        return token;
    }

    public static void Forget(HttpContext context, string path) => context.Response.Cookies.Delete(Cookie, Options(context, path));

    public static bool Matches(HttpContext context, IFormCollection form)
    {
        var expected = context.Request.Cookies[Cookie];
        var posted = form["_csrf"].ToString();
        return expected is { Length: > 0 } && posted.Length > 0
            && CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(expected), Encoding.ASCII.GetBytes(posted));
    }

    private static CookieOptions Options(HttpContext context, string path)
        => new() { HttpOnly = true, SameSite = SameSiteMode.Strict, Path = $"{context.Request.PathBase}{path}" };
}
