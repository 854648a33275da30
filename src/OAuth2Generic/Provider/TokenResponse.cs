using System.Text.Json;
using Microsoft.AspNetCore.Authentication.OAuth;

namespace OAuth2Generic;

/// <summary>
/// Reads a token endpoint's answer (RFC 6749 §5.1-5.2): a JSON object (or a form, as <see cref="ProviderDocument"/>
/// reads it) with a usable <c>access_token</c>, or a failure that keeps the provider's error members, including an
/// error document sent with 200.
/// </summary>
internal static class TokenResponse
{
    /// <summary>The tokens; the caller disposes them.</summary>
    /// <exception cref="OAuth2GenericException">The answer is an error, or not a usable token response.</exception>
    public static OAuthTokenResponse Read(ProviderRequest request, ProviderAnswer answer, ProviderBackchannel backchannel)
    {
        if (!answer.IsSuccess)
        {
            throw backchannel.Failure(request, answer);
        }

        var document = ProviderDocument.TryParse(answer.Body, answer.ContentType) ?? throw ProviderFailure.Unreadable(request, answer);
        var root = document.RootElement;
        OAuth2GenericException? failure = null;
        if (root.ValueKind != JsonValueKind.Object)
        {
            failure = ProviderFailure.Content(request, answer, $"JSON that is not an object ({answer.Shape})");
        }
        else if (ProviderError.FromJson(root, request.Secrets) is { Error: not null } providerError)
        {
            // Some providers answer 200 with an error document (RFC 6749 §5.2 says 400): an error all the same.
            failure = ProviderFailure.Content(request, answer, "200 OK", providerError);
        }
        else if (ProviderJson.StringMember(root, "access_token") is not { Length: > 0 } token)
        {
            failure = ProviderFailure.Content(request, answer, "no access_token");
        }
        else if (token.AsSpan().ContainsAnyExceptInRange('\x20', '\x7E'))
        {
            // RFC 6749 Appendix A.12: a token is 1*VSCHAR. Anything else (CR, LF, non-ASCII) could forge headers of
            // the requests that carry it, or break them.
            failure = ProviderFailure.Content(request, answer, "an access_token with characters a token cannot contain");
        }

        if (failure is not null)
        {
            document.Dispose();
            throw failure;
        }

        return OAuthTokenResponse.Success(document);
    }
}
