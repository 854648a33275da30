using System.Security.Claims;

namespace CognitoSample;

/// <summary>
/// What <c>/my-orders</c> remembers between visits: the id (<c>jti</c>, not a secret) of the token its API saw last. The
/// cookie names the user it belongs to and is read for that user only, so that another user signing in on the same
/// browser starts with a first visit; signing out deletes it.
/// </summary>
internal static class LastTokenCookie
{
    private const string Name = "sample.last-token";
    private const string Path = "/my-orders";

    /// <summary>The token id remembered for the signed-in user, or <see langword="null"/>.</summary>
    public static string? Read(HttpContext context)
    {
        var value = context.Request.Cookies[Name];
        var separator = value?.LastIndexOf('|') ?? -1;
        return separator > 0 && string.Equals(value![..separator], UserOf(context), StringComparison.Ordinal) ? value[(separator + 1)..] : null;
    }

    public static void Remember(HttpContext context, string tokenId) =>
        context.Response.Cookies.Append(Name, $"{UserOf(context)}|{tokenId}", new CookieOptions { HttpOnly = true, SameSite = SameSiteMode.Lax, Path = Path });

    public static void Forget(HttpContext context) => context.Response.Cookies.Delete(Name, new CookieOptions { Path = Path });

    // The user pool's id of the user (sub), which no other user has.
    private static string UserOf(HttpContext context) => context.User.FindFirstValue(ClaimTypes.NameIdentifier) ?? "";
}
