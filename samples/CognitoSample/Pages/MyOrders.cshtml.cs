using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using OAuth2Generic;

namespace CognitoSample.Pages;

/// <summary>
/// The sample's API called as the signed-in user, with the access token saved at the sign-in and kept fresh
/// (<c>RefreshSavedTokens</c>, <c>AddUserAccessToken</c>): the token's status and expiry, whether it changed since the
/// user's last visit, how many refreshes the emulator has answered, and the API's answer.
/// </summary>
[Authorize]
public sealed class MyOrdersModel(SignInTarget target) : PageModel
{
    public UserAccessToken Token { get; private set; } = null!;

    public DateTimeOffset Now { get; private set; }

    /// <summary>Whether the API saw another token than at the last visit; <see langword="null"/> on the first, or when it did not say.</summary>
    public bool? Changed { get; private set; }

    public int Refreshes { get; private set; }

    public ApiAnswer Answer { get; private set; } = null!;

    public async Task<IActionResult> OnGetAsync()
    {
        if (target.Emulator is not { } emulator)
        {
            return NotFound(); // the API exists next to the emulator only
        }

        // The saved access token: by now refreshed, when it was due, by the cookie's validation of this request.
        Token = await HttpContext.GetUserAccessTokenAsync();
        if (Token.Status == UserAccessTokenStatus.SessionEnded)
        {
            return Challenge(); // Cognito refused the refresh token: sign in again
        }

        try
        {
            Answer = await SampleApi.CallAsync(HttpContext, SampleApi.UserClientName);
        }
        catch (UserAccessTokenUnavailableException unavailable) when (unavailable.Status == UserAccessTokenStatus.SessionEnded)
        {
            return Challenge();
        }
        catch (UserAccessTokenUnavailableException unavailable)
        {
            Answer = new ApiAnswer(0, $"Not called: {unavailable.Message}", null);
        }

        var previous = LastTokenCookie.Read(HttpContext);
        if (Answer.TokenId is { } seen)
        {
            LastTokenCookie.Remember(HttpContext, seen);
            Changed = previous is null ? null : !string.Equals(seen, previous, StringComparison.Ordinal);
        }

        Now = (HttpContext.RequestServices.GetService<TimeProvider>() ?? TimeProvider.System).GetUtcNow();
        Refreshes = emulator.RefreshRequests;
        return Page();
    }

    public static string Remaining(TimeSpan left) => left <= TimeSpan.Zero
        ? "expired"
        : left < TimeSpan.FromMinutes(1) ? "in less than a minute" : $"in {(int)left.TotalMinutes} min";
}
