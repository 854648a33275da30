using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using OAuth2Generic.Cognito;

namespace CognitoSample.Pages;

/// <summary>Starts a sign-in at Cognito, which comes back to the claims page; <c>?identity_provider=Google</c> skips the hosted UI.</summary>
public sealed class SignInModel : PageModel
{
    public IActionResult OnGet([FromQuery(Name = "identity_provider")] string? identityProvider) => Challenge(
        new CognitoChallengeProperties { RedirectUri = "/claims", IdentityProvider = identityProvider },
        CognitoDefaults.AuthenticationScheme);
}
