using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace CognitoSample.Pages;

/// <summary>
/// The page of an answer with an error status and no body (<c>UseStatusCodePagesWithReExecute</c>): an unknown URL, or a
/// sign-in that failed (<c>SampleApp</c> leaves the words for the user in <c>HttpContext.Items</c>).
/// </summary>
// A re-executed request keeps its method: a POST to an unknown URL comes here as a POST, with no form token of ours.
[IgnoreAntiforgeryToken]
public sealed class ErrorModel : PageModel
{
    [BindProperty(SupportsGet = true)]
    public int Code { get; set; }

    public string? SignInFailure => HttpContext.Items[typeof(SignInFailureText)] as string;

    public string? OriginalPath => HttpContext.Features.Get<IStatusCodeReExecuteFeature>()?.OriginalPath ?? HttpContext.Request.Path;
}
