using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using OAuth2Generic.Cognito;

namespace CognitoSample.Pages;

/// <summary>
/// Signs out of the cookie and of Cognito: Cognito's <c>/logout</c> ends the hosted-UI session, the refresh token is
/// revoked, and the browser comes back to the signed-out page. What the sample remembered for the user goes too.
/// </summary>
// The token is checked here rather than by Razor Pages' own filter, whose refusal is a bare 400: a stale or forged form
// gets this page's explanation.
[IgnoreAntiforgeryToken]
public sealed class SignOutModel(IAntiforgery antiforgery) : PageModel
{
    public IActionResult OnGet() => RedirectToPage("/Index");

    public async Task<IActionResult> OnPostAsync()
    {
        if (!await antiforgery.IsRequestValidAsync(HttpContext))
        {
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }

        LastTokenCookie.Forget(HttpContext);
        return SignOut(
            new AuthenticationProperties { RedirectUri = SampleApp.SignedOutPath },
            CookieAuthenticationDefaults.AuthenticationScheme,
            CognitoDefaults.AuthenticationScheme);
    }
}
