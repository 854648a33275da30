using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.Extensions.Options;

namespace OAuth2Generic;

/// <summary>
/// Puts the refresh of saved tokens in front of every cookie scheme's <c>OnValidatePrincipal</c>, after the
/// application's own configuration, so that its handler still runs (with the refreshed principal). A cookie whose
/// sign-in was not by a scheme with <see cref="OAuth2GenericOptions.RefreshSavedTokens"/> passes straight through.
/// </summary>
/// <remarks>
/// A cookie scheme configured with <c>EventsType</c> takes its events from the services, not from these options: its
/// <c>OnValidatePrincipal</c> calls <see cref="UserTokenRefresh.ValidatePrincipalAsync"/> itself.
/// </remarks>
/// <param name="refresher">The application's refresher.</param>
internal sealed class RefreshCookieEvents(UserTokenRefresher refresher) : IPostConfigureOptions<CookieAuthenticationOptions>
{
    public void PostConfigure(string? name, CookieAuthenticationOptions options)
    {
        var events = options.Events;
        var applications = events.OnValidatePrincipal;
        events.OnValidatePrincipal = context => refresher.IsDue(context.Properties) ? RefreshThenAsync(context, applications) : applications(context);
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
