using Microsoft.AspNetCore.Authentication.OAuth;

namespace OAuth2Generic;

/// <summary>
/// The authorization-code grant (RFC 6749 §4.1.3): the code, the same redirect_uri as the authorize request, and the
/// PKCE verifier (RFC 7636 §4.5) when the challenge sent one.
/// </summary>
/// <param name="code">The code from the callback.</param>
/// <param name="redirectUri">The redirect_uri the authorize request sent.</param>
/// <param name="codeVerifier">The PKCE verifier, if any.</param>
internal sealed class AuthorizationCodeGrant(string code, string redirectUri, string? codeVerifier) : TokenGrant
{
    public override string GrantType => "authorization_code";

    public override FailureStep Step => FailureStep.TokenRequest;

    public override ProviderCall Call => ProviderCall.CodeExchange;

    public override void AddTo(List<KeyValuePair<string, string>> form, SentSecrets secrets)
    {
        form.Add(new("code", code));
        form.Add(new("redirect_uri", redirectUri));
        secrets.Add(code);
        if (codeVerifier is not null)
        {
            form.Add(new(OAuthConstants.CodeVerifierKey, codeVerifier));
            secrets.Add(codeVerifier);
        }
    }
}
