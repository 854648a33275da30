using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace CognitoSample.Pages;

/// <summary>The sample's API called as a machine, with a client-credentials token (<c>AddCognitoClientCredentialsToken</c>).</summary>
public sealed class ServiceModel(SignInTarget target) : PageModel
{
    public ApiAnswer Answer { get; private set; } = null!;

    public async Task<IActionResult> OnGetAsync()
    {
        if (target.Emulator is null)
        {
            return NotFound(); // the API and its machine client exist next to the emulator only
        }

        Answer = await SampleApi.CallAsync(HttpContext, SampleApi.ClientName);
        return Page();
    }
}
