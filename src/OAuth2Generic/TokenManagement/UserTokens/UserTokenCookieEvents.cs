using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.Extensions.DependencyInjection;

namespace OAuth2Generic;

/// <summary>
/// The refresh of saved tokens (<see cref="OAuth2GenericOptions.RefreshSavedTokens"/>) for a cookie scheme whose events
/// come from the services (<c>EventsType</c>), which the package cannot hook: call <see cref="ValidatePrincipalAsync"/>
/// first in your <c>ValidatePrincipal</c>, and <see cref="SigningOutAsync"/> in your <c>SigningOut</c>. Cookie schemes
/// configured with <c>Events</c> or the default events get both without this.
/// </summary>
public static class UserTokenCookieEvents
{
    /// <summary>
    /// Refreshes the cookie's saved tokens when they are due: the new tokens are saved and the cookie renewed
    /// (<see cref="Microsoft.AspNetCore.Authentication.Cookies.CookieValidatePrincipalContext.ShouldRenew"/>), or, when the
    /// provider refused the refresh token, the principal is rejected and the cookie removed. Does nothing for a cookie
    /// of another scheme, or whose tokens are not due.
    /// </summary>
    /// <param name="context">The cookie's validation context.</param>
    /// <returns>When the refresh is done.</returns>
    public static Task ValidatePrincipalAsync(CookieValidatePrincipalContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        RefreshSignOut.NoteForSessionStore(context);
        return context.HttpContext.RequestServices.GetService<UserTokenRefresher>() is { } refresher && refresher.IsDue(context.Properties)
            ? refresher.ValidatePrincipalAsync(context)
            : Task.CompletedTask;
    }

    /// <summary>
    /// Forgets, on every server, the kept result of the refresh that brought the signing-out session's tokens, so that a
    /// copy of the cookie from before that refresh gets no tokens once the user has signed out. Call it in your
    /// <c>SigningOut</c>; cookie schemes configured with <c>Events</c> or the default events get it without this.
    /// </summary>
    /// <param name="context">The cookie's sign-out context.</param>
    /// <returns>When the result is forgotten.</returns>
    public static Task SigningOutAsync(CookieSigningOutContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return context.HttpContext.RequestServices.GetService<UserTokenRefresher>() is { } refresher
            ? refresher.SigningOutAsync(context)
            : Task.CompletedTask;
    }
}
