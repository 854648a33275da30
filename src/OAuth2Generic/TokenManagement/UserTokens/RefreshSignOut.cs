using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Http;

namespace OAuth2Generic;

/// <summary>
/// What a sign-out forgets: the kept result of the refresh that brought the session's tokens, on every server, so that a
/// copy of the cookie from before that refresh gets no tokens once the user has signed out.
/// </summary>
internal static class RefreshSignOut
{
    /// <summary>
    /// For a cookie scheme whose tickets live in a <c>SessionStore</c>, notes which redemption brought the tokens of the
    /// cookie being validated: the store's entry is gone by the time the sign-out's event is raised. Other cookies carry
    /// their ticket, and are read at the sign-out.
    /// </summary>
    public static void NoteForSessionStore(CookieValidatePrincipalContext context)
    {
        if (context.Options.SessionStore is not null && SavedTokens.RedeemedUnder(context.Properties) is { } key)
        {
            UserTokenTurns.Of(context.HttpContext).Note(key);
        }
    }

    /// <summary>
    /// Forgets, on every server, the kept result of the refresh that brought the signing-out session's tokens (and of a
    /// refresh made earlier in this request): a copy of the cookie from before that refresh must not take them once the
    /// user has signed out.
    /// </summary>
    public static async Task ForgetAsync(CookieSigningOutContext context, RefreshRedemptions redemptions)
    {
        var keys = new HashSet<string>(UserTokenTurns.Find(context.HttpContext)?.Redemptions ?? [], StringComparer.Ordinal);
        if (RequestTicket(context) is { } ticket && SavedTokens.RedeemedUnder(ticket.Properties) is { } key)
        {
            keys.Add(key);
        }

        foreach (var redemption in keys)
        {
            await redemptions.ForgetAsync(redemption);
        }
    }

    // The ticket of the request's cookie, read as the cookie handler reads it but without its events: the sign-out's
    // event carries none, and authenticating again from there would wait for itself when the sign-out happens during
    // the cookie's validation.
    private static AuthenticationTicket? RequestTicket(CookieSigningOutContext context)
    {
        var options = context.Options;
        if (options.Cookie.Name is not { } name || options.CookieManager.GetRequestCookie(context.HttpContext, name) is not { Length: > 0 } cookie)
        {
            return null;
        }

        var binding = context.HttpContext.Features.Get<Microsoft.AspNetCore.Http.Features.ITlsTokenBindingFeature>()?.GetProvidedTokenBindingId();
        try
        {
            return options.TicketDataFormat.Unprotect(cookie, binding is null ? null : Convert.ToBase64String(binding));
        }
        catch (System.Security.Cryptography.CryptographicException)
        {
            return null;
        }
    }
}
