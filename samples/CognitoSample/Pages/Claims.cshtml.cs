using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Html;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace CognitoSample.Pages;

/// <summary>The signed-in user's roles and claims; a visitor who is not signed in is sent to Cognito first.</summary>
[Authorize]
public sealed class ClaimsModel : PageModel
{
    /// <summary>A name that may wrap after its dots and colons (<c>ClaimTypes.</c>, <c>cognito:</c>) on a narrow screen.</summary>
    public static IHtmlContent Breakable(string name) => new HtmlString(HtmlEncoder.Default.Encode(name)
        .Replace(".", ".<wbr>", StringComparison.Ordinal)
        .Replace(":", ":<wbr>", StringComparison.Ordinal));
}
