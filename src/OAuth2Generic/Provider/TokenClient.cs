using Microsoft.AspNetCore.Authentication.OAuth;
using Microsoft.Extensions.Logging;

namespace OAuth2Generic;

/// <summary>
/// The client of the provider's token endpoint (RFC 6749 §3.2) and of its revocation endpoint (RFC 7009): a form
/// POST for any grant with the scheme's client authentication and <see cref="OAuth2GenericOptions.TokenParams"/>,
/// through the scheme's <see cref="ProviderBackchannel"/>. One per scheme, shared by its requests.
/// </summary>
/// <param name="backchannel">The scheme's provider backchannel.</param>
/// <param name="tokenEndpoint">The token endpoint's absolute URL.</param>
/// <param name="authentication">The client's authentication.</param>
/// <param name="tokenParameters">Extra form fields of every token request.</param>
internal sealed class TokenClient(
    ProviderBackchannel backchannel,
    string tokenEndpoint,
    ClientAuthentication authentication,
    IReadOnlyCollection<KeyValuePair<string, string>> tokenParameters)
{
    public ClientAuthScheme AuthScheme => authentication.Scheme;

    public string TokenEndpoint => tokenEndpoint;

    /// <summary>Redeems the grant at the token endpoint.</summary>
    /// <returns>The tokens; the caller disposes them.</returns>
    /// <exception cref="OAuth2GenericException">The request failed or the answer is not a usable token response.</exception>
    public async Task<OAuthTokenResponse> RequestTokenAsync(TokenGrant grant, ILogger logger, CancellationToken cancellationToken)
    {
        using var request = new ProviderRequest(grant.Step, grant.Call, "The token endpoint", HttpMethod.Post, tokenEndpoint);
        var form = new List<KeyValuePair<string, string>>(8) { new("grant_type", grant.GrantType) };
        grant.AddTo(form, request.Secrets);
        authentication.Apply(request, form);
        form.AddRange(tokenParameters);
        request.Message.Content = new FormUrlEncodedContent(form);

        var answer = await backchannel.SendAsync(request, logger, cancellationToken);
        return TokenResponse.Read(request, answer, backchannel);
    }

    /// <summary>Revokes a token (RFC 7009 §2.1); 200 is success whatever the body.</summary>
    /// <param name="revocationEndpoint">The revocation endpoint's absolute URL.</param>
    /// <param name="token">The token to revoke.</param>
    /// <param name="logger">The logger.</param>
    /// <param name="cancellationToken">Ends the request.</param>
    /// <exception cref="OAuth2GenericException">The request failed or the endpoint refused it.</exception>
    public async Task RevokeAsync(string revocationEndpoint, string token, ILogger logger, CancellationToken cancellationToken)
    {
        using var request = new ProviderRequest(FailureStep.Revocation, ProviderCall.Revocation, "The revocation endpoint", HttpMethod.Post, revocationEndpoint);
        var form = new List<KeyValuePair<string, string>>(4) { new("token", token) };
        request.Secrets.Add(token);
        authentication.Apply(request, form);
        request.Message.Content = new FormUrlEncodedContent(form);

        var answer = await backchannel.SendAsync(request, logger, cancellationToken);
        if (!answer.IsSuccess)
        {
            throw backchannel.Failure(request, answer);
        }
    }
}
