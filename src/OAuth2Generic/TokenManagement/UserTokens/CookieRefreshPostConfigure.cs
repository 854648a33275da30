using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.Extensions.Options;

namespace OAuth2Generic;

/// <summary>
/// Puts the refresh of saved tokens in front of every cookie scheme's <c>OnValidatePrincipal</c>, and the forgetting of
/// a refresh's kept result in front of its <c>OnSigningOut</c>, after the application's own configuration, so that its
/// handlers still run (with the refreshed principal). A cookie whose sign-in was not by a scheme with
/// <see cref="OAuth2GenericOptions.RefreshSavedTokens"/> passes straight through.
/// </summary>
/// <remarks>
/// A cookie scheme configured with <c>EventsType</c> takes its events from the services, not from these options: its
/// <c>OnValidatePrincipal</c> and <c>OnSigningOut</c> call <see cref="UserTokenCookieEvents.ValidatePrincipalAsync"/> and
/// <see cref="UserTokenCookieEvents.SigningOutAsync"/> themselves.
/// </remarks>
/// <param name="refresher">The application's refresher.</param>
internal sealed class CookieRefreshPostConfigure(UserTokenRefresher refresher) : IPostConfigureOptions<CookieAuthenticationOptions>
{
    public void PostConfigure(string? name, CookieAuthenticationOptions options)
    {
        var events = options.Events;
        var applications = events.OnValidatePrincipal;
        events.OnValidatePrincipal = context =>
        {
            RefreshSignOut.NoteForSessionStore(context);
            return refresher.IsDue(context.Properties) ? RefreshThenAsync(context, applications) : applications(context);
        };
        var applicationsSigningOut = events.OnSigningOut;
        events.OnSigningOut = async context =>
        {
            await refresher.SigningOutAsync(context);
            await applicationsSigningOut(context);
        };
    }

    private async Task RefreshThenAsync(CookieValidatePrincipalContext context, Func<CookieValidatePrincipalContext, Task> applications)
    {
        await refresher.ValidatePrincipalAsync(context);
        if (context.Principal is not null)
        {
            await applications(context);
        }
    }
}
